"""The annex template: content model, builder, deterministic saving and the CLI command."""

from jixiao.template.builder import (
    QUALITATIVE_OPTIONS,
    add_project_sheet,
    annex3_sheet_names,
    build_template,
    build_workbook,
)
from jixiao.template.content import (
    Annex1Content,
    Annex2Content,
    Annex3Content,
    BuildingLine,
    ExpenseValues,
    Footer,
    Funds,
    Goal,
    IndicatorContent,
    ProjectLine,
    SourceValues,
    Totals,
)
from jixiao.template.save import save_workbook, workbook_bytes

__all__ = [
    "QUALITATIVE_OPTIONS",
    "Annex1Content",
    "Annex2Content",
    "Annex3Content",
    "BuildingLine",
    "ExpenseValues",
    "Footer",
    "Funds",
    "Goal",
    "IndicatorContent",
    "ProjectLine",
    "SourceValues",
    "Totals",
    "add_project_sheet",
    "annex3_sheet_names",
    "build_template",
    "build_workbook",
    "save_workbook",
    "workbook_bytes",
]
