"""The hidden ``_jixiao`` sheet: template identity, year, profile, forms and marked cells."""

from __future__ import annotations

from jixiao.grid import SheetGrid
from jixiao.models import MarkedCell, TemplateInfo
from jixiao.values import CellValue


def cell_text(value: CellValue) -> str:
    """A `_jixiao` cell as text (whole numbers without ".0")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _int(value: CellValue) -> int | None:
    text = cell_text(value)
    return int(text) if text.isdigit() else None


def read_template_info(sheet: SheetGrid) -> TemplateInfo:
    """Key/value rows in columns A–C; unknown keys are ignored."""
    values: dict[str, str] = {}
    forms: dict[str, str] = {}
    marked: list[MarkedCell] = []
    for row in range(1, sheet.max_row + 1):
        key = cell_text(sheet.raw(row, 1))
        second, third = cell_text(sheet.raw(row, 2)), cell_text(sheet.raw(row, 3))
        fourth, fifth = cell_text(sheet.raw(row, 4)), cell_text(sheet.raw(row, 5))
        if key == "form" and second and third:
            forms[second] = third
        elif key == "marked" and second and third:
            marked.append(MarkedCell(sheet=second, cell=third, fill=fourth, flags=fifth))
        elif key and key not in values:
            values[key] = second
    return TemplateInfo(
        template_id=values.get("template_id", ""),
        version=_int(values.get("template_version")),
        year=_int(values.get("year")),
        profile=values.get("profile", ""),
        forms=forms,
        marked=marked,
    )
