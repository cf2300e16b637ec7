"""Formula cells saved without a result, and which worksheet part is which sheet.

A workbook written by a program (not saved by Excel or LibreOffice) may hold formulas without
cached values; every value reader then sees an empty cell. Such cells are reported as
``cache-missing`` instead of ``missing-value``, so the accountant knows to open and save the file.
"""

from __future__ import annotations

import posixpath
import re

from defusedxml import ElementTree

from jixiao.grid import Coord, column_index

_VALUE = re.compile(rb"<v>[^<]")  # a non-empty cached value (openpyxl writes an empty <v />)
_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def uncached_formulas(sheet_xml: bytes) -> frozenset[Coord]:
    """Cells of a worksheet part that carry a formula but no value."""
    if b"<f" not in sheet_xml:
        return frozenset()
    found = set()
    for match in _CELL.finditer(sheet_xml):
        inner = match.group(3) or b""
        if b"<f" in inner and not _VALUE.search(inner) and b"<is>" not in inner:
            found.add((int(match.group(2)), column_index(match.group(1).decode())))
    return frozenset(found)


def sheet_parts(workbook_xml: bytes, rels_xml: bytes) -> dict[str, str]:
    """Worksheet part name (``xl/worksheets/sheet2.xml``) → sheet name."""
    if not workbook_xml or not rels_xml:
        return {}
    targets = {
        rel.get("Id", ""): rel.get("Target", "")
        for rel in ElementTree.fromstring(rels_xml).iter(f"{_RELS}Relationship")
    }
    parts: dict[str, str] = {}
    for sheet in ElementTree.fromstring(workbook_xml).iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_DOC_REL, ""), "")
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target)
        )
        parts[part] = sheet.get("name", "")
    return parts
