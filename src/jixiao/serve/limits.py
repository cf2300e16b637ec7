"""An ASGI wrapper in front of xlwings Server: request size and script names (spec §9).

xlwings Server reads a whole request body into memory and turns the name in
``/xlwings/custom-scripts-call/<name>`` into an attribute lookup on the scripts module. This
wrapper refuses bodies above a limit (413) before the app reads them, and names that are not our
scripts (404), with messages in Chinese that the add-in's error dialog shows (``detail``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MB = 1024 * 1024
DEFAULT_MAX_REQUEST_MB = 5.0
_SCRIPT_CALL = re.compile(r"/xlwings/custom-scripts-call/([^/]*)/?$")


def too_large_message(limit: int) -> str:
    return (
        f"请求过大（超过 {limit / MB:g} MB），服务器已拒绝。"
        "请确认打开的是附件工作簿；如确需处理更大的工作簿，请联系管理员调高 JIXIAO_MAX_REQUEST_MB。"
    )


def unknown_script_message(name: str) -> str:
    return f"未知的操作：{name}。请让管理员重新部署绩效自评加载项的清单（manifest.xml）。"


class RequestGuard:
    """Refuse oversized bodies and unknown script names; pass everything else through."""

    def __init__(self, app: ASGIApp, *, max_body: int, scripts: Iterable[str]) -> None:
        self.app = app
        self.max_body = max_body
        self.scripts = frozenset(scripts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        match = _SCRIPT_CALL.search(str(scope.get("path", "")))
        if match is not None and match.group(1) not in self.scripts:
            await _refuse(send, 404, unknown_script_message(match.group(1)[:80]))
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            if declared <= self.drain_limit:
                await _drain(receive, self.drain_limit)
            await _refuse(send, 413, too_large_message(self.max_body))
            return
        body = bytearray()
        while True:  # read the body here, so no more than the limit is ever held
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            if len(body) > self.max_body:
                if message.get("more_body", False):
                    await _drain(receive, self.drain_limit - len(body))
                await _refuse(send, 413, too_large_message(self.max_body))
                return
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(bytes(body), receive), send)

    @property
    def drain_limit(self) -> int:
        """How much of a refused body is read and dropped before answering: a browser that is
        still uploading when the server answers and closes reports a network error instead of
        the message. Beyond this the connection is simply closed."""
        return max(4 * self.max_body, 32 * MB)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _drain(receive: Receive, budget: int) -> None:
    """Read and drop the rest of a body, at most ``budget`` bytes."""
    while budget > 0:
        message = await receive()
        if message["type"] != "http.request":
            return
        budget -= len(message.get("body", b""))
        if not message.get("more_body", False):
            return


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the app the body already read, then waits for a disconnect."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _refuse(send: Send, status: int, detail: str) -> None:
    payload = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"content-length", str(len(payload)).encode()),
            (b"connection", b"close"),
        ],
    })
    await send({"type": "http.response.body", "body": payload})
