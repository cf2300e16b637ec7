"""Copies of a workbook made by other programs: LibreOffice and XlsxWriter.

A department may open the annex in another program and save it again; what it saves must parse
to the same forms.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import xlsxwriter


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_copy(source: Path, folder: Path) -> Path:
    """``soffice --headless --convert-to xlsx``: LibreOffice opens, recalculates and saves."""
    program = soffice()
    assert program is not None
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / "lo-profile"
    subprocess.run(
        [program, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "xlsx", "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    return folder / f"{source.stem}.xlsx"


def xlsxwriter_copy(source: Path, target: Path) -> Path:
    """Values, merged ranges, sheet states and defined names rewritten by XlsxWriter."""
    book = openpyxl.load_workbook(source)
    out = xlsxwriter.Workbook(str(target))
    for sheet in book.worksheets:
        written = out.add_worksheet(sheet.title)
        if sheet.sheet_state != "visible":
            written.hide()
        merged_anchors = set()
        for merged in sheet.merged_cells.ranges:
            top_left = sheet.cell(merged.min_row, merged.min_col).value
            written.merge_range(merged.min_row - 1, merged.min_col - 1, merged.max_row - 1,
                                merged.max_col - 1, top_left)
            merged_anchors.add((merged.min_row, merged.min_col))
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None or (cell.row, cell.column) in merged_anchors:
                    continue
                if isinstance(cell.value, str):
                    written.write_string(cell.row - 1, cell.column - 1, cell.value)
                else:
                    written.write(cell.row - 1, cell.column - 1, cell.value)
    for sheet in book.worksheets:
        for name, defined in sheet.defined_names.items():
            out.define_name(f"'{sheet.title}'!{name}", f"='{sheet.title}'!{defined.attr_text.split('!')[-1]}")
    for name, defined in book.defined_names.items():
        out.define_name(name, f"={defined.attr_text}")
    out.close()
    return target
