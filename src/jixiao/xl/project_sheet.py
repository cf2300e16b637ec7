"""新增项目表 in a live workbook: the template builder's 附件3, replayed through xlwings.

The template builder is the one place that knows how a 附件3 looks (values, merges, fonts,
fills, borders, number formats, row heights, sheet-local names). It writes openpyxl, so the sheet
is built in a scratch workbook and copied over with the xlwings API, one call per rectangle of
cells that share a style. openpyxl is imported here only, when this button is pressed, never on
the recalculation path. Naming and ``_jixiao`` registration follow
:func:`jixiao.template.builder.add_project_sheet`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from jixiao.grid import Coord, SheetGrid
from jixiao.layout import ANNEX2, ANNEX3, META_SHEET, Form
from jixiao.parse.meta import read_template_info
from jixiao.xl.reader import read_values, used_extent
from jixiao.xl.rects import Rect, rectangles, rectangles_by
from jixiao.xl.writer import is_desktop, meta_rows, rewrite_meta

if TYPE_CHECKING:
    import xlwings as xw
    from openpyxl.worksheet.worksheet import Worksheet

BASE = ANNEX3.sheet_name
_POINTS_PER_CHAR = 6.0
_SIDES = ("left", "right", "top", "bottom")


class ProjectSheetError(Exception):
    """Why no project sheet can be added (shown to the accountant)."""


def _scratch_sheet(year: int) -> Worksheet:
    """A fresh 附件3 from the template builder, in a throw-away workbook."""
    from openpyxl import Workbook

    from jixiao.template.builder import add_project_sheet as build

    scratch = Workbook()
    scratch.remove(scratch.active)
    meta = scratch.create_sheet(META_SHEET)
    meta.append(["year", year])
    return build(scratch)


def _new_name(names: list[str], projects: list[str]) -> tuple[str, str | None]:
    """(name of the new sheet, new name for a lone ``附件3`` or None)."""
    first = f"{BASE}-1"
    rename = None
    if projects == [BASE] and first not in names:
        rename = first
        projects = [first]
        names = [first if name == BASE else name for name in names]
    if not projects and BASE not in names:
        return BASE, rename
    number = len(projects) + 1
    while f"{BASE}-{number}" in names:
        number += 1
    return f"{BASE}-{number}", rename


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _cells(ws: Worksheet) -> Iterator[tuple[Coord, Any]]:
    """Every cell of the scratch sheet, with a merged cell's hidden part styled as its anchor."""
    anchors: dict[Coord, Coord] = {}
    for merged in ws.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                anchors[(row, col)] = (merged.min_row, merged.min_col)
    for row in range(1, ws.max_row + 1):
        for col in range(1, ws.max_column + 1):
            r, c = anchors.get((row, col), (row, col))
            yield (row, col), ws.cell(r, c)


def _solid(cell: Any) -> str | None:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid" or fill.fgColor is None:
        return None
    rgb = fill.fgColor.rgb
    return "#" + rgb[-6:] if isinstance(rgb, str) else None


def _border_sides(cell: Any) -> tuple[str, ...]:
    border = cell.border
    return tuple(
        side for side in _SIDES
        if getattr(border, side) is not None and getattr(border, side).style
    )


def _border_targets(sides: tuple[str, ...], rect: Rect[Any]) -> list[str]:
    targets = [f"edge_{side}" for side in sides]
    if len(rect.values) > 1 and ("top" in sides or "bottom" in sides):
        targets.append("inside_horizontal")
    if len(rect.values[0]) > 1 and ("left" in sides or "right" in sides):
        targets.append("inside_vertical")
    return targets


def _range(sheet: xw.Sheet, rect: Rect[Any]) -> xw.Range:
    return sheet.range((rect.row, rect.col), (rect.last_row, rect.last_col))


def copy_layout(ws: Worksheet, sheet: xw.Sheet, *, desktop: bool) -> None:
    """Lay the scratch sheet out on ``sheet``: widths, heights, merges, formats, then values."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.utils import column_index_from_string

    scale = 1.0 if desktop else _POINTS_PER_CHAR
    for letter, dimension in ws.column_dimensions.items():
        if dimension.width:
            col = column_index_from_string(letter)
            sheet.range((1, col), (1, col)).column_width = dimension.width * scale
    heights = {row: dim.height for row, dim in ws.row_dimensions.items() if dim.height}
    for height, rect in rectangles_by(((row, 1), h) for row, h in heights.items()):
        _range(sheet, rect).row_height = height
    for merged in ws.merged_cells.ranges:
        sheet.range((merged.min_row, merged.min_col), (merged.max_row, merged.max_col)).merge()

    cells = list(_cells(ws))
    formats = [(coord, cell.number_format) for coord, cell in cells
               if cell.number_format and cell.number_format != "General"]
    for fmt, rect in rectangles_by(formats):
        _range(sheet, rect).number_format = fmt
    fonts = [(coord, (cell.font.name, cell.font.sz, bool(cell.font.b))) for coord, cell in cells
             if cell.font is not None and cell.font.name != "Calibri"]
    for (name, size, bold), rect in rectangles_by(fonts):
        font = _range(sheet, rect).font
        font.name, font.size = name, size
        if bold:
            font.bold = True
    fills = [(coord, color) for coord, cell in cells if (color := _solid(cell)) is not None]
    for color, rect in rectangles_by(fills):
        _range(sheet, rect).color = color
    borders = [(coord, sides) for coord, cell in cells if (sides := _border_sides(cell))]
    for sides, rect in rectangles_by(borders):
        _range(sheet, rect).borders.set(
            _border_targets(sides, rect), line_style="continuous", weight="thin"
        )
    aligns = [
        (coord, (cell.alignment.horizontal, cell.alignment.vertical, bool(cell.alignment.wrap_text)))
        for coord, cell in cells
        if cell.alignment is not None and (cell.alignment.horizontal or cell.alignment.vertical)
    ]
    for (horizontal, vertical, wrap), rect in rectangles_by(aligns):
        target = _range(sheet, rect)
        if horizontal:
            target.horizontal_alignment = horizontal
        if vertical:
            target.vertical_alignment = vertical
        if wrap:
            target.wrap_text = True

    values = {
        coord: cell.value for coord, cell in cells
        if not isinstance(ws.cell(*coord), MergedCell) and cell.value is not None
    }
    for rect in rectangles(values):
        _range(sheet, rect).value = [list(row) for row in rect.values]


def _add_validations(ws: Worksheet, sheet: xw.Sheet) -> None:
    """The template's informational drop-downs, on desktop Excel for Windows only.

    xlwings' portable ``set_list`` makes a blocking (Stop) rule, which would refuse the numbers
    that 实际完成值 also takes; the Excel object model can make the informational kind.
    """
    for validation in ws.data_validations.dataValidation:
        formula = str(validation.formula1 or "").strip('"')
        for ref in str(validation.sqref).split():
            try:
                target = sheet.range(ref).api.Validation
                target.Delete()
                target.Add(Type=3, AlertStyle=3, Operator=1, Formula1=formula)  # list, info
                target.IgnoreBlank = True
                target.ShowError = bool(validation.showErrorMessage)
                target.ShowInput = bool(validation.showInputMessage)
                target.ErrorTitle = validation.errorTitle or ""
                target.ErrorMessage = validation.error or ""
                target.InputTitle = validation.promptTitle or ""
                target.InputMessage = validation.prompt or ""
            except Exception:  # a drop-down is a convenience; the sheet works without it
                continue


def add_project_sheet(book: xw.Book) -> str:
    """Add another 附件3 after the last project sheet; returns its name."""
    sheets = list(book.sheets)
    names = [sheet.name for sheet in sheets]
    if META_SHEET not in names:
        raise ProjectSheetError(
            "此工作簿不是由 jixiao 模板生成的（缺少 _jixiao 工作表），无法自动新增项目表。"
            "请复制一张已有的附件3工作表后清空其中的数据。"
        )
    meta = book.sheets[META_SHEET]
    meta_grid = SheetGrid(META_SHEET, read_values(meta, *used_extent(meta)))
    info = read_template_info(meta_grid)
    if not info.year:
        raise ProjectSheetError("_jixiao 工作表中没有年度，无法新增项目表。")
    projects = [name for name, form in info.forms.items() if form == Form.ANNEX3 and name in names]
    name, rename = _new_name(names, projects)
    old_rows = meta_rows(meta_grid)
    rows = [list(row) for row in old_rows]
    if rename is not None:
        book.sheets[BASE].name = rename
        for row in rows:
            if row[0] in ("form", "marked") and row[1] == BASE:
                row[1] = rename
        projects = [rename]
        names = [rename if n == BASE else n for n in names]
    last_form = max((i for i, row in enumerate(rows) if row[0] == "form"), default=len(rows) - 1)
    rows.insert(last_form + 1, ["form", name, str(Form.ANNEX3), "", ""])

    anchor = projects[-1] if projects else ANNEX2.sheet_name
    if anchor in names:
        sheet = book.sheets.add(name, after=book.sheets[anchor])
    else:
        sheet = book.sheets.add(name, before=book.sheets[META_SHEET])
    ws = _scratch_sheet(info.year)
    desktop = is_desktop(book)
    copy_layout(ws, sheet, desktop=desktop)
    for defined in ws.defined_names.values():
        ref = (defined.attr_text or "").rpartition("!")[2]
        if ref:
            sheet.names.add(defined.name, f"={_quoted(name)}!{ref}")
    last_row = ws.max_row
    sheet.page_setup.print_area = f"A1:{chr(64 + ws.max_column)}{last_row}"
    if desktop and sys.platform == "win32":
        _add_validations(ws, sheet)
    rewrite_meta(meta, old_rows, rows)
    sheet.activate()
    return name
