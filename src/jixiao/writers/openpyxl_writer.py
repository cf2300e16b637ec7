"""Apply a plan to a workbook with openpyxl: the headless writer for recalc and annotated copies."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.evaluate import CellWrite
from jixiao.layout import META_SHEET, RESULTS_SHEET, Kind
from jixiao.plan import FILLS, NOTE_PREFIX, RESULTS_HEADER, Plan, result_rows
from jixiao.writers.list_sheet import print_as_list

_NUMBER_FORMATS = {Kind.RATE: "0.00%", Kind.MONEY: "0.00"}
_MARK_COLORS = frozenset(FILLS.values())
_NOTE_AUTHOR = "jixiao"
_RESULT_WIDTHS = (6, 9, 26, 18, 9, 28, 90)
_CHARS_PER_LINE = 44  # CJK characters that fit a width of 90
_RESULT_FILLS = {"错误": "FFC7CE", "警告": "FFEB9C"}


def _clean(text: str) -> str:
    """Control characters a user's cell may carry cannot be stored in notes or cells."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def _append_text_row(sheet: Worksheet, values: Sequence[object]) -> None:
    """Append a row whose strings stay text: openpyxl would store ``=…`` as a formula, and text
    from a returned workbook must never become one (spec §9)."""
    sheet.append([_clean(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _solid(color: str) -> PatternFill:
    argb = color if len(color) == 8 else "FF" + color
    return PatternFill(fill_type="solid", start_color=argb, end_color=argb)


def fill_color(cell: Cell) -> str:
    """The cell's solid fill as RRGGBB, or '' when it has none (or one we cannot name)."""
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return ""
    rgb = fill.fgColor.rgb if fill.fgColor is not None else None
    return rgb[-6:].upper() if isinstance(rgb, str) else ""


def _target(workbook: Workbook, sheet: str, ref: str) -> Cell | None:
    if sheet not in workbook.sheetnames:
        return None
    cell = workbook[sheet][ref]
    return None if isinstance(cell, MergedCell) else cell


def _is_ours(cell: Cell) -> bool:
    return cell.comment is not None and cell.comment.text.startswith(NOTE_PREFIX)


def _clear(workbook: Workbook, plan: Plan) -> None:
    for marked in plan.clear:
        cell = _target(workbook, marked.sheet, marked.cell)
        if cell is None:
            continue
        if _is_ours(cell):
            cell.comment = None
        if fill_color(cell) in _MARK_COLORS:
            cell.fill = _solid(marked.fill) if marked.fill else PatternFill(fill_type=None)


def _write(workbook: Workbook, write: CellWrite) -> None:
    cell = _target(workbook, write.sheet, write.cell)
    if cell is None:
        return
    if isinstance(write.value, Decimal):
        cell.value = int(write.value) if write.value == write.value.to_integral_value() and \
            write.kind is Kind.SCORE else float(write.value)
        if write.kind in _NUMBER_FORMATS:
            cell.number_format = _NUMBER_FORMATS[write.kind]
        elif cell.number_format == "@":
            cell.number_format = "General"
    else:
        cell.value = _clean(write.value)
        cell.data_type = "s"


def _mark(workbook: Workbook, plan: Plan) -> list[tuple[str, str, str, str]]:
    """Fill and note each marked cell; returns (sheet, cell, fill before, flags) for ``_jixiao``.

    The flags (``fill``, ``note``) say what this run put on the cell, so that a route that cannot
    read fills or note texts (Office.js) still removes exactly the tool's marks."""
    recorded: list[tuple[str, str, str, str]] = []
    for mark in plan.marks:
        cell = _target(workbook, mark.sheet, mark.cell)
        if cell is None:
            continue
        before = fill_color(cell)
        if before in _MARK_COLORS:  # marked by an earlier run that was not cleared
            before = mark.base_fill or ""
        flags: list[str] = []
        if mark.fill is not None:
            cell.fill = _solid(mark.fill)
            flags.append("fill")
        if cell.comment is None or _is_ours(cell):
            flags.append("note")
            lines = mark.note.count("\n") + 1 + len(mark.note) // 30
            comment = Comment(_clean(mark.note), _NOTE_AUTHOR)
            comment.width, comment.height = 320, min(60 + 18 * lines, 400)
            cell.comment = comment
        recorded.append((mark.sheet, mark.cell, before, ",".join(flags)))
    return recorded


def _meta_sheet(workbook: Workbook) -> Worksheet:
    if META_SHEET in workbook.sheetnames:
        return workbook[META_SHEET]
    sheet = workbook.create_sheet(META_SHEET)
    sheet.sheet_state = "hidden"
    sheet.append(["generated_by", "jixiao"])
    return sheet


def _record_marks(workbook: Workbook, recorded: list[tuple[str, str, str, str]]) -> None:
    sheet = _meta_sheet(workbook)
    for row in range(sheet.max_row, 0, -1):
        if sheet.cell(row, 1).value == "marked" and sheet.cell(row, 2).value:
            sheet.delete_rows(row)
    for sheet_name, ref, before, flags in recorded:
        _append_text_row(sheet, ["marked", sheet_name, ref, before, flags])


def _results_sheet(workbook: Workbook, plan: Plan) -> None:
    if RESULTS_SHEET in workbook.sheetnames:
        del workbook[RESULTS_SHEET]
    sheet = workbook.create_sheet(RESULTS_SHEET)
    sheet.append(list(RESULTS_HEADER))
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = _solid("DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    rows = result_rows(plan.findings)
    for values in rows:
        _append_text_row(sheet, values)
        row = sheet.max_row
        for cell in sheet[row]:
            if cell.data_type == "f":  # workbook text that starts with "=" stays text
                cell.data_type = "s"
        severity = str(values[1])
        if severity in _RESULT_FILLS:
            sheet.cell(row, 2).fill = _solid(_RESULT_FILLS[severity])
        target_sheet, target_cell = str(values[3]), str(values[4])
        if target_cell and target_sheet in workbook.sheetnames:
            link = sheet.cell(row, 5)
            link.hyperlink = Hyperlink(
                ref=link.coordinate, location=f"'{target_sheet}'!{target_cell}",
                display=target_cell,
            )
            link.font = Font(color="0563C1", underline="single")
        for col in range(1, 7):
            sheet.cell(row, col).alignment = Alignment(vertical="top")
        sheet.cell(row, 7).alignment = Alignment(wrap_text=True, vertical="top")
        # Wrapped rows do not grow by themselves in every client: size them for the message.
        lines = -(-len(str(values[6])) // _CHARS_PER_LINE)
        sheet.row_dimensions[row].height = max(15.0, 15.0 * lines)
    if not rows:
        sheet.append(["", "", "", "", "", "", "未发现问题。"])
    for index, width in enumerate(_RESULT_WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:G{max(sheet.max_row, 2)}"
    print_as_list(sheet)


def apply_plan(workbook: Workbook, plan: Plan) -> None:
    """Clear the previous run's marks, write computed values, mark, rebuild 校验结果."""
    _clear(workbook, plan)
    for write in plan.writes:
        _write(workbook, write)
    recorded = _mark(workbook, plan)
    _record_marks(workbook, recorded)
    _results_sheet(workbook, plan)


def clear_marks(workbook: Workbook, plan: Plan) -> None:
    """清除标记: remove exactly the cells the previous run marked, and the 校验结果 sheet."""
    _clear(workbook, plan)
    _record_marks(workbook, [])
    if RESULTS_SHEET in workbook.sheetnames:
        del workbook[RESULTS_SHEET]
