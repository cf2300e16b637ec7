"""``jixiao addin build`` and ``jixiao addin install``: the 绩效自评 Excel add-in."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console(stderr=True)

addin_app = typer.Typer(
    name="addin",
    help="Excel 加载项：在 Excel 中增加“绩效自评”选项卡。",
    no_args_is_help=True,
    add_completion=False,
)


@addin_app.command("build")
def build_command(
    out: Annotated[Path, typer.Option("--out", help="把 jixiao_addin.xlam 写到这个文件夹")],
    interpreter_win: Annotated[
        str, typer.Option("--interpreter-win", help="Windows 上运行的 Python（默认：PATH 中的 python）")
    ] = "",
    interpreter_mac: Annotated[
        str, typer.Option("--interpreter-mac", help="macOS 上运行的 Python（默认：PATH 中的 python）")
    ] = "",
    pythonpath: Annotated[
        str, typer.Option("--pythonpath", help="jixiao_addin.py 所在的文件夹（可用 %LOCALAPPDATA% 等变量）")
    ] = "",
) -> None:
    """生成 jixiao_addin.xlam（不需要 Excel）。"""
    from jixiao.addin.build import AddinBuildError, AddinConfig, build_addin

    config = AddinConfig(interpreter_win, interpreter_mac, pythonpath)
    try:
        path = build_addin(out, config)
    except AddinBuildError as error:
        console.print(f"[red]错误：[/red]{error}")
        raise typer.Exit(2) from None
    console.print(f"已生成 {path}。")


@addin_app.command("install")
def install_command(
    folder: Annotated[
        Path | None,
        typer.Option("--dir", help="安装到这个文件夹（默认：Excel 的启动文件夹 XLSTART）"),
    ] = None,
) -> None:
    """为当前用户安装加载项：用本机这个 Python 生成，并复制到 Excel 的启动文件夹。"""
    from jixiao.addin.build import AddinBuildError
    from jixiao.addin.install import ExcelUnavailable, install_addin, startup_folder

    try:
        startup_folder(sys.platform)  # refuse where there is no Excel, whatever --dir says
        path = install_addin(folder)
    except (ExcelUnavailable, AddinBuildError) as error:
        console.print(f"[red]错误：[/red]{error}")
        raise typer.Exit(2) from None
    console.print(f"已安装 {path}。请重新启动 Excel，功能区中会出现“绩效自评”选项卡。")
