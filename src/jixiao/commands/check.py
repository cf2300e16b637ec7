"""``jixiao check``: validate a folder of returned workbooks without ever writing to them."""

from __future__ import annotations

import os
import traceback
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from jixiao.batch import (
    BatchResult,
    CheckTask,
    Status,
    WorkbookResult,
    default_jobs,
    plan_batch,
    run_batch,
)
from jixiao.errors import UserError
from jixiao.findings import Severity
from jixiao.messages import RULES

# Piped output is not wrapped at 80 columns: file names are long and a log has room.
console = Console(width=None if Console().is_terminal else 200)
errors = Console(stderr=True, width=None if Console(stderr=True).is_terminal else 200)

_STATUS_STYLES = {Status.OK: "green", Status.FINDINGS: "yellow", Status.UNREADABLE: "red"}
_UNREADABLE_PREFIX = RULES["file-unreadable"].template.split("{", 1)[0]  # 无法读取此文件：
_OUR_SHEETS = (["汇总", "问题清单"], ["指标明细"])  # a report or export from an earlier run


class FailOn(StrEnum):
    """The lowest severity that makes the exit code 1."""

    ERROR = "error"
    WARNING = "warning"
    NEVER = "never"


def exit_code(batch: BatchResult, fail_on: FailOn) -> int:
    """0 when nothing reaches ``fail_on``, else 1."""
    totals = batch.totals
    if fail_on is FailOn.NEVER:
        return 0
    failing = totals[Severity.ERROR]
    if fail_on is FailOn.WARNING:
        failing += totals[Severity.WARNING]
    return 1 if failing else 0


# --------------------------------------------------------------------------- outputs


def _check_writable(path: Path, option: str, *, folder: bool = False) -> None:
    """Refuse an output we will not be able to write before checking hundreds of files."""
    if path.exists() and path.is_dir() != folder:
        kind = "文件" if folder else "文件夹"
        raise UserError(f"{option} 指定的“{path}”是一个{kind}。")
    ancestor = Path(os.path.abspath(path))
    if not folder:
        ancestor = ancestor.parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise UserError(f"无法写入 {option} 指定的“{path}”：“{ancestor}”不是文件夹。")
    if not os.access(ancestor, os.W_OK):
        raise UserError(f"无法写入 {option} 指定的“{path}”：没有写入“{ancestor}”的权限。")


def _is_our_output(path: Path) -> bool:
    """A report or export an earlier run wrote (so it may be overwritten and is not checked)."""
    if path.suffix.lower() != ".xlsx":
        return False
    try:
        import python_calamine

        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            return list(workbook.sheet_names) in _OUR_SHEETS
        finally:
            workbook.close()
    except Exception:
        return False


def _guard_outputs(paths: list[Path], outputs: list[tuple[Path, str]]) -> None:
    """An output file must never be one of the workbooks being checked."""
    explicit = {os.path.realpath(path) for path in paths if path.is_file()}
    for output, option in outputs:
        real = os.path.realpath(output)
        named = real in explicit
        if named or (output.is_file() and output.suffix.lower() in (".xlsx", ".xlsm", ".xls")
                     and not _is_our_output(output)
                     and any(real.startswith(os.path.realpath(p) + os.sep)
                             for p in paths if p.is_dir())):
            raise UserError(
                f"{option} 指定的“{output}”是一个待检查的工作簿，不能覆盖。请换一个文件名。"
            )


def _write_outputs(
    batch: BatchResult, *, json_path: Path | None, report: Path | None, export: Path | None
) -> list[str]:
    """Write the requested reports; returns the lines that tell the user where they are."""
    lines: list[str] = []
    steps: list[tuple[Path | None, str, Callable[[Path], str]]] = []
    if json_path is not None:
        from jixiao.reports.json_report import write_json_report

        def _json(path: Path) -> str:
            write_json_report(batch, path)
            return f"JSON 报告：{path}"

        steps.append((json_path, "--json", _json))
    if report is not None:
        from jixiao.reports.xlsx_report import write_xlsx_report

        def _report(path: Path) -> str:
            write_xlsx_report(batch, path)
            return f"审核报告：{path}（“汇总”和“问题清单”两张表）"

        steps.append((report, "--report", _report))
    if export is not None:
        from jixiao.reports.export import write_export

        def _export(path: Path) -> str:
            rows = write_export(batch, path)
            return f"指标明细：{path}（{rows} 行）"

        steps.append((export, "--export", _export))
    for path, option, write in steps:
        assert path is not None
        try:
            lines.append(write(path))
        except OSError as error:
            raise UserError(f"无法写入 {option} 指定的“{path}”：{error.strerror or error}") from error
    return lines


# --------------------------------------------------------------------------- terminal


def _counts_text(workbook: WorkbookResult) -> str:
    counts = workbook.counts
    parts = [
        f"{label} {counts[severity]}"
        for severity, label in ((Severity.ERROR, "错误"), (Severity.WARNING, "警告"),
                                (Severity.INFO, "提示"))
        if counts[severity]
    ]
    return "，".join(parts)


def _plain_line(done: int, total: int, workbook: WorkbookResult) -> str:
    width = len(str(total))
    detail = _counts_text(workbook)
    if workbook.status is Status.UNREADABLE and workbook.findings:
        detail = workbook.findings[0].message
    suffix = f"（{detail}）" if detail else ""
    return f"[{done:>{width}}/{total}] {workbook.verdict} {workbook.file}{suffix}"


def _score_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def summary_table(batch: BatchResult) -> Table:
    """文件, 单位, 状态, 总分, 错误, 警告, 提示 — workbooks with errors first."""
    table = Table(title="校验结果汇总", title_justify="left", header_style="bold")
    table.add_column("文件", overflow="fold")
    table.add_column("单位", overflow="fold")
    table.add_column("状态", no_wrap=True)
    table.add_column("总分", justify="right", no_wrap=True)
    table.add_column("错误", justify="right", no_wrap=True)
    table.add_column("警告", justify="right", no_wrap=True)
    table.add_column("提示", justify="right", no_wrap=True)
    for workbook in batch.by_rank():
        counts = workbook.counts
        status = workbook.status
        style = _STATUS_STYLES[status]
        if status is Status.FINDINGS and counts[Severity.ERROR]:
            style = "red"
        score = _score_text(workbook.total_score)
        table.add_row(
            escape(workbook.file), escape(workbook.department or ""),
            f"[{style}]{workbook.verdict}[/{style}]", score,
            _count_cell(counts[Severity.ERROR], "red"),
            _count_cell(counts[Severity.WARNING], "yellow"),
            str(counts[Severity.INFO] or ""),
        )
    return table


def _count_cell(count: int, style: str) -> str:
    return f"[{style}]{count}[/{style}]" if count else ""


def totals_line(batch: BatchResult) -> str:
    """共检查 N 个工作簿：有错误 a 个，有警告 b 个，通过 c 个；错误 x 个，警告 y 个，提示 z 条。"""
    totals = batch.totals
    verdicts = Counter(workbook.verdict for workbook in batch.workbooks)
    parts = [f"{verdict} {verdicts[verdict]} 个"
             for verdict in ("有错误", "有警告", "通过", "无法读取") if verdicts[verdict]]
    return (
        f"共检查 {len(batch.workbooks)} 个工作簿：{'，'.join(parts)}；"
        f"错误 {totals[Severity.ERROR]} 个，警告 {totals[Severity.WARNING]} 个，"
        f"提示 {totals[Severity.INFO]} 条。用时 {batch.seconds:.1f} 秒。"
    )


def _unreadable(batch: BatchResult) -> None:
    """The reasons, which a terminal progress bar does not leave on screen."""
    broken = [workbook for workbook in batch.workbooks if workbook.status is Status.UNREADABLE]
    if not broken:
        return
    console.print(f"[red]无法读取的文件（{len(broken)} 个）：[/red]")
    for workbook in broken:
        reason = workbook.findings[0].message if workbook.findings else ""
        reason = reason.removeprefix(_UNREADABLE_PREFIX)
        console.print(f"  {escape(workbook.file)}：{escape(reason)}", highlight=False)


def _notes(batch: BatchResult, annotate: Path | None, debug: bool) -> None:
    xls = [workbook.file for workbook in batch.workbooks
           if workbook.note and workbook.note.startswith(".xls")]
    if xls:
        errors.print(
            f"[yellow]注意：[/yellow].xls 文件只读取数值，没有生成标注副本（{len(xls)} 个）："
            + escape("、".join(xls))
        )
    for workbook in batch.workbooks:
        if workbook.note and not workbook.note.startswith(".xls"):
            errors.print(f"[yellow]注意：[/yellow]{escape(workbook.file)}：{escape(workbook.note)}")
        if debug and workbook.traceback:
            errors.print(f"[dim]{escape(workbook.file)} 的错误详情：[/dim]")
            errors.print(escape(workbook.traceback), highlight=False)
    if annotate is not None:
        copies = sum(1 for workbook in batch.workbooks if workbook.annotated)
        console.print(f"标注副本：{copies} 个，保存在 {escape(str(annotate))}")


def _run_with_progress(tasks: list[CheckTask], jobs: int) -> BatchResult:
    """A progress bar on a terminal, one line per file otherwise.

    The bar refreshes only when a file finishes: no refresh thread, so worker processes are
    never forked while another thread holds a lock.
    """
    total = len(tasks)
    if errors.is_terminal:
        progress = Progress(
            TextColumn("正在检查"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.description}"), console=errors, transient=True,
            auto_refresh=False,
        )
        bar = progress.add_task("", total=total)

        def on_bar(workbook: WorkbookResult) -> None:
            progress.update(bar, advance=1, description=escape(workbook.file))
            progress.refresh()

        with progress:
            progress.refresh()
            return run_batch(tasks, jobs=jobs, on_result=on_bar)

    done = 0

    def on_line(workbook: WorkbookResult) -> None:
        nonlocal done
        done += 1
        errors.print(_plain_line(done, total, workbook), markup=False, highlight=False,
                     soft_wrap=True)

    return run_batch(tasks, jobs=jobs, on_result=on_line)


def check_command(
    paths: Annotated[
        list[Path],
        typer.Argument(help="要检查的工作簿或文件夹，可以有多个；文件夹会逐层查找 .xlsx、.xlsm、.xls。",
                       show_default=False, metavar="PATH"),
    ],
    profile: Annotated[
        str | None,
        typer.Option("--profile", help="评分口径（national 或 integer-floor）；默认采用模板中记录的口径。"),
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="写出 JSON 报告（版本 1）。", metavar="FILE")
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="写出审核报告工作簿（.xlsx）：汇总表和问题清单。",
                     metavar="FILE.xlsx"),
    ] = None,
    annotate: Annotated[
        Path | None,
        typer.Option("--annotate", help="标注副本的输出文件夹（标出问题单元格，附“校验结果”表）。",
                     metavar="DIR"),
    ] = None,
    export: Annotated[
        Path | None,
        typer.Option("--export", help="把全部工作簿的绩效指标行汇成一张表（.csv 或 .xlsx）。",
                     metavar="FILE"),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", min=1, help="同时检查的进程数；默认等于 CPU 核数，1 表示不启用多进程。"),
    ] = None,
    fail_on: Annotated[
        FailOn,
        typer.Option("--fail-on", help="出现哪一级问题时退出码为 1：error（默认）、warning 或 never。"),
    ] = FailOn.ERROR,
    debug: Annotated[
        bool, typer.Option("--debug", help="出现意外错误时显示详细的错误堆栈。")
    ] = False,
) -> None:
    """批量校验收回的工作簿：终端汇总，可选 JSON 报告、审核报告、标注副本和指标明细。"""
    try:
        code = _check(paths, profile=profile, json_path=json_path, report=report,
                      annotate=annotate, export=export, jobs=jobs, fail_on=fail_on, debug=debug)
    except UserError as error:
        errors.print(f"[red]错误：[/red]{escape(str(error))}")
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        errors.print("[yellow]已中断。[/yellow]")
        raise typer.Exit(130) from None
    except Exception as error:
        if debug:
            errors.print(escape(traceback.format_exc()), highlight=False)
        else:
            errors.print(
                f"[red]程序内部错误：[/red]{escape(type(error).__name__)}: {escape(str(error))}。"
                "加 --debug 重新运行可显示详细信息，请把它发给软件维护人员。"
            )
        raise typer.Exit(2) from None
    raise typer.Exit(code)


def _check(
    paths: list[Path], *, profile: str | None, json_path: Path | None, report: Path | None,
    annotate: Path | None, export: Path | None, jobs: int | None, fail_on: FailOn, debug: bool,
) -> int:
    if report is not None and report.suffix.lower() != ".xlsx":
        raise UserError(f"--report 只能写 .xlsx 文件：{report}")
    if export is not None and export.suffix.lower() not in (".csv", ".xlsx"):
        raise UserError(f"--export 只能写 .csv 或 .xlsx 文件：{export}")
    outputs = [(path, option) for path, option in
               ((json_path, "--json"), (report, "--report"), (export, "--export"))
               if path is not None]
    for path, option in outputs:
        _check_writable(path, option)
    if annotate is not None:
        _check_writable(annotate, "--annotate", folder=True)
    _guard_outputs(paths, outputs)

    tasks = plan_batch(
        paths, profile=profile, annotate_dir=annotate, collect_indicators=export is not None,
        debug=debug, exclude=[path for path, _ in outputs],
    )
    batch = _run_with_progress(tasks, jobs or default_jobs())
    console.print(summary_table(batch))
    _unreadable(batch)
    console.print(totals_line(batch))
    _notes(batch, annotate, debug)
    for line in _write_outputs(batch, json_path=json_path, report=report, export=export):
        console.print(escape(line))
    if report is None and json_path is None and batch.totals[Severity.ERROR] + \
            batch.totals[Severity.WARNING]:
        console.print(
            "[dim]加 --report 审核报告.xlsx 可得到逐条问题清单；加 --annotate 目录 可得到标出问题单元格的副本。[/dim]"
        )
    return exit_code(batch, fail_on)
