"""Install the add-in for the current user: built for this Python, copied to Excel's start folder.

Excel opens every workbook in its start folder (XLSTART) when it starts, and a start folder is
a trusted location, so the add-in's macros run without a prompt. The add-in is built at install
time with this interpreter and the folder of the entry module in its config sheet, so that the
buttons run the Python that has jixiao installed, wherever it lives.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from jixiao.addin.build import (
    ADDIN_FILE,
    ADDIN_NAME,
    XLWINGS_VERSION,
    AddinConfig,
    assets_dir,
    build_addin,
)

MAC_STARTUP = (
    "Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel"
)
MAC_SCRIPTS = "Library/Application Scripts/com.microsoft.Excel"
APPLESCRIPT = f"xlwings-{XLWINGS_VERSION}.applescript"


class ExcelUnavailable(Exception):
    """Excel (and so the add-in) does not exist on this operating system."""


def startup_folder(
    platform: str = sys.platform, env: Mapping[str, str] | None = None, home: Path | None = None
) -> Path:
    """Excel's per-user start folder on Windows and macOS."""
    env = os.environ if env is None else env
    if platform == "win32":
        appdata = env.get("APPDATA")
        if not appdata:
            raise ExcelUnavailable("找不到 APPDATA 文件夹，无法确定 Excel 的启动文件夹。")
        return Path(appdata) / "Microsoft" / "Excel" / "XLSTART"
    if platform == "darwin":
        return (home or Path.home()) / MAC_STARTUP
    raise ExcelUnavailable(
        "本机系统不能运行桌面版 Excel（绩效自评加载项只用于 Windows 和 macOS 上的 Excel）。"
        "如需把加载项文件交给其他电脑安装，请用 jixiao addin build --out 文件夹 生成。"
    )


def entry_module_dir() -> Path:
    """The folder holding ``jixiao_addin.py`` (installed next to jixiao, or the repo's addin/)."""
    spec = importlib.util.find_spec(ADDIN_NAME)
    if spec is not None and spec.origin:
        return Path(spec.origin).resolve().parent
    return assets_dir()


def interpreter(platform: str = sys.platform, executable: str = sys.executable) -> str:
    """The interpreter the buttons run: ``pythonw.exe`` on Windows, so no console flashes up."""
    path = Path(executable)
    if platform == "win32":
        windowless = path.with_name("pythonw.exe")
        if windowless.is_file():
            return str(windowless)
    return str(path)


def install_addin(
    folder: Path | None = None, *, platform: str = sys.platform, home: Path | None = None
) -> Path:
    """Build the add-in for this Python and copy it into ``folder`` (default: the start folder)."""
    target_dir = folder if folder is not None else startup_folder(platform, home=home)
    python = interpreter(platform)
    config = AddinConfig(
        interpreter_win=python if platform == "win32" else "",
        interpreter_mac=python if platform == "darwin" else "",
        pythonpath=str(entry_module_dir()),
    )
    with tempfile.TemporaryDirectory() as scratch:
        built = build_addin(Path(scratch), config)
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / ADDIN_FILE
        try:
            shutil.copyfile(built, target)
        except PermissionError as error:
            raise ExcelUnavailable(
                f"无法写入 {target}：加载项可能正被 Excel 使用，请先关闭 Excel 再安装。"
            ) from error
    if platform == "darwin":
        _install_applescript(home or Path.home())
    return target


def _install_applescript(home: Path) -> None:
    """RunPython on macOS goes through AppleScriptTask, which needs xlwings' script file."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        return
    source = Path(spec.origin).parent / APPLESCRIPT
    if source.is_file():
        scripts = home / MAC_SCRIPTS
        scripts.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, scripts / APPLESCRIPT)
