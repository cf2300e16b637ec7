"""``jixiao recalc``: write computed values, marks and the 校验结果 sheet into a workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from jixiao.errors import UserError
from jixiao.pipeline import analyse_file
from jixiao.plan import Mode
from jixiao.profile import UnknownProfileError
from jixiao.writers.openpyxl_writer import apply_plan
from jixiao.writers.safe_save import content_openpyxl_drops, save_atomically

console = Console(stderr=True)


def recalc_file(
    source: Path, *, out: Path | None, in_place: bool, profile: str | None,
    mode: Mode = Mode.RECALC,
) -> tuple[str, Path, Path | None]:
    """Recalculate ``source`` into ``out`` (or in place); returns (summary, written, backup)."""
    from openpyxl import load_workbook

    if (out is None) == (not in_place):
        raise UserError("请指定 --out 输出文件，或用 --in-place 直接改写原文件（会保留备份）。")
    if not source.is_file():
        raise UserError(f"找不到文件：{source}")
    if source.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UserError(f"只能重新计算 .xlsx 或 .xlsm 文件：{source.name}")
    target = source if in_place else out
    assert target is not None
    if in_place:
        lost = content_openpyxl_drops(source)
        if lost:
            raise UserError(
                f"“{source.name}”含有{'、'.join(lost)}，直接改写会丢失这些内容。"
                "请改用 --out 另存一份。"
            )
    try:
        analysis = analyse_file(source, profile)
    except UnknownProfileError as error:
        raise UserError(str(error)) from error
    plan = analysis.plan(mode)
    workbook = load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm", rich_text=True)
    apply_plan(workbook, plan)
    backup = save_atomically(workbook, target, keep_backup=in_place)
    return plan.summary, target, backup


def recalc_command(
    file: Annotated[Path, typer.Argument(help="要重新计算的工作簿（.xlsx/.xlsm）")],
    out: Annotated[Path | None, typer.Option("--out", help="写入另一个文件")] = None,
    in_place: Annotated[
        bool, typer.Option("--in-place", help="直接改写原文件（先在同目录保留备份）")
    ] = False,
    profile: Annotated[str | None, typer.Option("--profile", help="评分口径")] = None,
    validate_only: Annotated[
        bool, typer.Option("--validate-only", help="仅校验：只做标记，不改写任何数值")
    ] = False,
) -> None:
    """重新计算控制率、执行率和得分，标记问题并生成“校验结果”工作表。"""
    mode = Mode.VALIDATE if validate_only else Mode.RECALC
    try:
        summary, written, backup = recalc_file(
            file, out=out, in_place=in_place, profile=profile, mode=mode
        )
    except UserError as error:
        console.print(f"[red]错误：[/red]{error}")
        raise typer.Exit(2) from None
    console.print(f"已写入 {written}。{summary}")
    if backup is not None:
        console.print(f"原文件已备份为 {backup}。")
