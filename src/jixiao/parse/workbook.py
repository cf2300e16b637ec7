"""Which sheet is which annex, and the whole workbook parsed."""

from __future__ import annotations

from jixiao.grid import Grid, SheetGrid
from jixiao.layout import LAYOUTS, META_SHEET, RESULTS_SHEET, TEMPLATE_VERSION, Form
from jixiao.messages import finding
from jixiao.models import Annex1, Annex2, Annex3, ParsedWorkbook, TemplateInfo
from jixiao.parse.annex1 import parse_annex1
from jixiao.parse.fields import FormReader
from jixiao.parse.meta import read_template_info
from jixiao.parse.self_evaluation import parse_annex2, parse_annex3
from jixiao.sheet_index import SheetIndex
from jixiao.values import label_key

_TITLE_ROWS = 6


def detect_form(sheet: SheetGrid, registered: dict[str, str] | None = None) -> Form | None:
    """The annex a sheet holds: the template's registry first, then the title, then the name."""
    if registered and sheet.name in registered:
        try:
            return Form(registered[sheet.name])
        except ValueError:
            pass
    for (row, _col), text in sheet.texts():
        if row > _TITLE_ROWS:
            break
        key = label_key(text)
        for layout in LAYOUTS.values():
            if any(marker in key for marker in layout.title_markers):
                return layout.form
    name = label_key(sheet.name)
    for layout in LAYOUTS.values():
        if name.startswith(layout.sheet_name):
            return layout.form
    return None


def parse_grid(grid: Grid) -> ParsedWorkbook:
    """Every annex found in the workbook; structural problems become findings, not exceptions."""
    meta_sheet = grid.sheet(META_SHEET)
    info = read_template_info(meta_sheet) if meta_sheet is not None else None
    template = info if info is not None and info.from_template else None
    annex1: Annex1 | None = None
    annex2: Annex2 | None = None
    annex3: list[Annex3] = []
    for sheet in grid.sheets:
        if sheet.name in (META_SHEET, RESULTS_SHEET):
            continue
        form = detect_form(sheet, template.forms if template else None)
        if form is None:
            continue
        reader = FormReader(SheetIndex(sheet), grid.names_for(sheet.name))
        if form is Form.ANNEX1 and annex1 is None:
            annex1 = parse_annex1(reader)
        elif form is Form.ANNEX2 and annex2 is None:
            annex2 = parse_annex2(reader)
        elif form is Form.ANNEX3:
            annex3.append(parse_annex3(reader))
    problems = []
    first_sheet = grid.sheets[0].name if grid.sheets else ""
    if annex1 is None and annex2 is None and not annex3:
        problems.append(finding("template-unknown", sheet=first_sheet, cell="", indicator="工作簿"))
    elif template is None:
        problems.append(
            finding("not-from-template", sheet=first_sheet, cell="", indicator="工作簿")
        )
    elif template.version is not None and template.version < TEMPLATE_VERSION:
        problems.append(
            finding(
                "template-outdated", sheet=META_SHEET, cell="B2", indicator="模板版本",
                value=str(template.version), expected=str(TEMPLATE_VERSION),
            )
        )
    return ParsedWorkbook(
        source=grid.source,
        template=template,
        marked=info.marked if info is not None else [],
        annex1=annex1,
        annex2=annex2,
        annex3=annex3,
        problems=problems,
    )


__all__ = ["TemplateInfo", "detect_form", "parse_grid"]
