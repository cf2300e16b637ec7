"""Finding labels in a sheet the way a person does: by their text, wherever they stand.

Labels are compared after folding full-width characters, dropping blanks, a leading ``其中：``,
list numbering (``1、``, ``（一）``) and a leading year (``2024年``), so ``其中：一般公共预算：1387.53``
is found by the anchor ``一般公共预算``, and ``效益指标（20分）`` by ``效益指标``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from jixiao.grid import Coord, SheetGrid, a1
from jixiao.values import CellValue, label_key

_NUMBERING = re.compile(r"^(?:\d+[、.．]|[（(][0-9一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)")
_YEAR = re.compile(r"^\d{4}年(?:度)?")
_TRAILING_VALUE = re.compile(r"：[-+]?[\d,]*\.?\d+(?:万元|元|亿元)?$")


@lru_cache(maxsize=8192)
def core_key(text: str) -> str:
    """The comparable core of a label (cached: the same labels recur in every workbook)."""
    key = label_key(text)
    if key.startswith("其中："):
        key = key[3:]
    key = _NUMBERING.sub("", key)
    key = _YEAR.sub("", key)
    key = _TRAILING_VALUE.sub("", key)
    return key.rstrip("：")


def _lookup_keys(core: str) -> set[str]:
    """The anchors a cell answers to: its core, and each part before a ``（`` remark."""
    keys = {core}
    position = core.find("（")
    while position > 0:
        keys.add(core[:position])
        position = core.find("（", position + 1)
    return keys


def matches(text: str, anchor: str) -> bool:
    """Equal cores, or the cell adds a parenthesised remark (``（万元）``, ``（20分）``)."""
    wanted = core_key(anchor)
    return bool(wanted) and wanted in _lookup_keys(core_key(text))


@dataclass(slots=True)
class SheetIndex:
    """Text cells of one sheet in reading order, indexed by label for constant-time search."""

    sheet: SheetGrid
    _texts: list[tuple[Coord, str]] = field(default_factory=list)
    _by_key: dict[str, list[Coord]] = field(default_factory=dict)
    _by_row: dict[int, list[tuple[int, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._texts = list(self.sheet.texts())
        for coord, text in self._texts:
            for key in _lookup_keys(core_key(text)):
                self._by_key.setdefault(key, []).append(coord)
            self._by_row.setdefault(coord[0], []).append((coord[1], text))

    @property
    def name(self) -> str:
        return self.sheet.name

    def find(
        self,
        anchors: Iterable[str],
        *,
        rows: tuple[int, int] = (1, 10**7),
        max_col: int = 10**4,
    ) -> Coord | None:
        """The first cell, in reading order, whose text matches one of the anchors."""
        best: Coord | None = None
        for anchor in anchors:
            for coord in self._by_key.get(core_key(anchor), ()):
                if rows[0] <= coord[0] <= rows[1] and coord[1] <= max_col:
                    if best is None or coord < best:
                        best = coord
                    break  # coordinates are stored in reading order
        return best

    def leading_texts(self, count: int) -> list[str]:
        """The first texts in reading order (titles live there)."""
        return [text for _, text in self._texts[:count]]

    def row_texts(self, row: int) -> list[tuple[int, str]]:
        """(column, text) of the text cells in one row."""
        return self._by_row.get(row, [])

    def right_of(self, row: int, col: int) -> Coord:
        """The cell right after a (possibly merged) label."""
        merged = self.sheet.merge_at(row, col)
        last = merged.last_col if merged is not None else col
        return row, last + 1

    def value(self, coord: Coord) -> CellValue:
        return self.sheet.raw(*coord)

    def ref(self, coord: Coord) -> str:
        return a1(*coord)

    def header_columns(self, row: int, headers: Iterable[str]) -> dict[str, int]:
        """Column of each header label found in ``row`` (first match wins)."""
        found: dict[str, int] = {}
        cells = self.row_texts(row)
        for header in headers:
            for col, text in cells:
                if matches(text, header) and col not in found.values():
                    found[header] = col
                    break
        return found
