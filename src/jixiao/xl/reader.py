"""Read a live workbook through the xlwings API into a :class:`jixiao.grid.Grid`.

Each sheet's used range is read once, anchored at A1, as one block; nothing is read cell by
cell. Merged areas are not read: the remote (Office.js) engine has none to give and the parser
finds labels by text and carries 一级/二级 labels down over blank cells, so values alone suffice.
Numbers arrive as ``int`` (Office.js) or ``float`` (COM); the core accepts any number.
"""

from __future__ import annotations

import datetime as dt
import numbers
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jixiao.grid import Coord, DefinedName, Grid, SheetGrid
from jixiao.layout import META_SHEET, RESULTS_SHEET
from jixiao.parse.meta import read_template_info
from jixiao.parse.workbook import detect_form
from jixiao.values import CellValue

if TYPE_CHECKING:
    import xlwings as xw

# An annex is about 80 rows by 9 columns. A used range inflated by formatting whole columns
# would otherwise make one read transfer millions of empty cells.
MAX_ROWS = 3000
MAX_COLS = 60
_PROBE_CELLS = 20_000  # above this, look at the title rows before reading the whole sheet
_TITLE_ROWS = 8
_SKIPPED_NAMES = ("_xlnm.", "Print_Area", "Print_Titles", "_FilterDatabase")


@dataclass(frozen=True, slots=True)
class BookSnapshot:
    """What one run knows about the workbook before it writes anything."""

    grid: Grid
    sheet_names: tuple[str, ...]
    active_sheet: str | None


def _cell(value: Any) -> CellValue:
    """One cell value as the core types it; anything exotic becomes text."""
    if value is None or value == "":
        return None
    if isinstance(value, str | bool | dt.datetime | dt.date | dt.time):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return str(value)


def read_values(sheet: xw.Sheet, rows: int, cols: int) -> dict[Coord, CellValue]:
    """The values of A1:(rows, cols) as a sparse dict; errors come back as ``#DIV/0!`` text."""
    if rows < 1 or cols < 1:
        return {}
    matrix = sheet.range((1, 1), (rows, cols)).options(ndim=2, err_to_str=True).value
    cells: dict[Coord, CellValue] = {}
    for r, line in enumerate(matrix or (), start=1):
        for c, raw in enumerate(line, start=1):
            value = _cell(raw)
            if value is not None:
                cells[(r, c)] = value
    return cells


def used_extent(sheet: xw.Sheet) -> tuple[int, int]:
    """Last row and column of the used range, capped."""
    used = sheet.used_range
    rows, cols = used.shape
    return min(used.row + rows - 1, MAX_ROWS), min(used.column + cols - 1, MAX_COLS)


def _looks_like_annex(cells: dict[Coord, CellValue], name: str, registered: dict[str, str]) -> bool:
    return detect_form(SheetGrid(name=name, cells=cells), registered) is not None


def _unquote(sheet: str) -> str:
    if sheet.startswith("'") and sheet.endswith("'"):
        return sheet[1:-1].replace("''", "'")
    return sheet


def split_reference(refers_to: str) -> tuple[str, str] | None:
    """``='附件2'!$D$3`` → (附件2, $D$3); None for constants, formulas and multi-area names."""
    text = refers_to.strip().removeprefix("=")
    if "!" not in text or "," in text:
        return None
    sheet, _, ref = text.rpartition("!")
    if not ref or any(ch in ref for ch in "()+-*/&\"") or sheet.startswith("["):
        return None
    return _unquote(sheet), ref


def read_names(book: xw.Book) -> tuple[DefinedName, ...]:
    """Defined names that point at a cell or range; sheet-local ones keep their scope."""
    found: list[DefinedName] = []
    for name in book.names:
        full = str(name.name)
        scope: str | None = None
        bare = full
        if "!" in full:
            prefix, _, bare = full.rpartition("!")
            scope = _unquote(prefix)
        if bare.startswith(_SKIPPED_NAMES):
            continue
        refers_to = name.refers_to
        parsed = split_reference(str(refers_to)) if refers_to else None
        if parsed is None:
            continue
        found.append(DefinedName(name=bare, sheet=parsed[0], ref=parsed[1], scope=scope))
    return tuple(found)


def read_book(book: xw.Book, *, source: str = "") -> BookSnapshot:
    """Values of the annex sheets and ``_jixiao``, and the names; other sheets are skipped."""
    sheets = list(book.sheets)
    names = [sheet.name for sheet in sheets]
    registered: dict[str, str] = {}
    grids: dict[str, SheetGrid] = {}
    if META_SHEET in names:
        meta = sheets[names.index(META_SHEET)]
        rows, cols = used_extent(meta)
        grids[META_SHEET] = SheetGrid(META_SHEET, read_values(meta, rows, cols), visible=False)
        info = read_template_info(grids[META_SHEET])
        if info.from_template:
            registered = info.forms
    for sheet in sheets:
        name = sheet.name
        if name in (META_SHEET, RESULTS_SHEET):
            continue
        rows, cols = used_extent(sheet)
        if rows * cols > _PROBE_CELLS and name not in registered:
            head = read_values(sheet, min(rows, _TITLE_ROWS), cols)
            if not _looks_like_annex(head, name, registered):
                continue
        grids[name] = SheetGrid(name, read_values(sheet, rows, cols), visible=bool(sheet.visible))
    ordered = tuple(grids[name] for name in names if name in grids)
    try:
        active: str | None = book.sheets.active.name
    except Exception:  # no active sheet (a chart sheet, a hidden window): nothing to restore
        active = None
    return BookSnapshot(
        grid=Grid(sheets=ordered, names=read_names(book), source=source or str(book.name)),
        sheet_names=tuple(names),
        active_sheet=active,
    )
