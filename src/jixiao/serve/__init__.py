"""``jixiao serve``: the 绩效自评 ribbon for Excel on the web and Microsoft 365 (xlwings Server).

The xlwings Server parts are PolyForm Noncommercial / xlwings PRO code: only this package imports
them, and nothing on the headless path (``jixiao check``, ``jixiao recalc``) imports this package.
"""

from __future__ import annotations

from pathlib import Path

SCRIPTS = ("recalc", "validate", "clear_marks")
"""The ribbon's ExecuteFunction names, which are also the xlwings Server script names."""


class ServeError(Exception):
    """The server cannot start; ``str(error)`` is the Chinese explanation."""


def project_dir() -> Path:
    """The xlwings-server project folder: in the wheel, or ``addin/officejs`` in the repo."""
    here = Path(__file__).resolve()
    for candidate in (here.parent / "officejs", here.parents[3] / "addin" / "officejs"):
        if (candidate / "custom_scripts" / "__init__.py").is_file():
            return candidate
    raise ServeError("找不到 Office.js 加载项的项目文件夹（addin/officejs）。请重新安装 jixiao。")
