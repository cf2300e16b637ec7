"""Lay the annex forms out from ``layout.py`` into an openpyxl workbook.

The builder knows nothing about the forms beyond what ``layout.py`` says: it walks each
FormLayout top to bottom, expands repeated rows to the content's items, merges bands and
indicator groups down, and adds what makes the file a template (styles, print setup, data
validation, sheet-local names, the hidden ``_jixiao`` sheet). Computed cells get values only when
the content carries them (the samples); they never get formulas.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.layout import (
    ANNEX1,
    ANNEX2,
    ANNEX2_GROUPS,
    ANNEX3,
    ANNEX3_GROUPS,
    EXPENDITURE_ROWS,
    EXPENSE_ROWS,
    INCOME_ROWS,
    INDICATOR_HEADER_NAME,
    META_SHEET,
    PROJECT_SOURCES,
    TEMPLATE_ID,
    TEMPLATE_VERSION,
    Form,
    FormLayout,
    IndicatorGroup,
    Role,
    RowSpec,
    defined_name,
    group_label,
)
from jixiao.template import styles
from jixiao.template.content import (
    Annex1Content,
    Annex2Content,
    Annex3Content,
    Cell,
    ExpenseValues,
    Footer,
    Funds,
    Goal,
    IndicatorContent,
    SourceValues,
    Totals,
)

QUALITATIVE_OPTIONS = (
    "达成年度指标",
    "部分达成年度指标并具有一定效果",
    "未达成年度指标且效果较差",
)
"""The three 实际完成值 of a qualitative indicator (财预〔2020〕10号)."""

ANNEX3_BASE = ANNEX3.sheet_name
_ANNEX3_NUMBERED = re.compile(rf"^{re.escape(ANNEX3_BASE)}-(\d+)$")

# Rows printed as plain text around the table: no borders, no fills.
_LOOSE_ROWS = frozenset({"annex", "title", "year", "note"})
# Rows whose labels read as row captions (left) rather than column headers (centred).
_LEFT_LABEL_PREFIXES = ("expense.", "income.", "sources.", "thrift", "footer.")


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the rows of one form landed: row key → (first row, last row), 1-based."""

    rows: Mapping[str, tuple[int, int]]

    def first(self, key: str) -> int:
        return self.rows[key][0]

    def last(self, key: str) -> int:
        return self.rows[key][1]

    @property
    def end(self) -> int:
        return max(last for _, last in self.rows.values())


@dataclass(frozen=True, slots=True)
class _FormData:
    """A form's content flattened to cell values: by named-field key, and per repeated row."""

    values: Mapping[str, Cell]
    repeats: Mapping[str, Sequence[Mapping[str, Cell]]]
    indicators: Sequence[IndicatorContent] = ()


# ---------------------------------------------------------------------------------------------
# Public API


def build_workbook(
    annex1: Annex1Content,
    annex2: Annex2Content,
    annex3_list: Sequence[Annex3Content],
    *,
    year: int,
    profile: str,
) -> Workbook:
    """附件1, 附件2 and one 附件3 per project (``附件3`` alone, ``附件3-1``… when several)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _set_properties(workbook, year)
    _write_annex(workbook.create_sheet(ANNEX1.sheet_name), ANNEX1, _annex1_data(annex1), year)
    _write_annex(workbook.create_sheet(ANNEX2.sheet_name), ANNEX2, _annex2_data(annex2), year)
    names = annex3_sheet_names(len(annex3_list))
    for name, project in zip(names, annex3_list, strict=True):
        _write_annex(workbook.create_sheet(name), ANNEX3, _annex3_data(project), year)
    forms = [(ANNEX1.sheet_name, Form.ANNEX1), (ANNEX2.sheet_name, Form.ANNEX2)]
    forms += [(name, Form.ANNEX3) for name in names]
    _write_meta(workbook, year=year, profile=profile, forms=forms)
    return workbook


def build_template(*, year: int, profile: str) -> Workbook:
    """The empty annex template a finance bureau sends out: 附件1, 附件2 and one 附件3."""
    return build_workbook(
        Annex1Content(), Annex2Content(), [Annex3Content()], year=year, profile=profile
    )


def annex3_sheet_names(count: int) -> list[str]:
    """``附件3`` for a single project, ``附件3-1``, ``附件3-2``, … for several."""
    if count == 1:
        return [ANNEX3_BASE]
    return [f"{ANNEX3_BASE}-{i}" for i in range(1, count + 1)]


def add_project_sheet(workbook: Workbook, content: Annex3Content | None = None) -> Worksheet:
    """新增项目表: append another 附件3 after the last one and register it in ``_jixiao``.

    A lone ``附件3`` becomes ``附件3-1`` and the new sheet ``附件3-<n>``; sheets the user renamed
    keep their names. Year and profile come from ``_jixiao``.
    """
    if META_SHEET not in workbook.sheetnames:
        raise ValueError("此工作簿不是由 jixiao 模板生成的（缺少 _jixiao 工作表），无法新增项目表。")
    meta = workbook[META_SHEET]
    year = _meta_year(meta)
    projects = [
        name for name, form in _meta_forms(meta)
        if form == Form.ANNEX3 and name in workbook.sheetnames
    ]
    first = f"{ANNEX3_BASE}-1"
    if projects == [ANNEX3_BASE] and first not in workbook.sheetnames:
        _rename_sheet(workbook, ANNEX3_BASE, first)
        projects = [first]
    if not projects and ANNEX3_BASE not in workbook.sheetnames:
        name = ANNEX3_BASE
    else:
        number = len(projects) + 1
        while f"{ANNEX3_BASE}-{number}" in workbook.sheetnames:
            number += 1
        name = f"{ANNEX3_BASE}-{number}"
    anchor = projects[-1] if projects else ANNEX2.sheet_name
    index = (
        workbook.sheetnames.index(anchor) + 1
        if anchor in workbook.sheetnames
        else workbook.sheetnames.index(META_SHEET)
    )
    sheet = workbook.create_sheet(name, index)
    _write_annex(sheet, ANNEX3, _annex3_data(content or Annex3Content()), year)
    _add_meta_form(meta, name, Form.ANNEX3)
    return sheet


# ---------------------------------------------------------------------------------------------
# Content → cell values


def _footer_values(footer: Footer) -> dict[str, Cell]:
    return {
        "footer.filler": footer.filler,
        "footer.date": footer.date,
        "footer.phone": footer.phone,
        "footer.head": footer.head,
    }


def _funds_values(funds: Funds) -> dict[str, Cell]:
    return {
        "funds.initial": funds.initial,
        "funds.adjusted": funds.adjusted,
        "funds.executed": funds.executed,
        "funds.weight": funds.weight,
        "funds.rate": funds.rate,
        "funds.score": funds.score,
    }


def _goal_and_totals(goal: Goal, totals: Totals) -> dict[str, Cell]:
    return {
        "goal.expected": goal.expected,
        "goal.actual": goal.actual,
        "total.weight": totals.weight,
        "total.score": totals.score,
        "total.grade": totals.grade,
    }


def _check_keys(what: str, given: Mapping[str, object], known: Sequence[str]) -> None:
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise ValueError(f"unknown {what} keys {unknown}; expected some of {list(known)}")


def _level1_label(item: IndicatorContent) -> Cell:
    """``效益指标（20分）``; a bare name when the content gives no weight."""
    if item.level1 is None or item.level1_weight is None:
        return item.level1
    if float(item.level1_weight).is_integer():
        return group_label(item.level1, int(item.level1_weight))
    return f"{item.level1}（{item.level1_weight}分）"


def _indicator_item(item: IndicatorContent) -> dict[str, Cell]:
    return {
        "indicator.level1": _level1_label(item),
        "indicator.level2": item.level2,
        "indicator.name": item.name,
        "indicator.target": item.target,
        "indicator.actual": item.actual,
        "indicator.weight": item.weight,
        "indicator.score": item.score,
        "indicator.reason": item.reason,
    }


def _annex1_data(content: Annex1Content) -> _FormData:
    keys = [key for key, *_ in EXPENSE_ROWS]
    _check_keys("expense", content.expenses, keys)
    values: dict[str, Cell] = {
        "staff.quota": content.staff_quota,
        "staff.actual": content.staff_actual,
        "staff.control_rate": content.staff_control_rate,
        "thrift.measures": content.thrift,
        **_footer_values(content.footer),
    }
    for key in keys:
        expense = content.expenses.get(key, ExpenseValues())
        values[f"expense.{key}.prev_final"] = expense.prev_final
        values[f"expense.{key}.budget"] = expense.budget
        values[f"expense.{key}.final"] = expense.final
    projects = [
        {
            "project.name": line.name,
            "project.prev_final": line.prev_final,
            "project.budget": line.budget,
            "project.final": line.final,
        }
        for line in content.projects
    ]
    buildings = [
        {
            "building.name": line.name,
            "building.approved_scale": line.approved_scale,
            "building.actual_scale": line.actual_scale,
            "building.scale_rate": line.scale_rate,
            "building.budget_investment": line.budget_investment,
            "building.actual_investment": line.actual_investment,
            "building.investment_rate": line.investment_rate,
        }
        for line in content.buildings
    ]
    return _FormData(values, {"project.row": projects, "building.row": buildings})


def _annex2_data(content: Annex2Content) -> _FormData:
    _check_keys("income", content.income, [key for key, *_ in INCOME_ROWS])
    _check_keys("expenditure", content.expenditure, [key for key, *_ in EXPENDITURE_ROWS])
    values: dict[str, Cell] = {
        "unit.name": content.unit_name,
        **_funds_values(content.funds),
        **_goal_and_totals(content.goal, content.totals),
        **_footer_values(content.footer),
    }
    for key, *_ in INCOME_ROWS:
        values[f"income.{key}"] = content.income.get(key)
    for key, *_ in EXPENDITURE_ROWS:
        values[f"expenditure.{key}"] = content.expenditure.get(key)
    rows = [_indicator_item(item) for item in content.indicators]
    return _FormData(values, {"indicator.row": rows}, content.indicators)


def _annex3_data(content: Annex3Content) -> _FormData:
    _check_keys("source", content.sources, [key for key, *_ in PROJECT_SOURCES])
    values: dict[str, Cell] = {
        "project.name": content.project_name,
        "project.department": content.department,
        "project.implementer": content.implementer,
        **_funds_values(content.funds),
        **_goal_and_totals(content.goal, content.totals),
        **_footer_values(content.footer),
    }
    for key, *_ in PROJECT_SOURCES:
        source = content.sources.get(key, SourceValues())
        values[f"source.{key}.initial"] = source.initial
        values[f"source.{key}.adjusted"] = source.adjusted
        values[f"source.{key}.executed"] = source.executed
    rows = [_indicator_item(item) for item in content.indicators]
    return _FormData(values, {"indicator.row": rows}, content.indicators)


# ---------------------------------------------------------------------------------------------
# Laying out one form


def _substitute(text: str, layout: FormLayout, year: int) -> str:
    title = layout.title.replace("{year}", str(year)).replace("{prev}", str(year - 1))
    return (
        text.replace("{title}", title).replace("{year}", str(year)).replace("{prev}", str(year - 1))
    )


def _span_width(layout: FormLayout, col: int, span: int) -> float:
    return sum(layout.widths[col - 1 : col - 1 + span])


def _write_annex(sheet: Worksheet, layout: FormLayout, data: _FormData, year: int) -> Placement:
    """Write one form into an empty sheet and give it everything a template sheet has."""
    for index, width in enumerate(layout.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    placement = _write_rows(sheet, layout, data, year)
    _write_bands(sheet, layout, placement)
    if data.indicators:
        _merge_indicator_groups(sheet, placement.first("indicator.row"), data.indicators)
        _add_validations(sheet, layout, placement, data.indicators)
    _add_names(sheet, layout, placement)
    _page_setup(sheet, layout, placement)
    return placement


def _write_rows(sheet: Worksheet, layout: FormLayout, data: _FormData, year: int) -> Placement:
    named = {(spec.key, slot.col): key for key, (spec, slot) in layout.named_fields().items()}
    rows: dict[str, tuple[int, int]] = {}
    row = 1
    for spec in layout.rows:
        items: Sequence[Mapping[str, Cell]] = [data.values]
        if spec.repeat:
            items = data.repeats.get(spec.key, ()) or [{}]
        first = row
        for item in items:
            _write_row(sheet, layout, spec, row, item, named, year)
            row += 1
        rows[spec.key] = (first, row - 1)
    return Placement(rows)


def _write_row(
    sheet: Worksheet,
    layout: FormLayout,
    spec: RowSpec,
    row: int,
    item: Mapping[str, Cell],
    named: Mapping[tuple[str, int], str],
    year: int,
) -> None:
    loose = spec.key in _LOOSE_ROWS or spec.key.startswith("footer.")
    if not loose:
        for col in range(1, layout.width + 1):
            cell = sheet.cell(row, col)
            cell.border = styles.THIN_BORDER
            cell.font = styles.BODY_FONT
            cell.alignment = styles.CENTRE
    bold = spec.header or any(slot.role is Role.COMPUTED for slot in spec.slots)
    left = spec.key.startswith(_LEFT_LABEL_PREFIXES) and not spec.header
    height = spec.height or styles.DEFAULT_HEIGHT
    for slot in spec.slots:
        cell = sheet.cell(row, slot.col)
        value: Cell
        if slot.role in (Role.LABEL, Role.FIXED):
            value = _substitute(slot.text, layout, year)
            cell.font = styles.BOLD_FONT if bold and slot.role is Role.LABEL else styles.BODY_FONT
            cell.alignment = styles.LEFT if left and slot.role is Role.LABEL else styles.CENTRE
        else:
            key = slot.field if spec.repeat else named[(spec.key, slot.col)]
            value = item.get(key)
            cell.font = styles.BODY_FONT
            cell.alignment = styles.value_alignment(slot)
            cell.number_format = styles.number_format(slot)
            cell.fill = styles.fill_for(slot.role)
            cell.protection = styles.UNLOCKED if slot.role is Role.INPUT else styles.LOCKED
        cell.value = value
        if loose:
            _loose_style(cell, spec.key, slot.role)
        if slot.span > 1:
            sheet.merge_cells(
                start_row=row, start_column=slot.col, end_row=row, end_column=slot.last_col
            )
        if isinstance(value, str) and value:
            width = _span_width(layout, slot.col, slot.span)
            height = max(height, styles.lines_needed(value, width) * styles.LINE_HEIGHT + 6)
    sheet.row_dimensions[row].height = height


def _loose_style(cell: XlCell, key: str, role: Role) -> None:
    """Title, annex number, year line, note and footer: text around the table."""
    if key == "title":
        cell.font, cell.alignment = styles.TITLE_FONT, styles.CENTRE
    elif key == "annex":
        cell.font, cell.alignment = styles.ANNEX_FONT, styles.LEFT
    elif key == "year":
        cell.font, cell.alignment = styles.SUBTITLE_FONT, styles.CENTRE
    elif key == "note":
        cell.font, cell.alignment = styles.NOTE_FONT, styles.LEFT
    elif role is Role.LABEL:  # footer labels sit right before their blank
        cell.font, cell.alignment = styles.BODY_FONT, styles.LEFT
    else:  # a footer blank: a line to write on
        cell.border = styles.UNDERLINE


def _write_bands(sheet: Worksheet, layout: FormLayout, placement: Placement) -> None:
    for band in layout.bands:
        first, last = placement.first(band.first), placement.last(band.last)
        cell = sheet.cell(first, band.col)
        cell.value = band.text
        cell.font = styles.BOLD_FONT
        cell.alignment = styles.CENTRE
        if last > first:
            sheet.merge_cells(start_row=first, start_column=band.col, end_row=last,
                              end_column=band.col)


def _runs(keys: Sequence[Hashable | None]) -> list[tuple[int, int]]:
    """Index ranges of equal, non-empty neighbours: ``[a, a, b, None]`` → [(0, 1), (2, 2)]."""
    runs: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(keys) + 1):
        if index == len(keys) or keys[index] != keys[start] or keys[start] is None:
            if keys[start] is not None:
                runs.append((start, index - 1))
            start = index
    return runs


def _merge_indicator_groups(
    sheet: Worksheet, first_row: int, indicators: Sequence[IndicatorContent]
) -> None:
    """一级 and 二级 cells merged down over their rows (col B and C)."""
    level1 = [
        (item.level1, item.level1_weight) if item.level1 is not None else None
        for item in indicators
    ]
    level2 = [
        (item.level1, item.level1_weight, item.level2) if item.level2 is not None else None
        for item in indicators
    ]
    for col, keys in ((2, level1), (3, level2)):
        for start, end in _runs(keys):
            if end > start:
                sheet.merge_cells(start_row=first_row + start, start_column=col,
                                  end_row=first_row + end, end_column=col)


def _list_validation(options: Sequence[str]) -> str:
    return '"' + ",".join(options) + '"'


def _add_validations(
    sheet: Worksheet, layout: FormLayout, placement: Placement,
    indicators: Sequence[IndicatorContent],
) -> None:
    """Drop-down lists that inform but never block: targets and actuals also take numbers."""
    first, last = placement.first("indicator.row"), placement.last("indicator.row")
    groups: Sequence[IndicatorGroup] = ANNEX2_GROUPS if layout.form is Form.ANNEX2 else ANNEX3_GROUPS
    labels: list[str] = []
    for item in indicators:
        value = _level1_label(item)
        if isinstance(value, str) and value not in labels:
            labels.append(value)
    for group in groups:
        label = group_label(group.name, group.weight)
        if label not in labels:
            labels.append(label)
    level1 = DataValidation(
        type="list",
        formula1=_list_validation(labels),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="information",
        errorTitle="一级指标",
        error="一级指标一般从下拉列表中选择，并注明分值，如“产出指标（40分）”。",
    )
    level1.add(f"B{first}:B{last}")
    actual = DataValidation(
        type="list",
        formula1=_list_validation(QUALITATIVE_OPTIONS),
        allow_blank=True,
        showErrorMessage=False,
        errorStyle="information",
        showInputMessage=True,
        promptTitle="实际完成值",
        prompt="定量指标填写数值和单位（如 1302家、3.15%）；定性指标从下拉列表选择完成档次。",
    )
    actual.add(f"F{first}:F{last}")
    sheet.add_data_validation(level1)
    sheet.add_data_validation(actual)


def _cell_reference(sheet: Worksheet, ref: str) -> str:
    return f"{quote_sheetname(sheet.title)}!{ref}"


def _add_names(sheet: Worksheet, layout: FormLayout, placement: Placement) -> None:
    """Sheet-local ``jx_`` names on the named fields, and the indicator header row."""
    for key, (spec, slot) in layout.named_fields().items():
        ref = f"${get_column_letter(slot.col)}${placement.first(spec.key)}"
        sheet.defined_names.add(
            DefinedName(defined_name(key), attr_text=_cell_reference(sheet, ref))
        )
    if "indicator.header" in placement.rows:
        row = placement.first("indicator.header")
        ref = f"$A${row}:${get_column_letter(layout.width)}${row}"
        sheet.defined_names.add(
            DefinedName(INDICATOR_HEADER_NAME, attr_text=_cell_reference(sheet, ref))
        )


def _page_setup(sheet: Worksheet, layout: FormLayout, placement: Placement) -> None:
    """A4 portrait, one page wide, header rows repeated, panes frozen below the title."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.oddFooter.center.size = 9
    first_key, last_key = layout.print_header_rows
    if first_key:
        sheet.print_title_rows = f"{placement.first(first_key)}:{placement.last(last_key)}"
    sheet.print_area = f"A1:{get_column_letter(layout.width)}{placement.end}"
    header_end = placement.last("year" if "year" in placement.rows else "title")
    sheet.freeze_panes = f"A{header_end + 1}"
    sheet.sheet_view.zoomScale = 100


# ---------------------------------------------------------------------------------------------
# Workbook-level pieces


def _set_properties(workbook: Workbook, year: int) -> None:
    """Fixed metadata so that regenerating a template gives the same file."""
    stamp = dt.datetime(year + 1, 1, 1)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.creator = "jixiao"
    workbook.properties.lastModifiedBy = "jixiao"
    workbook.properties.title = f"{year}年度部门整体支出绩效自评附件"


def _write_meta(
    workbook: Workbook, *, year: int, profile: str, forms: Sequence[tuple[str, Form]]
) -> None:
    """The hidden ``_jixiao`` sheet: identity, year, profile, forms, then the marked cells."""
    meta = workbook.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    rows: list[tuple[str, str | int, str | None]] = [
        ("template_id", TEMPLATE_ID, None),
        ("template_version", TEMPLATE_VERSION, None),
        ("year", year, None),
        ("profile", profile, None),
    ]
    rows += [("form", name, str(form)) for name, form in forms]
    for row in rows:
        meta.append(row)
    meta.append(("marked",))  # marked cells follow as rows: marked | sheet | cell
    meta.column_dimensions["A"].width = 18
    meta.column_dimensions["B"].width = 18


def _meta_year(meta: Worksheet) -> int:
    for row in meta.iter_rows(min_col=1, max_col=2, values_only=True):
        if row[0] == "year" and row[1] is not None:
            return int(str(row[1]))
    raise ValueError("_jixiao 工作表中没有年度，无法新增项目表。")


def _meta_forms(meta: Worksheet) -> list[tuple[str, str]]:
    return [
        (str(row[1]), str(row[2]))
        for row in meta.iter_rows(min_col=1, max_col=3, values_only=True)
        if row[0] == "form" and row[1] is not None and row[2] is not None
    ]


def _add_meta_form(meta: Worksheet, name: str, form: Form) -> None:
    """A ``form`` row after the last one, so the marked rows stay at the end."""
    last_form = 0
    for index, row in enumerate(meta.iter_rows(min_col=1, max_col=1, values_only=True), 1):
        if row[0] == "form":
            last_form = index
    at = last_form + 1 if last_form else meta.max_row + 1
    meta.insert_rows(at)
    meta.cell(at, 1, "form")
    meta.cell(at, 2, name)
    meta.cell(at, 3, str(form))


def _rename_sheet(workbook: Workbook, old: str, new: str) -> None:
    """Rename a sheet together with its local names and its rows in ``_jixiao``."""
    sheet = workbook[old]
    sheet.title = new
    for name in list(sheet.defined_names.values()):
        _, _, ref = (name.attr_text or "").rpartition("!")
        name.attr_text = _cell_reference(sheet, ref)
    meta = workbook[META_SHEET]
    for row in meta.iter_rows(min_col=1, max_col=2):
        if row[0].value in ("form", "marked") and row[1].value == old:
            row[1].value = new
