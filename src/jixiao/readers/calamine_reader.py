"""The fast value reader: python-calamine for cells and merges."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import python_calamine

from jixiao.errors import UnreadableWorkbookError
from jixiao.grid import CellRange, Coord, Grid, SheetGrid
from jixiao.readers.defined_names import parse_defined_names
from jixiao.readers.guard import CheckedFile, check_file
from jixiao.values import CellValue


def _sheet_grid(
    sheet: python_calamine.CalamineSheet, visible: bool, uncached: frozenset[Coord]
) -> SheetGrid:
    # to_python without skipping is anchored at A1, whatever the sheet's first used cell is.
    cells: dict[Coord, CellValue] = {
        (row_index, col_index): str(value) if isinstance(value, dt.timedelta) else value
        for row_index, row in enumerate(sheet.to_python(skip_empty_area=False), start=1)
        for col_index, value in enumerate(row, start=1)
        if value != "" and value is not None
    }  # a duration typed into a cell is kept as text
    merges = tuple(
        CellRange(start[0] + 1, start[1] + 1, end[0] + 1, end[1] + 1)
        for start, end in (sheet.merged_cell_ranges or ())
    )
    return SheetGrid(name=sheet.name, cells=cells, merges=merges, visible=visible,
                     uncached=uncached)


def read_grid(path: Path) -> Grid:
    """Read every worksheet's values and merges, and the workbook's defined names.

    The file is checked first (:mod:`jixiao.readers.guard`); anything refused or unreadable
    raises :class:`UnreadableWorkbookError` with a Chinese reason.
    """
    checked = check_file(path)
    try:
        return _read(path, checked)
    except UnreadableWorkbookError:
        raise
    except python_calamine.PasswordError as error:
        raise UnreadableWorkbookError("文件已加密（设置了打开密码），请去掉密码后重新提交。") from error
    except (python_calamine.CalamineError, python_calamine.ZipError, python_calamine.XmlError,
            ValueError, OSError) as error:
        raise UnreadableWorkbookError(f"文件内容无法解析：{error}") from error


def _read(path: Path, checked: CheckedFile) -> Grid:
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        sheets: list[SheetGrid] = []
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            visible = meta.visible == python_calamine.SheetVisibleEnum.Visible
            uncached = checked.uncached.get(meta.name, frozenset())
            sheets.append(_sheet_grid(sheet, visible, uncached))
    finally:
        workbook.close()
    names = parse_defined_names(checked.workbook_xml) if checked.workbook_xml else ()
    return Grid(sheets=tuple(sheets), names=names, source=str(path))
