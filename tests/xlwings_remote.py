"""Run xlwings-bound code on Linux: xlwings' remote engine against real .xlsx files.

1. :func:`payload_from_xlsx` builds the payload the Office.js client would send (values anchored
   at A1, ``""`` for empty cells, defined names, which cells have notes) from a file, with
   openpyxl; ``floats=True`` turns every number into a float, as COM delivers them.
2. ``xw.Book(json=payload)`` runs the function under test; reads come from the payload, writes
   become actions in ``book.json()["actions"]``.
3. :func:`apply_actions` replays those actions into the openpyxl workbook the way Excel would:
   it raises on any action it does not know (so a new API use is noticed), on adding a note
   where one exists and on deleting one that is not there, keeps text in text-formatted cells
   as text and turns numeric-looking text elsewhere into numbers, as Excel does.

Fidelity gaps, on purpose: no merge information in the payload (Office.js sends none), no
recalculation of formulas, column widths stored in the unit the action carries.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
os.environ.setdefault("XLWINGS_ON_SERVER", "true")

import xlwings as xw
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
_VISIBILITY = {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}
_STATE = {"Visible": "visible", "Hidden": "hidden", "VeryHidden": "veryHidden"}
_ALIGN = {"Center": "center", "Left": "left", "Right": "right", "General": "general",
          "Top": "top", "Bottom": "bottom", "Justify": "justify", "Distributed": "distributed"}


def _json_value(value: Any, floats: bool) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value) if floats else value
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds") + "Z"
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day).isoformat() + "Z"
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value)


def _names(workbook: Workbook) -> list[dict[str, Any]]:
    sheets = [sheet.title for sheet in workbook.worksheets]
    found: list[dict[str, Any]] = []

    def add(name: str, text: str, scope: str | None) -> None:
        refers_to = "=" + text
        sheet_index = address = None
        if "!" in text and "," not in text:
            sheet, _, ref = text.rpartition("!")
            sheet = sheet.strip("'").replace("''", "'")
            if sheet in sheets:
                sheet_index, address = sheets.index(sheet), ref.replace("$", "")
        found.append({
            "name": name, "refers_to": refers_to, "type": "Range",
            "sheet_index": sheet_index, "address": address,
            "scope_sheet_name": scope,
            "scope_sheet_index": sheets.index(scope) if scope is not None else None,
            "book_scope": scope is None,
        })

    for name, defined in workbook.defined_names.items():
        if defined.attr_text:
            add(name, defined.attr_text, None)
    for sheet in workbook.worksheets:
        for name, defined in sheet.defined_names.items():
            if defined.attr_text:
                add(name, defined.attr_text, sheet.title)
    return found


def payload_from_xlsx(path: Path, *, floats: bool = False) -> dict[str, Any]:
    """The Office.js-shaped payload of a workbook (cached values, as Excel shows them)."""
    workbook = load_workbook(path, data_only=True)
    sheets = []
    for sheet in workbook.worksheets:
        rows, cols = sheet.max_row, sheet.max_column
        values = [
            [_json_value(sheet.cell(r, c).value, floats) for c in range(1, cols + 1)]
            for r in range(1, rows + 1)
        ]
        notes = [
            {"address": cell.coordinate}
            for line in sheet.iter_rows() for cell in line if cell.comment is not None
        ]
        sheets.append({
            "name": sheet.title,
            "visibility": _VISIBILITY.get(sheet.sheet_state, "Visible"),
            "show_gridlines": True,
            "print_area": None,
            "notes": notes,
            "notes_supported": True,
            "used_range_address": f"A1:{get_column_letter(cols)}{rows}",
            "values": values,
            "pictures": [], "shapes": [], "charts": [], "tables": [], "pivot_tables": [],
        })
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": path.name, "active_sheet_index": workbook.index(workbook.active),
                 "selection": "A1", "calculation": "Automatic"},
        "names": _names(workbook),
        "sheets": sheets,
    }


class ReplayError(AssertionError):
    """An action that Excel would refuse, or that the harness does not know."""


@dataclass
class Replay:
    """Replays actions into an openpyxl workbook, keeping what Excel would keep."""

    workbook: Workbook
    alerts: list[str] = field(default_factory=list)
    text_cells: set[tuple[str, str]] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)

    def sheet(self, action: dict[str, Any]) -> Worksheet:
        return self.workbook.worksheets[action["sheet_position"]]

    def cells(self, action: dict[str, Any]) -> list[list[Cell]]:
        sheet = self.sheet(action)
        top, left = action["start_row"] + 1, action["start_column"] + 1
        return [
            [sheet.cell(top + r, left + c) for c in range(action["column_count"])]
            for r in range(action["row_count"])
        ]

    def each(self, action: dict[str, Any]) -> list[Cell]:
        return [cell for line in self.cells(action) for cell in line]

    def is_text(self, cell: Cell) -> bool:
        key = (cell.parent.title, cell.coordinate)
        return key in self.text_cells or cell.number_format == "@"

    def set_value(self, cell: Cell, value: Any) -> None:
        if isinstance(cell, MergedCell):
            raise ReplayError(f"write into the hidden part of a merge: {cell.coordinate}")
        if value == "" or value is None:
            cell.value = None
            return
        if isinstance(value, str):
            if self.is_text(cell):
                cell.value = value
                cell.data_type = "s"
                return
            if value.startswith("'"):
                cell.value = value[1:]
                cell.data_type = "s"
                return
            if _NUMBER.match(value.strip()):  # Excel turns numeric text into a number
                number = float(value)
                cell.value = int(number) if number.is_integer() else number
                return
        cell.value = value

    def apply(self, action: dict[str, Any]) -> None:
        func = action["func"]
        self.counts[func] = self.counts.get(func, 0) + 1
        handler = getattr(self, f"do_{func}", None)
        if handler is None:
            raise ReplayError(f"unknown action {func}: {action}")
        handler(action, action.get("args") or [])

    # -- values --------------------------------------------------------------------------
    def do_setValues(self, action: dict[str, Any], args: list[Any]) -> None:
        for line, values in zip(self.cells(action), action["values"], strict=True):
            for cell, value in zip(line, values, strict=True):
                self.set_value(cell, value)

    def do_setFormula(self, action: dict[str, Any], args: list[Any]) -> None:
        for line, values in zip(self.cells(action), action["values"], strict=True):
            for cell, value in zip(line, values, strict=True):
                if isinstance(cell, MergedCell):
                    raise ReplayError(f"formula into a merge: {cell.coordinate}")
                cell.value = value

    def do_rangeClearContents(self, action: dict[str, Any], args: list[Any]) -> None:
        for cell in self.each(action):
            if not isinstance(cell, MergedCell):
                cell.value = None

    # -- formats -------------------------------------------------------------------------
    def do_setNumberFormat(self, action: dict[str, Any], args: list[Any]) -> None:
        for cell in self.each(action):
            cell.number_format = args[0]
            key = (cell.parent.title, cell.coordinate)
            if args[0] == "@":
                self.text_cells.add(key)
            else:
                self.text_cells.discard(key)

    def _fill(self, cell: Cell, color: str | None) -> None:
        if color is None:
            cell.fill = PatternFill(fill_type=None)
        else:
            argb = "FF" + color.lstrip("#").upper()
            cell.fill = PatternFill(fill_type="solid", start_color=argb, end_color=argb)

    def do_setRangeColor(self, action: dict[str, Any], args: list[Any]) -> None:
        for cell in self.each(action):
            self._fill(cell, args[0])

    def do_setRangeColors(self, action: dict[str, Any], args: list[Any]) -> None:
        for line, colors in zip(self.cells(action), args[0], strict=True):
            for cell, color in zip(line, colors, strict=True):
                if color != "keep":
                    self._fill(cell, color)

    def do_setHorizontalAlignment(self, action: dict[str, Any], args: list[Any]) -> None:
        for cell in self.each(action):
            align = copy.copy(cell.alignment)
            cell.alignment = Alignment(horizontal=_ALIGN[args[0]], vertical=align.vertical,
                                       wrap_text=align.wrap_text)

    def do_setVerticalAlignment(self, action: dict[str, Any], args: list[Any]) -> None:
        for cell in self.each(action):
            align = copy.copy(cell.alignment)
            cell.alignment = Alignment(horizontal=align.horizontal, vertical=_ALIGN[args[0]],
                                       wrap_text=align.wrap_text)

    def do_setWrapText(self, action: dict[str, Any], args: list[Any]) -> None:
        for cell in self.each(action):
            align = copy.copy(cell.alignment)
            cell.alignment = Alignment(horizontal=align.horizontal, vertical=align.vertical,
                                       wrap_text=bool(args[0]))

    def do_setFontProperty(self, action: dict[str, Any], args: list[Any]) -> None:
        prop, value = args[0], args[1]
        for cell in self.each(action):
            font = copy.copy(cell.font)
            if prop == "color":
                font = Font(name=font.name, size=font.size, bold=font.bold, italic=font.italic,
                            color="FF" + str(value).lstrip("#").upper())
            elif prop in ("bold", "italic", "size", "name"):
                setattr(font, prop if prop != "bold" else "b", value)
                if prop == "italic":
                    font.i = value
            else:
                raise ReplayError(f"font property {prop}")
            cell.font = font

    def do_setBorderProperty(self, action: dict[str, Any], args: list[Any]) -> None:
        side_name, attribute, value = args
        if attribute != "line_style" and attribute != "weight" and attribute != "color":
            raise ReplayError(f"border attribute {attribute}")
        if attribute != "line_style":
            return
        style = None if value in (None, "none") else "thin"
        cells = self.cells(action)
        edges = {
            "edge_top": [(0, c) for c in range(len(cells[0]))],
            "edge_bottom": [(len(cells) - 1, c) for c in range(len(cells[0]))],
            "edge_left": [(r, 0) for r in range(len(cells))],
            "edge_right": [(r, len(cells[0]) - 1) for r in range(len(cells))],
        }
        sides = {"edge_top": "top", "edge_bottom": "bottom", "edge_left": "left",
                 "edge_right": "right", "inside_horizontal": "inside_horizontal",
                 "inside_vertical": "inside_vertical"}
        if side_name not in sides:
            raise ReplayError(f"border side {side_name}")
        # Excel draws an inside line once, between two cells: openpyxl keeps it on both.
        targets: list[tuple[int, int, str]] = []
        if side_name in edges:
            targets = [(r, c, sides[side_name]) for r, c in edges[side_name]]
        elif side_name == "inside_horizontal":
            targets = [(r, c, "bottom") for r in range(len(cells) - 1)
                       for c in range(len(cells[0]))]
            targets += [(r, c, "top") for r in range(1, len(cells)) for c in range(len(cells[0]))]
        else:
            targets = [(r, c, "right") for r in range(len(cells))
                       for c in range(len(cells[0]) - 1)]
            targets += [(r, c, "left") for r in range(len(cells)) for c in range(1, len(cells[0]))]
        for r, c, side in targets:
            cell = cells[r][c]
            border = copy.copy(cell.border)
            parts = {name: getattr(border, name) for name in ("left", "right", "top", "bottom")}
            parts[side] = Side(style=style)
            cell.border = Border(**parts)

    def do_setColumnWidth(self, action: dict[str, Any], args: list[Any]) -> None:
        sheet = self.sheet(action)
        left = action["start_column"] + 1
        for col in range(left, left + action["column_count"]):
            sheet.column_dimensions[get_column_letter(col)].width = float(args[0])

    def do_setRowHeight(self, action: dict[str, Any], args: list[Any]) -> None:
        sheet = self.sheet(action)
        top = action["start_row"] + 1
        for row in range(top, top + action["row_count"]):
            sheet.row_dimensions[row].height = float(args[0])

    def do_rangeMerge(self, action: dict[str, Any], args: list[Any]) -> None:
        sheet = self.sheet(action)
        top, left = action["start_row"] + 1, action["start_column"] + 1
        sheet.merge_cells(start_row=top, start_column=left,
                          end_row=top + action["row_count"] - 1,
                          end_column=left + action["column_count"] - 1)

    # -- notes ---------------------------------------------------------------------------
    def _one(self, action: dict[str, Any], address: str) -> Cell:
        return self.sheet(action)[address.replace("$", "")]

    def do_addNote(self, action: dict[str, Any], args: list[Any]) -> None:
        cell = self._one(action, args[0])
        if cell.comment is not None:
            raise ReplayError(f"A note already exists on {cell.parent.title}!{cell.coordinate}")
        cell.comment = Comment(args[1], "jixiao")

    def do_deleteNote(self, action: dict[str, Any], args: list[Any]) -> None:
        cell = self._one(action, args[0])
        if cell.comment is None:
            raise ReplayError(f"no note to delete on {cell.parent.title}!{cell.coordinate}")
        cell.comment = None

    # -- sheets and names ----------------------------------------------------------------
    def do_addSheet(self, action: dict[str, Any], args: list[Any]) -> None:
        if args[1] in self.workbook.sheetnames:
            raise ReplayError(f"sheet {args[1]} exists")
        self.workbook.create_sheet(args[1], args[0])

    def do_sheetDelete(self, action: dict[str, Any], args: list[Any]) -> None:
        self.workbook.remove(self.sheet(action))

    def do_sheetClear(self, action: dict[str, Any], args: list[Any]) -> None:
        sheet = self.sheet(action)
        for merged in list(sheet.merged_cells.ranges):
            sheet.unmerge_cells(str(merged))
        for line in sheet.iter_rows():
            for cell in line:
                cell.value = None
                cell.style = "Normal"
                cell.comment = None
                cell.hyperlink = None
        self.text_cells = {key for key in self.text_cells if key[0] != sheet.title}

    def do_setSheetVisibility(self, action: dict[str, Any], args: list[Any]) -> None:
        self.sheet(action).sheet_state = _STATE[args[0]]

    def do_activateSheet(self, action: dict[str, Any], args: list[Any]) -> None:
        self.workbook.active = args[0]

    def do_setSheetName(self, action: dict[str, Any], args: list[Any]) -> None:
        sheet = self.sheet(action)
        old, new = sheet.title, args[0]
        sheet.title = new
        for defined in sheet.defined_names.values():  # Excel rewrites local names' references
            _, _, ref = (defined.attr_text or "").rpartition("!")
            defined.attr_text = f"{quote_sheetname(new)}!{ref}"
        self.text_cells = {(new if s == old else s, c) for s, c in self.text_cells}

    def do_setSheetPosition(self, action: dict[str, Any], args: list[Any]) -> None:
        sheet = self.sheet(action)
        self.workbook.move_sheet(sheet, args[0] - self.workbook.index(sheet))

    def do_namesAdd(self, action: dict[str, Any], args: list[Any]) -> None:
        name, refers_to = args[0], str(args[1]).removeprefix("=")
        if action.get("sheet_position") is not None:
            sheet = self.sheet(action)
            if name in sheet.defined_names:
                raise ReplayError(f"name {name} exists on {sheet.title}")
            sheet.defined_names[name] = DefinedName(name, attr_text=refers_to)
        else:
            self.workbook.defined_names[name] = DefinedName(name, attr_text=refers_to)

    def do_setPrintArea(self, action: dict[str, Any], args: list[Any]) -> None:
        self.sheet(action).print_area = args[0]

    # -- application ---------------------------------------------------------------------
    def do_alert(self, action: dict[str, Any], args: list[Any]) -> None:
        self.alerts.append(str(args[0]))

    def do_setScreenUpdating(self, action: dict[str, Any], args: list[Any]) -> None:
        pass


@dataclass
class RemoteRun:
    """The outcome of one function run on the remote engine and replayed."""

    workbook: Workbook
    actions: list[dict[str, Any]]
    alerts: list[str]
    result: Any
    counts: dict[str, int]


def run_remote(
    func: Callable[[Any], Any], path: Path, *, floats: bool = False, out: Path | None = None
) -> RemoteRun:
    """Run ``func(book)`` on the remote engine over ``path``; replay; optionally save ``out``."""
    book = xw.Book(json=payload_from_xlsx(path, floats=floats))
    result = func(book)
    actions = book.json()["actions"]
    workbook = load_workbook(path, rich_text=True)
    replay = Replay(workbook)
    for action in actions:
        replay.apply(action)
    if out is not None:
        workbook.save(out)
    return RemoteRun(workbook, actions, replay.alerts, result, replay.counts)
