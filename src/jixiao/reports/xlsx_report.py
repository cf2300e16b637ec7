"""The review workbook a finance bureau reads: 汇总 (one row per file) and 问题清单 (every finding).

Built with openpyxl. Text from the checked workbooks is stored as text, never as a formula;
when annotated copies exist, 文件 and 单元格 link into them.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.batch import BatchResult, Status, WorkbookResult
from jixiao.findings import Finding, Severity
from jixiao.plan import FILLS
from jixiao.reports.cells import display_width, set_text, write_atomically
from jixiao.writers.list_sheet import print_as_list

SUMMARY_SHEET = "汇总"
FINDINGS_SHEET = "问题清单"
SUMMARY_HEADER = ("单位", "年度", "文件", "状态", "总分", "等级", "错误", "警告", "提示", "说明")
FINDINGS_HEADER = ("文件", "工作表", "单元格", "严重程度", "规则", "指标", "说明")

_HEADER_FILL = "DDEBF7"
_STATUS_FILLS = {Status.OK: "C6EFCE", Status.UNREADABLE: FILLS[Severity.ERROR]}
_LINK_FONT = Font(color="0563C1", underline="single")
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_MIN_WIDTH, _MAX_WIDTH = 6, 48
_WRAPPED = {"说明": 70}  # long text columns: fixed width, wrapped
_LINE_HEIGHT = 15


def _solid(color: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color="FF" + color, end_color="FF" + color)


def _link_target(target: str, report_dir: Path) -> str:
    """A relative link from the report to a file, as Excel and LibreOffice both resolve it."""
    try:
        relative = os.path.relpath(target, report_dir)
    except ValueError:  # another drive on Windows
        relative = target
    path = Path(relative).as_posix()
    return path.replace("%", "%25").replace(" ", "%20").replace("#", "%23")


def _link(cell: Cell, target: str, location: str | None = None) -> None:
    text = cell.value
    cell.hyperlink = Hyperlink(ref=cell.coordinate, target=target, location=location)
    cell.value = text
    cell.font = _LINK_FONT


def _header(sheet: Worksheet, header: Sequence[str]) -> None:
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _solid(_HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = _BORDER


def _put(sheet: Worksheet, row: int, col: int, value: str | int | Decimal | None) -> Cell:
    cell = sheet.cell(row, col)
    if isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value
    cell.border = _BORDER
    cell.alignment = Alignment(vertical="top", wrap_text=True)
    return cell


def _finish(sheet: Worksheet, header: Sequence[str]) -> None:
    """Frozen header, autofilter, print setup and widths that fit Chinese text."""
    last_col = get_column_letter(len(header))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last_col}{max(sheet.max_row, 2)}"
    for index, title in enumerate(header, start=1):
        letter = get_column_letter(index)
        if title in _WRAPPED:
            sheet.column_dimensions[letter].width = _WRAPPED[title]
            _fit_rows(sheet, index, _WRAPPED[title])
            continue
        widest = max(
            (display_width(str(cell.value)) for (cell,) in
             sheet.iter_rows(min_col=index, max_col=index) if cell.value is not None),
            default=0,
        )
        # +2 for padding, +2 more on the header for the autofilter button
        width = max(widest + 2, display_width(title) + 4, _MIN_WIDTH)
        sheet.column_dimensions[letter].width = min(width, _MAX_WIDTH)
    print_as_list(sheet)


def _fit_rows(sheet: Worksheet, col: int, width: int) -> None:
    """Row heights for wrapped text: neither Excel nor LibreOffice grows rows openpyxl wrote."""
    for row in range(2, sheet.max_row + 1):
        value = sheet.cell(row, col).value
        if not isinstance(value, str) or not value:
            continue
        lines = sum(
            max(1, math.ceil(display_width(line) / width)) for line in value.splitlines()
        )
        if lines > 1:
            sheet.row_dimensions[row].height = _LINE_HEIGHT * lines + 2


def _summary_note(workbook: WorkbookResult) -> str:
    if workbook.status is Status.UNREADABLE and workbook.findings:
        return workbook.findings[0].message
    return workbook.note or ""


def _summary(sheet: Worksheet, batch: BatchResult, report_dir: Path) -> None:
    _header(sheet, SUMMARY_HEADER)
    for row, workbook in enumerate(batch.by_rank(), start=2):
        counts = workbook.counts
        values: tuple[str | int | Decimal | None, ...] = (
            workbook.department or "", workbook.year, workbook.file, workbook.verdict,
            workbook.total_score, workbook.grade or "", counts[Severity.ERROR],
            counts[Severity.WARNING], counts[Severity.INFO], _summary_note(workbook),
        )
        for col, value in enumerate(values, start=1):
            _put(sheet, row, col, value)
        sheet.cell(row, 5).number_format = "0.00"
        status = sheet.cell(row, 4)
        fill = _STATUS_FILLS.get(workbook.status)
        if workbook.status is Status.FINDINGS:
            fill = FILLS[Severity.ERROR] if counts[Severity.ERROR] else FILLS[Severity.WARNING]
        if fill:
            status.fill = _solid(fill)
        for col in (2, 4, 5, 6, 7, 8, 9):
            sheet.cell(row, col).alignment = Alignment(horizontal="center", vertical="top")
        if workbook.annotated:
            _link(sheet.cell(row, 3), _link_target(workbook.annotated, report_dir))
    _finish(sheet, SUMMARY_HEADER)


def _ordered_findings(batch: BatchResult) -> list[tuple[WorkbookResult, Finding]]:
    """Errors of every file first, then warnings, then infos; file order within."""
    pairs = [
        (index, workbook, item)
        for index, workbook in enumerate(batch.workbooks)
        for item in workbook.findings
    ]
    pairs.sort(key=lambda pair: (pair[2].severity.rank, pair[0], pair[2].sort_key))
    return [(workbook, item) for _, workbook, item in pairs]


def _findings(sheet: Worksheet, batch: BatchResult, report_dir: Path) -> None:
    _header(sheet, FINDINGS_HEADER)
    row = 1
    for row, (workbook, item) in enumerate(_ordered_findings(batch), start=2):
        values = (workbook.file, item.sheet, item.cell, item.severity.label, item.rule,
                  item.indicator, item.message)
        for col, value in enumerate(values, start=1):
            _put(sheet, row, col, value)
        severity = sheet.cell(row, 4)
        severity.alignment = Alignment(horizontal="center", vertical="top")
        if item.severity in FILLS:
            severity.fill = _solid(FILLS[item.severity])
        if workbook.annotated:
            target = _link_target(workbook.annotated, report_dir)
            _link(sheet.cell(row, 1), target)
            if item.cell and item.sheet:
                sheet_ref = item.sheet.replace("'", "''")
                _link(sheet.cell(row, 3), target, f"'{sheet_ref}'!{item.cell}")
    if row == 1:
        _put(sheet, 2, 7, "未发现问题。")
    _finish(sheet, FINDINGS_HEADER)


def build_xlsx_report(batch: BatchResult, report_dir: Path) -> Workbook:
    """The review workbook; links are relative to ``report_dir``, where it will be saved."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = SUMMARY_SHEET
    _summary(summary, batch, report_dir)
    _findings(workbook.create_sheet(FINDINGS_SHEET), batch, report_dir)
    return workbook


def write_xlsx_report(batch: BatchResult, path: Path) -> None:
    """Build and save the review workbook at ``path``."""
    report_dir = Path(os.path.abspath(path)).parent
    workbook = build_xlsx_report(batch, report_dir)
    write_atomically(path, workbook.save)
