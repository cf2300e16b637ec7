"""Defined names straight from ``xl/workbook.xml``: calamine does not expose them, and loading
openpyxl only for these would parse far more than needed."""

from __future__ import annotations

import zipfile
from pathlib import Path

from defusedxml import ElementTree

from jixiao.grid import DefinedName

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def split_reference(text: str) -> tuple[str, str] | None:
    """``'附件2'!$D$3`` → (附件2, $D$3); None for formulas, constants and multi-area names."""
    text = text.strip()
    if "!" not in text or "," in text:
        return None
    sheet, _, ref = text.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    if not ref or any(ch in ref for ch in "()+-*/&\"") or sheet.startswith("["):
        return None
    return sheet, ref


def read_defined_names(path: Path) -> tuple[DefinedName, ...]:
    """Names of an xlsx/xlsm that point at a cell or range; anything else is skipped."""
    try:
        with zipfile.ZipFile(path) as archive:
            data = archive.read("xl/workbook.xml")
    except (KeyError, OSError, zipfile.BadZipFile):
        return ()
    return parse_defined_names(data)


def parse_defined_names(data: bytes) -> tuple[DefinedName, ...]:
    """The names in a ``xl/workbook.xml`` (parsed without entity expansion)."""
    if b"definedName" not in data:
        return ()
    root = ElementTree.fromstring(data)
    sheets = [sheet.get("name", "") for sheet in root.iter(f"{_NS}sheet")]
    found: list[DefinedName] = []
    for element in root.iter(f"{_NS}definedName"):
        name = element.get("name", "")
        if not name or name.startswith("_xlnm."):
            continue
        parsed = split_reference(element.text or "")
        if parsed is None:
            continue
        local = element.get("localSheetId")
        scope = None
        if local is not None and local.isdigit() and int(local) < len(sheets):
            scope = sheets[int(local)]
        found.append(DefinedName(name=name, sheet=parsed[0], ref=parsed[1], scope=scope))
    return tuple(found)
