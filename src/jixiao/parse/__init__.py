"""From a :class:`~jixiao.grid.Grid` to the forms it holds (no adapter imports here)."""

from __future__ import annotations

from jixiao.parse.workbook import detect_form, parse_grid

__all__ = ["detect_form", "parse_grid"]
