"""Apply a :class:`jixiao.plan.Plan` to a live workbook through the xlwings API.

The same plan the openpyxl writer applies to files, with what a live Excel (COM) and the Office.js
route allow: everything is read before the first write and nothing written is read back; values,
fills and number formats go out per rectangle of adjacent cells; fills are restored from
``_jixiao`` and the template colours (Office.js cannot read fills); a note is only ever deleted
when it is known to be the tool's own. Marked cells are recorded in ``_jixiao`` in the openpyxl
writer's row format (``marked | sheet | cell | fill before``), so either route clears the other's
marks, plus a fifth column saying whether this run wrote the fill and the note. On Office.js
clients without the notes API (ExcelApi 1.18) cells are marked by their fill and 校验结果 only.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from jixiao.evaluate import CellWrite
from jixiao.grid import Coord, SheetGrid, parse_a1
from jixiao.layout import META_SHEET, RESULTS_SHEET, Kind
from jixiao.parse.meta import cell_text, read_template_info
from jixiao.plan import FILLS, NOTE_PREFIX, RESULTS_HEADER, Mark, Plan, result_rows
from jixiao.xl.reader import BookSnapshot
from jixiao.xl.rects import Rect, rectangles, rectangles_by

if TYPE_CHECKING:
    import xlwings as xw

NUMBER_FORMATS = {Kind.RATE: "0.00%", Kind.MONEY: "0.00"}
TEXT_FORMAT = "@"  # keeps Excel from turning text such as ``1E5`` or ``=…`` into numbers or formulas
MARK_COLORS = frozenset(FILLS.values())
FILL_FLAG = "fill"
NOTE_FLAG = "note"
META_COLUMNS = 5  # marked | sheet | cell | fill before | flags
_RESULT_WIDTHS = (6, 9, 26, 18, 9, 28, 90)
_RESULT_FILLS = {"错误": "FFC7CE", "警告": "FFEB9C"}
_HEADER_FILL = "DDEBF7"
_LINK_COLOR = "0563C1"
_POINTS_PER_CHAR = 6.0  # Office.js sizes columns in points, the desktop engines in characters


class NoteState(Enum):
    """What is known about a cell's note before the run writes anything."""

    NONE = "none"
    OURS = "ours"  # text readable (desktop Excel) and starts with 【jixiao】
    USER = "user"
    UNKNOWN = "unknown"  # a note exists, but this engine cannot read its text (Office.js)


@dataclass(frozen=True, slots=True)
class MarkRecord:
    """One ``marked`` row of ``_jixiao``; ``flags`` is None for rows another writer made."""

    sheet: str
    cell: str
    fill: str
    flags: frozenset[str] | None = None

    def row(self) -> list[str]:
        return ["marked", self.sheet, self.cell, self.fill, ",".join(sorted(self.flags or ()))]


def meta_records(meta: SheetGrid | None) -> list[MarkRecord]:
    """The ``marked`` rows of ``_jixiao`` with their flags (column E)."""
    if meta is None:
        return []
    return [
        MarkRecord(
            marked.sheet, marked.cell, marked.fill.upper(),
            frozenset(f for f in marked.flags.split(",") if f) if marked.flags else None,
        )
        for marked in read_template_info(meta).marked
    ]


def _hex(color: str | None) -> str | None:
    return f"#{color}" if color else None


def _rgb_hex(color: Any) -> str:
    """An xlwings colour (``(r, g, b)`` or None) as ``RRGGBB``, '' for no fill."""
    if isinstance(color, tuple | list) and len(color) == 3:
        return "".join(f"{int(part):02X}" for part in color)
    return ""


def excel_value(write: CellWrite) -> float | int | str:
    """The value written for a computed cell, typed as the openpyxl writer types it."""
    if isinstance(write.value, Decimal):
        if write.kind is Kind.SCORE and write.value == write.value.to_integral_value():
            return int(write.value)
        return float(write.value)
    return write.value


def hyperlink_formula(sheet: str, cell: str) -> str:
    """``=HYPERLINK("#'附件2'!I27","I27")``: a link that desktop Excel, Excel on the web and
    the Mac all follow, written in one block rather than one Hyperlinks.Add per row."""
    target = "#'" + sheet.replace("'", "''") + "'!" + cell
    return '=HYPERLINK("' + target.replace('"', '""') + '","' + cell + '")'


def is_desktop(book: xw.Book) -> bool:
    return str(book.app.engine.name) not in ("remote", "officejs")


def notes_supported(book: xw.Book) -> bool:
    """Whether this client can add and delete notes. Office.js needs ExcelApi 1.18 for them
    (Microsoft 365, not volume-licensed Office 2021/2024): xlwings Server's payload then says
    ``notes_supported: false`` for each sheet and lists no notes, and adding one fails."""
    if is_desktop(book):
        return True
    for sheet in book.sheets:
        api = sheet.api
        if isinstance(api, dict) and api.get("notes_supported") is False:
            return False
    return True


@dataclass(slots=True)
class _Run:
    """One application of a plan: the state read up front, then the writes."""

    book: xw.Book
    snapshot: BookSnapshot
    notes_ok: bool = True  # False: mark with fills and 校验结果 only (see notes_supported)
    sheets: dict[str, xw.Sheet] = field(default_factory=dict)
    notes: dict[tuple[str, str], NoteState] = field(default_factory=dict)

    def sheet(self, name: str) -> xw.Sheet | None:
        if name not in self.sheets:
            if name not in self.snapshot.sheet_names:
                return None
            self.sheets[name] = self.book.sheets[name]
        return self.sheets[name]

    def cell(self, sheet: str, ref: str) -> xw.Range | None:
        target = self.sheet(sheet)
        return None if target is None else target.range(ref)

    def read_notes(self, cells: Iterable[tuple[str, str]]) -> None:
        """Whether each cell has a note, and whose it is, before anything is written."""
        for sheet, ref in cells:
            if (sheet, ref) in self.notes:
                continue
            target = self.cell(sheet, ref)
            if target is None:
                continue
            note = target.note
            if note is None:
                self.notes[(sheet, ref)] = NoteState.NONE
                continue
            try:
                text = str(note.text)
            except NotImplementedError:
                self.notes[(sheet, ref)] = NoteState.UNKNOWN
                continue
            ours = text.startswith(NOTE_PREFIX)
            self.notes[(sheet, ref)] = NoteState.OURS if ours else NoteState.USER

    def read_fills(self, cells: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
        """Current fills where the engine can read them (desktop Excel); None where it cannot."""
        fills: dict[tuple[str, str], str | None] = {}
        for sheet, ref in cells:
            target = self.cell(sheet, ref)
            if target is None:
                continue
            try:
                fills[(sheet, ref)] = _rgb_hex(target.color)
            except NotImplementedError:
                fills[(sheet, ref)] = None
        return fills

    def delete_note(self, sheet: str, ref: str) -> None:
        target = self.cell(sheet, ref)
        if target is None:
            return
        note = target.note
        if note is not None:
            note.delete()
        self.notes[(sheet, ref)] = NoteState.NONE

    def add_note(self, sheet: str, ref: str, text: str) -> None:
        target = self.cell(sheet, ref)
        if target is None:
            return
        note = target.add_note(text)
        self.notes[(sheet, ref)] = NoteState.OURS
        if sys.platform == "win32" and is_desktop(self.book):
            _size_note(note, text)

    def fill(self, sheet: str, cells: Iterable[tuple[Coord, str | None]]) -> None:
        """Fill rectangles of equal colour; None removes the fill."""
        target = self.sheet(sheet)
        if target is None:
            return
        for color, rect in rectangles_by(cells):
            _range(target, rect).color = _hex(color)


def _size_note(note: Any, text: str) -> None:
    """Desktop Excel opens notes as a small box; size it like the openpyxl writer does."""
    lines = text.count("\n") + 1 + len(text) // 30
    try:
        shape = note.api.Shape
        shape.Width, shape.Height = 240, min(45 + 13.5 * lines, 300)
    except Exception:  # cosmetic only; a note that keeps Excel's default size is still a note
        pass


def _range(sheet: xw.Sheet, rect: Rect[Any]) -> xw.Range:
    return sheet.range((rect.row, rect.col), (rect.last_row, rect.last_col))


def _restore(
    run: _Run, records: Sequence[MarkRecord], refilled: set[tuple[str, str]]
) -> list[MarkRecord]:
    """Take the previous run's marks off: its notes, and the fills it put on. Returns, as
    note-only records, the tool's notes a client without notes cannot delete, so that a later
    run on one that can still knows they are the tool's."""
    undeletable: list[MarkRecord] = []
    for record in records:
        wrote_note = record.flags is not None and NOTE_FLAG in record.flags
        if not run.notes_ok:
            if wrote_note:
                flags = frozenset({NOTE_FLAG})
                undeletable.append(MarkRecord(record.sheet, record.cell, record.fill, flags))
            continue
        state = run.notes.get((record.sheet, record.cell), NoteState.NONE)
        if state is NoteState.OURS or (state is NoteState.UNKNOWN and wrote_note):
            run.delete_note(record.sheet, record.cell)
    fills: dict[str, list[tuple[Coord, str | None]]] = {}
    for record in records:
        if record.flags is not None and FILL_FLAG not in record.flags:
            continue  # only a note was added (an info): the fill was never ours
        if (record.sheet, record.cell) in refilled:
            continue  # marked again in this run: the new fill goes straight on
        coord = parse_a1(record.cell)
        if coord is not None:
            fills.setdefault(record.sheet, []).append((coord, record.fill or None))
    for sheet, cells in fills.items():
        run.fill(sheet, cells)
    return undeletable


def _write_values(run: _Run, writes: Sequence[CellWrite]) -> None:
    """Computed values, their number formats and the centred ``—``, one call per rectangle."""
    by_sheet: dict[str, list[CellWrite]] = {}
    for write in writes:
        by_sheet.setdefault(write.sheet, []).append(write)
    for sheet_name, sheet_writes in by_sheet.items():
        sheet = run.sheet(sheet_name)
        if sheet is None:
            continue
        values: dict[Coord, float | int | str] = {}
        formats: list[tuple[Coord, str]] = []
        dashes: list[tuple[Coord, str]] = []
        for write in sheet_writes:
            coord = parse_a1(write.cell)
            if coord is None:
                continue
            values[coord] = excel_value(write)
            if isinstance(write.value, Decimal) and write.kind in NUMBER_FORMATS:
                formats.append((coord, NUMBER_FORMATS[write.kind]))
            elif write.value == "—":
                dashes.append((coord, "center"))
        for fmt, rect in rectangles_by(formats):
            _range(sheet, rect).number_format = fmt
        for block in rectangles(values):
            _range(sheet, block).value = [list(row) for row in block.values]
        for _, rect in rectangles_by(dashes):
            _range(sheet, rect).horizontal_alignment = "center"


def _fill_before(
    mark: Mark, recorded: dict[tuple[str, str], MarkRecord], read: dict[tuple[str, str], str | None]
) -> str:
    """The fill to restore later: last run's record, else what Excel shows, else the template's."""
    key = (mark.sheet, mark.cell)
    if key in recorded:
        return recorded[key].fill
    current = read.get(key)
    if current is None or current in MARK_COLORS:  # unreadable, or a stale mark of ours
        return mark.base_fill or ""
    return current


def _mark(
    run: _Run,
    marks: Sequence[Mark],
    recorded: dict[tuple[str, str], MarkRecord],
    read: dict[tuple[str, str], str | None],
) -> list[MarkRecord]:
    fills: dict[str, list[tuple[Coord, str | None]]] = {}
    records: list[MarkRecord] = []
    for mark in marks:
        if run.sheet(mark.sheet) is None:
            continue
        coord = parse_a1(mark.cell)
        if coord is None:
            continue
        flags: set[str] = set()
        if mark.fill is not None:
            fills.setdefault(mark.sheet, []).append((coord, mark.fill))
            flags.add(FILL_FLAG)
        previous = recorded.get((mark.sheet, mark.cell))
        if not run.notes_ok:
            if previous is not None and previous.flags and NOTE_FLAG in previous.flags:
                flags.add(NOTE_FLAG)  # the earlier run's note is still there
            if not flags:
                continue  # an info: without a note it leaves nothing on the cell
        else:
            state = run.notes.get((mark.sheet, mark.cell), NoteState.NONE)
            if state is NoteState.OURS:  # an old note of ours that no record mentions
                run.delete_note(mark.sheet, mark.cell)
                state = NoteState.NONE
            if state is NoteState.NONE:
                run.add_note(mark.sheet, mark.cell, mark.note)
                flags.add(NOTE_FLAG)
        before = _fill_before(mark, recorded, read)
        records.append(MarkRecord(mark.sheet, mark.cell, before, frozenset(flags)))
    for sheet, cells in fills.items():
        run.fill(sheet, cells)
    return records


def _as_text_block(sheet: xw.Sheet, row: int, rows: Sequence[Sequence[Any]], col: int = 1) -> None:
    """Write a block of text cells that Excel must keep as text."""
    if not rows:
        return
    width = max(len(line) for line in rows)
    target = sheet.range((row, col), (row + len(rows) - 1, col + width - 1))
    target.number_format = TEXT_FORMAT
    target.value = [list(line) + [""] * (width - len(line)) for line in rows]


def meta_rows(meta: SheetGrid) -> list[list[str]]:
    """The rows of ``_jixiao`` as text, columns A to E."""
    return [
        [cell_text(meta.raw(row, col)) for col in range(1, META_COLUMNS + 1)]
        for row in range(1, meta.max_row + 1)
    ]


def rewrite_meta(sheet: xw.Sheet, old: Sequence[Sequence[str]], rows: Sequence[Sequence[str]]) -> None:
    """Write ``rows`` over ``old`` from the first row that differs; clear what is left below."""
    first = 0
    while first < min(len(old), len(rows)) and list(old[first]) == list(rows[first]):
        first += 1
    if first < len(rows):
        _as_text_block(sheet, first + 1, rows[first:])
    if len(old) > len(rows):
        sheet.range((len(rows) + 1, 1), (len(old), META_COLUMNS)).clear_contents()


def record_marks(run: _Run, records: Sequence[MarkRecord], *, create: bool = True) -> None:
    """Replace the ``marked`` rows of ``_jixiao``, leaving every other row where it is."""
    meta_grid = run.snapshot.grid.sheet(META_SHEET)
    sheet = run.sheet(META_SHEET)
    new_rows = [record.row() for record in records]
    if sheet is None or meta_grid is None:
        if not create:
            return
        book_sheets = run.book.sheets
        sheet = book_sheets.add(META_SHEET, after=book_sheets[len(book_sheets) - 1])
        run.sheets[META_SHEET] = sheet
        _as_text_block(sheet, 1, [["generated_by", "jixiao"], *new_rows])
        sheet.visible = False
        return
    old = meta_rows(meta_grid)
    kept = [line for line in old if not (line[0] == "marked" and line[1])]
    rewrite_meta(sheet, old, kept + new_rows)


def _results_sheet(run: _Run, plan: Plan) -> None:
    """Rebuild 校验结果: one row per finding, the cell as a link to it."""
    book = run.book
    sheet = run.sheet(RESULTS_SHEET)
    if sheet is not None:
        sheet.clear()
    else:
        sheet = book.sheets.add(RESULTS_SHEET, after=book.sheets[len(book.sheets) - 1])
        run.sheets[RESULTS_SHEET] = sheet
    rows = result_rows(plan.findings)
    count = len(rows) + 1 if rows else 2
    head = [list(RESULTS_HEADER[:4])] + [list(row[:4]) for row in rows]
    tail = [list(RESULTS_HEADER[5:])] + [list(row[5:]) for row in rows]
    if not rows:
        tail.append(["", "未发现问题。"])
    sheet.range((1, 2), (count, 4)).number_format = TEXT_FORMAT
    sheet.range((1, 6), (count, 7)).number_format = TEXT_FORMAT
    sheet.range((1, 1), (len(head), 4)).value = head
    sheet.range((1, 6), (len(tail), 7)).value = tail
    links: list[list[str]] = [[RESULTS_HEADER[4]]]
    existing = set(run.snapshot.sheet_names) | {META_SHEET}
    for row in rows:
        target_sheet, target_cell = str(row[3]), str(row[4])
        if target_cell and target_sheet in existing and parse_a1(target_cell) is not None:
            links.append([hyperlink_formula(target_sheet, target_cell)])
        else:
            links.append([target_cell])
    sheet.range((1, 5), (len(links), 5)).formula = links
    header = sheet.range((1, 1), (1, 7))
    header.font.bold = True
    header.color = _hex(_HEADER_FILL)
    header.horizontal_alignment = "center"
    severities = [
        ((index, 2), _RESULT_FILLS[str(row[1])])
        for index, row in enumerate(rows, start=2)
        if str(row[1]) in _RESULT_FILLS
    ]
    for color, rect in rectangles_by(severities):
        _range(sheet, rect).color = _hex(color)
    if len(links) > 1:
        sheet.range((2, 5), (len(links), 5)).font.color = f"#{_LINK_COLOR}"
    sheet.range((2, 7), (count, 7)).wrap_text = True
    scale = 1.0 if is_desktop(book) else _POINTS_PER_CHAR
    for col, width in enumerate(_RESULT_WIDTHS, start=1):
        sheet.range((1, col), (count, col)).column_width = width * scale


def _restore_active(run: _Run, deleted: str = "") -> None:
    """Adding sheets activates them in Excel: give the user back the sheet they were on."""
    name = run.snapshot.active_sheet
    if name and name in run.snapshot.sheet_names and name != deleted:
        target = run.sheet(name)
        if target is not None:
            target.activate()


def apply_plan(book: xw.Book, plan: Plan, snapshot: BookSnapshot) -> list[MarkRecord]:
    """Clear the previous marks, write computed values, mark, record, rebuild 校验结果."""
    run = _Run(book, snapshot, notes_ok=notes_supported(book))
    records = [
        record
        for record in meta_records(snapshot.grid.sheet(META_SHEET))
        if record.sheet in snapshot.sheet_names
    ]
    recorded = {(record.sheet, record.cell): record for record in records}
    marks = [mark for mark in plan.marks if mark.sheet in snapshot.sheet_names]
    run.read_notes([(r.sheet, r.cell) for r in records] + [(m.sheet, m.cell) for m in marks])
    read = run.read_fills(
        (m.sheet, m.cell) for m in marks if (m.sheet, m.cell) not in recorded
    )
    refilled = {(m.sheet, m.cell) for m in marks if m.fill is not None}
    undeletable = _restore(run, records, refilled)
    _write_values(run, plan.writes)
    new_records = _mark(run, marks, recorded, read)
    marked = {(record.sheet, record.cell) for record in new_records}
    new_records += [r for r in undeletable if (r.sheet, r.cell) not in marked]
    record_marks(run, new_records)
    _results_sheet(run, plan)
    _restore_active(run)
    return new_records


def clear_marks(book: xw.Book, snapshot: BookSnapshot) -> int:
    """清除标记: exactly the recorded marks, the records and the 校验结果 sheet; returns how many."""
    run = _Run(book, snapshot, notes_ok=notes_supported(book))
    records = [
        record
        for record in meta_records(snapshot.grid.sheet(META_SHEET))
        if record.sheet in snapshot.sheet_names
    ]
    run.read_notes((record.sheet, record.cell) for record in records)
    undeletable = _restore(run, records, set())
    record_marks(run, undeletable, create=False)
    results = run.sheet(RESULTS_SHEET)
    if results is not None:
        results.delete()
    _restore_active(run, deleted=RESULTS_SHEET)
    return len(records)


__all__ = [
    "MarkRecord",
    "NoteState",
    "apply_plan",
    "clear_marks",
    "excel_value",
    "hyperlink_formula",
    "meta_records",
    "meta_rows",
    "notes_supported",
    "record_marks",
    "rewrite_meta",
]
