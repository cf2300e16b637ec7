"""``jixiao template``: the year's empty annex workbook for a finance bureau to send out."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from jixiao.profile import UnknownProfileError, load_profile
from jixiao.template.builder import build_template
from jixiao.template.save import save_workbook

FIRST_YEAR, LAST_YEAR = 2000, 2100


def template_filename(year: int) -> str:
    """The file name ``jixiao template`` writes."""
    return f"部门整体支出绩效自评附件-{year}.xlsx"


def template_command(
    year: int = typer.Option(..., "--year", help="自评年度，如 2024。"),
    profile: str = typer.Option(
        "national", "--profile", help="评分口径：national（默认）或 integer-floor。"
    ),
    out: Path = typer.Option(..., "--out", help="输出目录；不存在时自动创建。"),  # noqa: B008
) -> None:
    """生成附件1、附件2、附件3模板（年度和评分口径写入模板）。"""
    console = Console()
    error = Console(stderr=True)
    try:
        load_profile(profile)
    except UnknownProfileError as problem:
        error.print(f"[red]错误：[/red]{escape(str(problem))}")
        raise typer.Exit(code=2) from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        error.print(f"[red]错误：[/red]年度 {year} 不在 {FIRST_YEAR}—{LAST_YEAR} 之间。")
        raise typer.Exit(code=2)
    if out.exists() and not out.is_dir():
        error.print(f"[red]错误：[/red]输出位置“{escape(str(out))}”是文件，不是目录。")
        raise typer.Exit(code=2)
    out.mkdir(parents=True, exist_ok=True)
    path = out / template_filename(year)
    save_workbook(build_template(year=year, profile=profile), path)
    console.print(f"已生成模板：{escape(str(path))}", soft_wrap=True)
    console.print(f"年度 {year}，评分口径 {escape(profile)}。", soft_wrap=True)
    console.print(
        "包含附件1 基础数据表、附件2 部门整体支出绩效自评表、附件3 项目支出绩效自评表"
        "（每个项目一张，可用“新增项目表”添加）。",
        soft_wrap=True,
    )
