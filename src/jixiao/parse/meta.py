"""The hidden ``_jixiao`` sheet: template identity, year, profile, forms and marked cells."""

from __future__ import annotations

from jixiao.grid import SheetGrid
from jixiao.models import MarkedCell, TemplateInfo
from jixiao.values import CellValue


def _text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _int(value: CellValue) -> int | None:
    text = _text(value)
    return int(text) if text.isdigit() else None


def read_template_info(sheet: SheetGrid) -> TemplateInfo:
    """Key/value rows in columns A–C; unknown keys are ignored."""
    values: dict[str, str] = {}
    forms: dict[str, str] = {}
    marked: list[MarkedCell] = []
    for row in range(1, sheet.max_row + 1):
        key = _text(sheet.raw(row, 1))
        second, third = _text(sheet.raw(row, 2)), _text(sheet.raw(row, 3))
        fourth = _text(sheet.raw(row, 4))
        if key == "form" and second and third:
            forms[second] = third
        elif key == "marked" and second and third:
            marked.append(MarkedCell(sheet=second, cell=third, fill=fourth))
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
