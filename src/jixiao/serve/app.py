"""Build the ASGI app: xlwings Server on our project folder, behind :class:`RequestGuard`.

xlwings Server reads its settings and finds the project's ``custom_scripts`` when
``xlwings_server`` is first imported, from the environment: so the environment is set here, before
that import, and an app for a different project folder cannot be built in the same process.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

from jixiao.serve import SCRIPTS, ServeError, project_dir
from jixiao.serve.limits import DEFAULT_MAX_REQUEST_MB, MB, ASGIApp, RequestGuard

LICENSE_ENV = "XLWINGS_LICENSE_KEY"
NONCOMMERCIAL_KEY = "noncommercial"
MAX_REQUEST_ENV = "JIXIAO_MAX_REQUEST_MB"


def max_request_bytes(megabytes: float | None = None) -> int:
    """The body limit: the argument, else ``JIXIAO_MAX_REQUEST_MB``, else 5 MB."""
    if megabytes is None:
        text = os.environ.get(MAX_REQUEST_ENV, "").strip()
        try:
            megabytes = float(text) if text else DEFAULT_MAX_REQUEST_MB
        except ValueError:
            raise ServeError(f"环境变量 {MAX_REQUEST_ENV} 应为数字（单位 MB），现在是“{text}”。") from None
    if not megabytes > 0:
        raise ServeError("请求大小上限必须大于 0 MB。")
    return int(megabytes * MB)


def configure_environment(project: Path) -> None:
    """What xlwings Server reads when first imported: our project folder and server mode."""
    os.environ["XLWINGS_PROJECT_DIR"] = str(project)
    os.environ["XLWINGS_ON_SERVER"] = "true"


def ensure_license_key() -> str:
    """The licence key in force; ``noncommercial`` when none is set.

    Called after xlwings Server has read its settings (it copies a key from a ``.env`` file into
    the environment) and before xlwings itself is imported: without a key xlwings drops its
    remote engine. ``noncommercial`` is the free key for the PolyForm Noncommercial licence,
    under which use by a government institution is permitted; a paid xlwings PRO key is kept.
    """
    return os.environ.setdefault(LICENSE_ENV, NONCOMMERCIAL_KEY)


def _loaded_scripts() -> Any:
    """The ``custom_scripts`` module xlwings Server imported (it falls back to its own examples
    when ours fails to import with ModuleNotFoundError)."""
    router = importlib.import_module("xlwings_server.routers.xlwings")
    return router.custom_scripts


def build_app(max_request_mb: float | None = None) -> ASGIApp:
    """The app ``jixiao serve`` runs and the tests call; importing xlwings Server happens here."""
    limit = max_request_bytes(max_request_mb)
    project = project_dir()
    configure_environment(project)
    try:
        importlib.import_module("xlwings_server.config")
        ensure_license_key()
        main = importlib.import_module("xlwings_server.main")
        server = importlib.import_module("xlwings.server")
    except ModuleNotFoundError as error:
        raise ServeError(
            "没有安装 xlwings Server。请用 pip install \"jixiao[server]\" 安装后再运行 jixiao serve。"
        ) from error
    except Exception as error:
        if type(error).__name__ != "LicenseError":  # xlwings.LicenseError, raised on import
            raise
        raise ServeError(
            f"xlwings 许可证密钥无效（{LICENSE_ENV}）：{str(error).rstrip('.')}。非商业使用（例如政府机关）可设为 noncommercial。"
        ) from None
    loaded = Path(str(main.PROJECT_DIR)).resolve()
    if loaded != project.resolve():
        raise ServeError(f"xlwings Server 已按另一个项目文件夹启动：{loaded}。")
    scripts = _loaded_scripts()
    names = {entry["function_name"] for entry in server.custom_scripts_meta(scripts)}
    if names != set(SCRIPTS):
        origin = getattr(scripts, "__file__", "?")
        raise ServeError(f"加载项的脚本没有正确加载（{origin}）：{sorted(names)}。")
    return RequestGuard(main.main_app, max_body=limit, scripts=SCRIPTS)
