"""Group single cells into rectangles, so that Excel gets one call per block, not per cell.

Every COM call is a cross-process round trip (and every Office.js action one more entry in the
batch), so writes and fills are sent per rectangle of adjacent cells that take the same kind of
update. Only truly adjacent cells are joined: a merged cell's hidden neighbours are never part of
a rectangle, because only the merge's top-left cell is ever in the input.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from jixiao.grid import Coord

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Rect(Generic[T]):
    """A rectangle of cells, 1-based and inclusive, with the values row by row."""

    row: int
    col: int
    values: tuple[tuple[T, ...], ...]

    @property
    def last_row(self) -> int:
        return self.row + len(self.values) - 1

    @property
    def last_col(self) -> int:
        return self.col + len(self.values[0]) - 1


def _row_runs(cells: Mapping[Coord, T]) -> list[tuple[int, int, int]]:
    """(row, first col, last col) for each horizontal run of adjacent cells."""
    runs: list[tuple[int, int, int]] = []
    for row, col in sorted(cells):
        if runs and runs[-1][0] == row and runs[-1][2] == col - 1:
            runs[-1] = (row, runs[-1][1], col)
        else:
            runs.append((row, col, col))
    return runs


def rectangles(cells: Mapping[Coord, T]) -> list[Rect[T]]:
    """Adjacent cells as rectangles: row runs first, then runs of equal span stacked down."""
    stacks: dict[tuple[int, int], list[int]] = {}  # (first col, last col) → rows, open stacks
    done: list[tuple[int, int, int, int]] = []  # first row, last row, first col, last col
    for row, first, last in _row_runs(cells):
        rows = stacks.get((first, last))
        if rows is not None and rows[-1] == row - 1:
            rows.append(row)
            continue
        if rows is not None:
            done.append((rows[0], rows[-1], first, last))
        stacks[(first, last)] = [row]
    done.extend((rows[0], rows[-1], first, last) for (first, last), rows in stacks.items())
    return [
        Rect(
            row=top,
            col=left,
            values=tuple(
                tuple(cells[(r, c)] for c in range(left, right + 1))
                for r in range(top, bottom + 1)
            ),
        )
        for top, bottom, left, right in sorted(done)
    ]


def rectangles_by(cells: Iterable[tuple[Coord, K]]) -> list[tuple[K, Rect[K]]]:
    """Rectangles of cells that share a key (a colour, a number format), one list per key."""
    groups: dict[K, dict[Coord, K]] = {}
    for coord, key in cells:
        groups.setdefault(key, {})[coord] = key
    return [(key, rect) for key, group in groups.items() for rect in rectangles(group)]
