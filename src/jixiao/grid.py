"""A semantics-free picture of a workbook: values by cell, merged ranges, defined names.

Readers (calamine, openpyxl, an xlwings book) produce a :class:`Grid`; the parser reads forms
from it and never sees a library object. Rows and columns are 1-based, as in Excel.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from jixiao.values import CellValue

Coord = tuple[int, int]

_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def column_letter(col: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """A → 1, AA → 27."""
    index = 0
    for char in letters.upper():
        index = index * 26 + (ord(char) - 64)
    return index


def a1(row: int, col: int) -> str:
    """(3, 2) → ``B3``."""
    return f"{column_letter(col)}{row}"


def parse_a1(ref: str) -> Coord | None:
    """``$B$3`` → (3, 2); None for anything that is not one cell."""
    match = _A1.match(ref.strip())
    if match is None:
        return None
    return int(match.group(2)), column_index(match.group(1))


@dataclass(frozen=True, slots=True)
class CellRange:
    """An inclusive rectangle, e.g. a merged range."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int

    def __contains__(self, coord: object) -> bool:
        if not isinstance(coord, tuple) or len(coord) != 2:
            return False
        row, col = coord
        return bool(
            self.first_row <= row <= self.last_row and self.first_col <= col <= self.last_col
        )

    @property
    def ref(self) -> str:
        return f"{a1(self.first_row, self.first_col)}:{a1(self.last_row, self.last_col)}"

    @classmethod
    def parse(cls, ref: str) -> CellRange | None:
        """``B7:D8`` or ``B7`` (a one-cell range)."""
        first, _, last = ref.replace("$", "").partition(":")
        start = parse_a1(first)
        end = parse_a1(last) if last else start
        if start is None or end is None:
            return None
        return cls(
            min(start[0], end[0]), min(start[1], end[1]), max(start[0], end[0]),
            max(start[1], end[1]),
        )


@dataclass(frozen=True, slots=True)
class DefinedName:
    """A defined name: ``scope`` is the sheet of a sheet-local name, None for the workbook."""

    name: str
    sheet: str
    ref: str
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class SheetGrid:
    """One worksheet: non-empty cells only, plus its merged ranges."""

    name: str
    cells: Mapping[Coord, CellValue]
    merges: tuple[CellRange, ...] = ()
    visible: bool = True
    uncached: frozenset[Coord] = frozenset()  # formula cells saved without a result
    _merge_index: dict[Coord, CellRange] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for merged in self.merges:
            for row in range(merged.first_row, merged.last_row + 1):
                for col in range(merged.first_col, merged.last_col + 1):
                    self._merge_index[(row, col)] = merged

    def merge_at(self, row: int, col: int) -> CellRange | None:
        """The merged range covering a cell, if any."""
        return self._merge_index.get((row, col))

    def raw(self, row: int, col: int) -> CellValue:
        """The cell's own value (None inside a merge except at its top-left)."""
        return self.cells.get((row, col))

    def value(self, row: int, col: int) -> CellValue:
        """What a person sees in the cell: a merged range shows its top-left value."""
        merged = self._merge_index.get((row, col))
        if merged is not None:
            return self.cells.get((merged.first_row, merged.first_col))
        return self.cells.get((row, col))

    def anchor(self, row: int, col: int) -> Coord:
        """The cell that holds the value shown at (row, col)."""
        merged = self._merge_index.get((row, col))
        return (merged.first_row, merged.first_col) if merged is not None else (row, col)

    @property
    def max_row(self) -> int:
        return max((row for row, _ in self.cells), default=0)

    @property
    def max_col(self) -> int:
        return max((col for _, col in self.cells), default=0)

    def texts(self) -> Iterator[tuple[Coord, str]]:
        """Every text cell in row-major order."""
        for coord in sorted(self.cells):
            value = self.cells[coord]
            if isinstance(value, str) and value.strip():
                yield coord, value


@dataclass(frozen=True, slots=True)
class Grid:
    """The whole workbook as the parser sees it."""

    sheets: tuple[SheetGrid, ...]
    names: tuple[DefinedName, ...] = ()
    source: str = ""

    def sheet(self, name: str) -> SheetGrid | None:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        return None

    def names_for(self, sheet: str) -> dict[str, str]:
        """Names that point into ``sheet`` (its local ones win), as name → ref."""
        found: dict[str, str] = {}
        for defined in sorted(self.names, key=lambda n: n.scope is not None):
            if defined.sheet == sheet and (defined.scope in (None, sheet)):
                found[defined.name] = defined.ref
        return found
