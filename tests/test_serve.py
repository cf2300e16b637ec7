"""``jixiao serve``: the 绩效自评 ribbon on Excel on the web / Microsoft 365 through xlwings Server.

Payloads are built from the sample workbooks as the Office.js client builds them
(``xlwings_remote.payload_from_xlsx``), posted with FastAPI's TestClient to each script endpoint,
and the returned actions are replayed into openpyxl. The reference is the desktop add-in's code
path, ``jixiao.xl.commands.dispatch``, run on xlwings' remote engine over the same payload.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from xlwings_remote import Replay, payload_from_xlsx, run_remote

from jixiao.layout import META_SHEET, RESULTS_SHEET
from jixiao.writers.openpyxl_writer import fill_color
from jixiao.xl import commands

if importlib.util.find_spec("xlwings_server") is None:  # importing it would fix its settings
    pytest.skip("xlwings-server is not installed", allow_module_level=True)

from jixiao.serve import SCRIPTS, project_dir
from jixiao.serve.app import build_app
from jixiao.serve.limits import MB, RequestGuard
from jixiao.serve.scripts import NO_NOTES, NO_NOTES_CLEAR

with warnings.catch_warnings():  # starlette's TestClient still uses httpx and says so
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_workbooks"
MAIN_SAMPLE = SAMPLES / "株洲市科学技术局-2024.xlsx"
MISSING_REASON = SAMPLES / "有问题的示例" / "缺少偏差原因.xlsx"
PROJECT = ROOT / "addin" / "officejs"
NS = {
    "o": "http://schemas.microsoft.com/office/appforoffice/1.1",
    "v": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
    "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
LABELS = {"recalc": "重新计算", "validate": "仅校验", "clear_marks": "清除标记"}


def _samples() -> list[Path]:
    found = [MAIN_SAMPLE, *sorted((SAMPLES / "有问题的示例").glob("*.xlsx"))]
    return [path for path in found if path.exists()]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(build_app()) as test_client:
        yield test_client


def _call(client: TestClient, script: str, payload: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.post(f"/xlwings/custom-scripts-call/{script}", json=payload)
    assert response.status_code == 200, response.text
    actions: list[dict[str, Any]] = response.json()["actions"]
    return actions


def _replay(path: Path, actions: list[dict[str, Any]], out: Path | None = None) -> Replay:
    replay = Replay(load_workbook(path, rich_text=True))
    for action in actions:
        replay.apply(action)
    if out is not None:
        replay.workbook.save(out)
    return replay



def _snapshot(workbook: Workbook, *, notes: bool = True) -> dict[str, Any]:
    """Every non-empty cell of every sheet: value, fill, number format and note text."""
    cells = {}
    for sheet in workbook.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                note = cell.comment.text if cell.comment is not None and notes else None
                if cell.value is not None or fill_color(cell) or note:
                    key = (sheet.title, cell.coordinate)
                    cells[key] = (cell.value, fill_color(cell), cell.number_format, note)
    states = [(sheet.title, sheet.sheet_state) for sheet in workbook.worksheets]
    return {"sheets": states, "cells": cells}


def _no_notes(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload of a client without ExcelApi 1.18, as xlwings-server's getBookData sends it:
    ``notes_supported`` false and no note addresses."""
    changed = copy.deepcopy(payload)
    for sheet in changed["sheets"]:
        sheet["notes_supported"] = False
        sheet["notes"] = []
    return changed


def _marked(workbook: Workbook) -> dict[tuple[str, str], str]:
    if META_SHEET not in workbook.sheetnames:
        return {}
    return {
        (str(row[1]), str(row[2])): str(row[4] or "")
        for row in workbook[META_SHEET].iter_rows(max_col=5, values_only=True)
        if row[0] == "marked" and row[1]
    }


# ---------------------------------------------------------------------------------------------
# The scripts give what the desktop add-in's code gives


@pytest.mark.parametrize("script", ["recalc", "validate"])
@pytest.mark.parametrize("path", _samples(), ids=lambda path: path.stem)
def test_script_matches_the_desktop_route(client: TestClient, path: Path, script: str) -> None:
    actions = _call(client, script, payload_from_xlsx(path))
    direct = run_remote(lambda book: commands.dispatch(book, script), path)
    assert actions == direct.actions
    served = _replay(path, actions)
    assert _snapshot(served.workbook) == _snapshot(direct.workbook)
    assert served.alerts == direct.alerts and len(served.alerts) == 1
    assert RESULTS_SHEET in served.workbook.sheetnames


@pytest.mark.parametrize("path", _samples(), ids=lambda path: path.stem)
def test_clear_marks_matches_the_desktop_route(
    client: TestClient, path: Path, tmp_path: Path
) -> None:
    marked = tmp_path / "marked.xlsx"
    _replay(path, _call(client, "recalc", payload_from_xlsx(path)), out=marked)
    actions = _call(client, "clear_marks", payload_from_xlsx(marked))
    direct = run_remote(lambda book: commands.dispatch(book, "clear_marks"), marked)
    assert actions == direct.actions
    cleared = _replay(marked, actions)
    assert _snapshot(cleared.workbook) == _snapshot(direct.workbook)
    assert RESULTS_SHEET not in cleared.workbook.sheetnames and _marked(cleared.workbook) == {}


def test_recalc_marks_the_missing_reason(client: TestClient) -> None:
    """One concrete case end to end: the values, the mark, the note and the alert."""
    served = _replay(MISSING_REASON, _call(client, "recalc", payload_from_xlsx(MISSING_REASON)))
    book = served.workbook
    assert book["附件1"]["F4"].value == pytest.approx(0.8205)
    reason = book["附件2"]["I25"]
    assert fill_color(reason) == "FFC7CE" and reason.comment is not None
    assert reason.comment.text.startswith("【jixiao】错误")
    assert served.alerts[0].startswith("发现 1 个错误")


# ---------------------------------------------------------------------------------------------
# Clients without the notes API (ExcelApi 1.18)


def test_without_notes_marks_with_fills_and_results_only(client: TestClient) -> None:
    payload = payload_from_xlsx(MISSING_REASON)
    with_notes = _replay(MISSING_REASON, _call(client, "recalc", payload))
    actions = _call(client, "recalc", _no_notes(payload))
    assert not any(action["func"] in ("addNote", "deleteNote") for action in actions)
    without = _replay(MISSING_REASON, actions)
    shown, expected = _snapshot(without.workbook), _snapshot(with_notes.workbook, notes=False)
    for snapshot in (shown, expected):  # _jixiao differs: its flags say no note was written
        snapshot["cells"] = {k: v for k, v in snapshot["cells"].items() if k[0] != META_SHEET}
    assert shown == expected
    assert not any(note for *_, note in _snapshot(without.workbook)["cells"].values())
    assert without.alerts == [f"{with_notes.alerts[0]}\n{NO_NOTES}"]
    flags = _marked(without.workbook)
    assert flags[("附件2", "I25")] == "fill"
    assert set(flags.values()) == {"fill"}  # infos leave nothing on the cell, so no record


def test_notes_left_by_a_capable_client_survive_and_are_cleared_later(
    client: TestClient, tmp_path: Path
) -> None:
    """Marked on Microsoft 365 (notes), re-run and cleared on Office 2021 (no notes): the tool's
    notes stay recorded, so the next run on a client with notes removes them."""
    first = tmp_path / "m365.xlsx"
    _replay(MISSING_REASON, _call(client, "recalc", payload_from_xlsx(MISSING_REASON)), out=first)
    noted = {key for key, (*_, note) in _snapshot(load_workbook(first))["cells"].items() if note}
    assert ("附件2", "I25") in noted

    again = tmp_path / "office2021-recalc.xlsx"
    _replay(first, _call(client, "recalc", _no_notes(payload_from_xlsx(first))), out=again)
    assert {k for k, flags in _marked(load_workbook(again)).items() if "note" in flags} == {
        (sheet, cell) for sheet, cell in noted
    }

    cleared_path = tmp_path / "office2021-clear.xlsx"
    actions = _call(client, "clear_marks", _no_notes(payload_from_xlsx(again)))
    cleared = _replay(again, actions, out=cleared_path)
    assert cleared.alerts[0].endswith(NO_NOTES_CLEAR)
    assert RESULTS_SHEET not in cleared.workbook.sheetnames
    assert set(_marked(cleared.workbook).values()) == {"note"}
    assert fill_color(cleared.workbook["附件2"]["I25"]) == "EEF4FB"  # the fill is restored already

    # Back on Microsoft 365: the replay would raise if a note were added where one exists.
    final = _replay(cleared_path, _call(client, "clear_marks", payload_from_xlsx(cleared_path)))
    cells = _snapshot(final.workbook)["cells"]
    assert not any(note for *_, note in cells.values())
    assert _marked(final.workbook) == {}
    original = _snapshot(load_workbook(MISSING_REASON))["cells"]
    annex = [key for key in original if key[0] not in (META_SHEET, RESULTS_SHEET)]
    assert {key: cells[key][1] for key in annex} == {key: original[key][1] for key in annex}


# ---------------------------------------------------------------------------------------------
# The manifest, ribbon.js and what the server serves


def _manifest(client: TestClient) -> ET.Element:
    response = client.get("/manifest.xml")
    assert response.status_code == 200
    return ET.fromstring(response.text)


def _associations() -> dict[str, str]:
    """FunctionName → script name, from the ``Office.actions.associate`` calls in ribbon.js."""
    source = (PROJECT / "static" / "js" / "ribbon.js").read_text(encoding="utf-8")
    pairs = re.findall(r'Office\.actions\.associate\("([^"]+)",\s*jixiaoButton\("([^"]+)"\)\)', source)
    assert source.count("Office.actions.associate(") == len(pairs)
    return dict(pairs)


def test_manifest_buttons_are_associated_and_registered(client: TestClient) -> None:
    root = _manifest(client)
    strings = {
        node.get("id"): node.get("DefaultValue")
        for node in root.iterfind(".//bt:ShortStrings/bt:String", NS)
    }
    buttons = {}
    for control in root.iterfind(".//v:Control", NS):
        action = control.find("v:Action", NS)
        assert action is not None
        label = control.find("v:Label", NS)
        assert label is not None
        if action.get(f"{{{NS['xsi']}}}type") == "ExecuteFunction":
            name = action.findtext("v:FunctionName", namespaces=NS)
            assert name is not None
            buttons[name] = strings[label.get("resid")]
    registered = {
        entry["function_name"] for entry in client.get("/xlwings/custom-scripts-meta.json").json()
    }
    associations = _associations()
    assert buttons == LABELS
    assert set(buttons) == set(associations) == set(SCRIPTS)
    assert all(associations[name] == name for name in buttons)  # each runs its own script
    assert set(associations.values()) <= registered
    assert registered == set(SCRIPTS)
    tab = root.find(".//v:CustomTab/v:Label", NS)
    assert tab is not None and strings[tab.get("resid")] == "绩效自评"
    assert root.findtext("o:DefaultLocale", namespaces=NS) == "zh-CN"
    assert root.findtext("o:Id", namespaces=NS) == "f659cb99-aa7f-4d0e-9555-f8338123829f"


def test_manifest_points_only_at_this_server(client: TestClient) -> None:
    text = client.get("/manifest.xml").text
    urls = re.findall(r'(?:DefaultValue="|<AppDomain>)(https?://[^"<]+)', text)
    assert urls and all(url.startswith("http://testserver/") or url == "http://testserver"
                        for url in urls), urls
    assert "xlwings.org" not in text
    for url in urls:
        path = url.removeprefix("http://testserver") or "/"
        response = client.get(path)
        assert response.status_code == 200, url
        if path.endswith(".png"):
            assert response.headers["content-type"] == "image/png"
            assert response.content.startswith(b"\x89PNG")


def test_taskpane_loads_everything_from_this_server(client: TestClient) -> None:
    response = client.get("/taskpane.html")
    assert response.status_code == 200
    refs = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert "/static/vendor/office-js/16.0.20308.15050/dist/office.js" in refs
    assert "/static/js/ribbon.js" in refs and "/static/js/findings.js" in refs
    for ref in refs:
        assert ref.startswith("/static/"), ref  # no CDN, no other host
        assert client.get(ref).status_code == 200, ref
    served = client.get("/static/js/ribbon.js").text
    assert served == (PROJECT / "static" / "js" / "ribbon.js").read_text(encoding="utf-8")
    for label in LABELS.values():
        assert label in response.text


def test_ribbon_js_under_node() -> None:
    """tests/js/ribbon.test.mjs: ribbon.js and findings.js against a fake Office, Excel and
    xlwings.runPython (node --test)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    result = subprocess.run(
        [node, "--test", str(ROOT / "tests" / "js" / "ribbon.test.mjs")],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^# fail 0$", result.stdout, re.M), result.stdout
    assert not re.search(r"^# pass 0$", result.stdout, re.M), result.stdout


def test_project_folder_is_the_one_served() -> None:
    assert project_dir() == PROJECT
    assert not (PROJECT / ".env").exists()  # settings come from the environment, never shipped


# ---------------------------------------------------------------------------------------------
# Request limits


def test_oversized_request_is_refused_in_chinese(client: TestClient) -> None:
    response = client.post(
        "/xlwings/custom-scripts-call/recalc", content=b"x" * (5 * MB + 1),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert "请求过大" in response.json()["detail"]


def test_unknown_script_is_refused(client: TestClient) -> None:
    payload = payload_from_xlsx(MISSING_REASON)
    for name in ("add_project", "run_button", "__init__", "read_book"):
        response = client.post(f"/xlwings/custom-scripts-call/{name}", json=payload)
        assert response.status_code == 404, name
        assert "未知的操作" in response.json()["detail"]


async def _asgi(
    guard: RequestGuard, chunks: list[bytes], headers: list[tuple[bytes, bytes]]
) -> tuple[int, bytes, bytes, int]:
    """Call the guard as a server would, the body in chunks; returns the status, the response
    body, what the app was given, and how many chunks were never read."""
    seen = bytearray()
    sent: list[dict[str, Any]] = []
    pending = [
        {"type": "http.request", "body": chunk, "more_body": index < len(chunks) - 1}
        for index, chunk in enumerate(chunks)
    ]

    async def app(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        seen.extend(message["body"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def receive() -> dict[str, Any]:
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    guard.app = app
    scope = {"type": "http", "method": "POST", "path": "/xlwings/custom-scripts-call/recalc",
             "headers": headers}
    await guard(scope, receive, send)
    status = int(sent[0]["status"])
    return status, b"".join(m.get("body", b"") for m in sent[1:]), bytes(seen), len(pending)


def test_guard_counts_a_body_without_content_length() -> None:
    import asyncio

    async def never(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("replaced in _asgi")

    guard = RequestGuard(never, max_body=100, scripts=SCRIPTS)
    status, body, seen, unread = asyncio.run(_asgi(guard, [b"a" * 60, b"b" * 60], []))
    assert status == 413 and seen == b"" and unread == 0
    assert "请求过大" in json.loads(body)["detail"]
    status, body, seen, _ = asyncio.run(_asgi(guard, [b"a" * 50, b"b" * 50], []))
    assert (status, body, seen) == (200, b"ok", b"a" * 50 + b"b" * 50)
    # refused early, but the rest of the upload is read so that a browser sees the answer
    status, _, seen, unread = asyncio.run(_asgi(guard, [b"a" * 101, b"b", b"c"], []))
    assert (status, seen, unread) == (413, b"", 0)
    declared = [(b"content-length", b"102")]
    status, _, seen, unread = asyncio.run(_asgi(guard, [b"a" * 51, b"b" * 51], declared))
    assert (status, seen, unread) == (413, b"", 0)
    # ... up to a point: a huge declared body is refused without reading it
    huge = [(b"content-length", str(64 * MB).encode())]
    status, _, seen, unread = asyncio.run(_asgi(guard, [b"a", b"b"], huge))
    assert (status, seen, unread) == (413, b"", 2)


# ---------------------------------------------------------------------------------------------
# The headless path, and `jixiao serve` as a user starts it


def test_headless_path_imports_no_server_code(tmp_path: Path) -> None:
    """jixiao check and jixiao recalc never import xlwings Server or xlwings PRO code."""
    code = (
        "import sys\n"
        "from jixiao.cli import main\n"
        f"for argv in (['jixiao', 'check', {str(MISSING_REASON)!r}, '--jobs', '1'],\n"
        f"             ['jixiao', 'recalc', {str(MISSING_REASON)!r}, '--out', {str(tmp_path / 'o.xlsx')!r}]):\n"
        "    sys.argv = argv\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "bad = [m for m in sys.modules if m.startswith(('xlwings_server', 'xlwings.pro', "
        "'xlwings.server', 'jixiao.serve', 'fastapi', 'uvicorn'))]\n"
        "print('IMPORTED:' + ','.join(sorted(bad)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, cwd=tmp_path)
    assert "IMPORTED:" in result.stdout, result.stderr
    assert result.stdout.strip().endswith("IMPORTED:"), result.stdout
    assert (tmp_path / "o.xlsx").exists()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _listening(port: int) -> set[str]:
    """Local addresses listening on ``port`` (Linux, from /proc/net/tcp and tcp6)."""
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, _, hex_port = fields[1].partition(":")
            if int(hex_port, 16) == port and fields[3] == "0A":
                found.add(address)
    return found


def _user_env() -> dict[str, str]:
    """The environment of a new user: nothing of xlwings' or of these tests' settings."""
    return {key: value for key, value in os.environ.items()
            if not key.startswith(("XLWINGS_", "JIXIAO_", "DOTENV_"))}


def _jixiao() -> list[str]:
    script = Path(sys.executable).with_name("jixiao")
    return [str(script)] if script.exists() else [sys.executable, "-m", "jixiao"]


def test_serve_starts_on_loopback_and_refuses_large_bodies(tmp_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*_jixiao(), "serve", "--port", str(port), "--max-request-mb", "1"],
            stdout=output, stderr=subprocess.STDOUT, env=_user_env(), cwd=tmp_path,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        manifest = ""
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail("jixiao serve exited: " + log.read_text(encoding="utf-8"))
            try:
                with urllib.request.urlopen(f"{base}/manifest.xml", timeout=5) as response:
                    manifest = response.read().decode("utf-8")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        assert "<FunctionName>recalc</FunctionName>" in manifest, log.read_text(encoding="utf-8")
        assert f"{base}/taskpane.html" in manifest

        if sys.platform.startswith("linux"):
            assert _listening(port) == {"0100007F"}  # 127.0.0.1 only

        payload = json.dumps(payload_from_xlsx(MISSING_REASON)).encode("utf-8")
        request = urllib.request.Request(
            f"{base}/xlwings/custom-scripts-call/recalc", data=payload,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            actions = json.loads(response.read())["actions"]
        assert any(action["func"] == "addNote" for action in actions)

        request = urllib.request.Request(
            f"{base}/xlwings/custom-scripts-call/recalc", data=b" " * (MB + 1),
            headers={"Content-Type": "application/json"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=60)
        assert refused.value.code == 413
        assert "请求过大（超过 1 MB）" in json.loads(refused.value.read())["detail"]
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)
    text = log.read_text(encoding="utf-8")
    assert "127.0.0.1" in text and "PolyForm Noncommercial" in text


def test_serve_refuses_half_a_certificate(tmp_path: Path) -> None:
    result = subprocess.run(
        [*_jixiao(), "serve", "--ssl-certfile", str(tmp_path / "cert.pem")],
        capture_output=True, text=True, timeout=60, env=_user_env(),
    )
    assert result.returncode == 2
    assert "必须同时指定" in result.stderr and "Traceback" not in result.stderr


def test_serve_refuses_a_bad_limit() -> None:
    env = {**_user_env(), "JIXIAO_MAX_REQUEST_MB": "很多"}
    result = subprocess.run([*_jixiao(), "serve"], capture_output=True, text=True,
                            timeout=60, env=env)
    assert result.returncode == 2
    assert "JIXIAO_MAX_REQUEST_MB" in result.stderr and "Traceback" not in result.stderr
