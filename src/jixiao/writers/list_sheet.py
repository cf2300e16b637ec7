"""Print setup shared by the sheets that list findings (校验结果, 汇总, 问题清单)."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet


def print_as_list(sheet: Worksheet) -> None:
    """A4 landscape, one page wide, the header row repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
