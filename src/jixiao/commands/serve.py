"""``jixiao serve``: the 绩效自评 ribbon for Excel on the web and Microsoft 365 (xlwings Server)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

console = Console(stderr=True, soft_wrap=True)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_command(
    host: Annotated[
        str, typer.Option("--host", help="监听地址；默认只接受本机连接，对内网开放时填 0.0.0.0 或本机内网地址")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="端口")] = 8000,
    max_request_mb: Annotated[
        float | None,
        typer.Option("--max-request-mb", help="请求大小上限（MB），超过时拒绝（413）；默认 5，或取环境变量 JIXIAO_MAX_REQUEST_MB"),
    ] = None,
    ssl_certfile: Annotated[
        Path | None, typer.Option("--ssl-certfile", help="HTTPS 证书文件（PEM，含中间证书）")
    ] = None,
    ssl_keyfile: Annotated[
        Path | None, typer.Option("--ssl-keyfile", help="HTTPS 私钥文件（PEM）")
    ] = None,
) -> None:
    """启动 Office.js 加载项服务器（xlwings Server），供网页版 Excel 和 Microsoft 365 使用。"""
    if (ssl_certfile is None) != (ssl_keyfile is None):
        console.print("[red]错误：[/red]--ssl-certfile 和 --ssl-keyfile 必须同时指定。")
        raise typer.Exit(2)
    for path in (ssl_certfile, ssl_keyfile):
        if path is not None and not path.is_file():
            console.print(f"[red]错误：[/red]找不到文件：{escape(str(path))}")
            raise typer.Exit(2)

    from jixiao.serve import ServeError
    from jixiao.serve.app import LICENSE_ENV, NONCOMMERCIAL_KEY, build_app, max_request_bytes

    try:
        app = build_app(max_request_mb)
        limit = max_request_bytes(max_request_mb)
    except ServeError as error:
        console.print(f"[red]错误：[/red]{escape(str(error))}")
        raise typer.Exit(2) from None

    import uvicorn

    scheme = "https" if ssl_certfile else "http"
    shown = f"[{host}]" if ":" in host else host
    console.print(escape(f"绩效自评加载项服务器：{scheme}://{shown}:{port}/manifest.xml（清单）"))
    console.print(f"请求大小上限：{limit / (1024 * 1024):g} MB。按 Ctrl+C 停止。")
    if os.environ.get(LICENSE_ENV) == NONCOMMERCIAL_KEY:
        console.print(
            "许可：xlwings Server 部分按 PolyForm Noncommercial 1.0.0 使用（政府机关使用属许可用途）；"
            f"商业使用请购买 xlwings PRO 许可并设置 {LICENSE_ENV}。"
        )
    if not _is_loopback(host) and scheme == "http":
        console.print(
            "[yellow]注意：[/yellow]Excel 只加载 HTTPS 地址上的加载项。对内网开放时请用 "
            "--ssl-certfile/--ssl-keyfile，或放在提供 HTTPS 的反向代理之后（见 docs/officejs.md）。"
        )
    uvicorn.run(
        app,
        host=host,
        port=port,
        ssl_certfile=str(ssl_certfile) if ssl_certfile else None,
        ssl_keyfile=str(ssl_keyfile) if ssl_keyfile else None,
        server_header=False,
        log_level="info",
    )
