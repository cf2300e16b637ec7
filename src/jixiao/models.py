"""The parsed forms. Every field knows the sheet and cell it came from, so every finding and
every computed value can be put back where the accountant typed it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from jixiao.findings import Finding
from jixiao.layout import Form
from jixiao.values import CellStatus, CellValue, NumberReading, read_number, read_rate


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


def _json_raw(raw: CellValue) -> str | int | float | bool | None:
    if isinstance(raw, dt.datetime | dt.date | dt.time):
        return raw.isoformat()
    return raw


class Located(_Frozen):
    """A cell of the form: where it is (``cell`` empty when the form lacks it) and what it holds."""

    sheet: str
    cell: str = ""
    label: str = ""
    raw: str | int | float | bool | None = None
    is_date: bool = False
    uncached: bool = False  # a formula whose result was never saved

    @property
    def found(self) -> bool:
        return bool(self.cell)

    @property
    def text(self) -> str:
        """The cell as text, stripped; numbers without float noise."""
        if self.raw is None:
            return ""
        if isinstance(self.raw, float) and self.raw.is_integer():
            return str(int(self.raw))
        return str(self.raw).strip()

    @property
    def cell_value(self) -> CellValue:
        """The raw value again, with a date typed into the cell restored as a date."""
        if self.is_date and isinstance(self.raw, str):
            for kind in (dt.datetime, dt.time):
                try:
                    return kind.fromisoformat(self.raw)
                except ValueError:
                    continue
        return self.raw

    def number(self) -> NumberReading:
        return read_number(self.cell_value)

    def rate(self) -> NumberReading:
        return read_rate(self.cell_value)

    @property
    def value(self) -> Decimal | None:
        reading = self.number()
        return reading.value if reading.status is CellStatus.NUMBER else None

    @property
    def is_blank(self) -> bool:
        return self.number().status in (CellStatus.EMPTY, CellStatus.NOT_APPLICABLE)


def located(
    sheet: str, cell: str, raw: CellValue, label: str = "", *, uncached: bool = False
) -> Located:
    """Build a Located from a reader's value (dates are kept as ISO text plus a flag)."""
    return Located(
        sheet=sheet,
        cell=cell,
        label=label,
        raw=_json_raw(raw),
        is_date=isinstance(raw, dt.datetime | dt.date | dt.time),
        uncached=uncached,
    )


class BudgetLine(_Frozen):
    """年度资金总额 (or one source) with its budget, execution, weight, rate and score."""

    label: str
    initial: Located
    adjusted: Located
    executed: Located
    weight: Located | None = None
    rate: Located | None = None
    score: Located | None = None


class AmountLine(_Frozen):
    """One labelled amount such as 其中：一般公共预算 1387.53."""

    key: str
    label: str
    amount: Located


class ExpenseLine(_Frozen):
    """A 附件1 经费 row: previous year's final, this year's budget and final accounts."""

    key: str
    label: str
    row: int
    prev_final: Located
    budget: Located
    final: Located

    def columns(self) -> tuple[tuple[str, Located], ...]:
        return (("上年决算数", self.prev_final), ("预算数", self.budget), ("决算数", self.final))


class Building(_Frozen):
    """A 楼堂馆所 (building project completed this year)."""

    row: int
    name: Located
    approved_scale: Located
    actual_scale: Located
    scale_rate: Located
    budget_investment: Located
    actual_investment: Located
    investment_rate: Located


class Group(_Frozen):
    """A 一级指标 with the weight its label states (``效益指标（20分）``)."""

    name: str
    stated_weight: Decimal | None
    cell: Located


class Indicator(_Frozen):
    """One 三级指标 row."""

    row: int
    level1: str
    level2: str
    name: Located
    target: Located
    actual: Located
    weight: Located
    score: Located
    reason: Located

    @property
    def title(self) -> str:
        return self.name.text or f"第{self.row}行指标"


class Totals(_Frozen):
    """The 总分 row."""

    weight: Located
    score: Located
    grade: Located | None = None


class Footer(_Frozen):
    filler: Located | None = None
    date: Located | None = None
    phone: Located | None = None
    head: Located | None = None


class Annex1(_Frozen):
    """附件1 部门（单位）整体支出绩效评价基础数据表."""

    form: Form = Form.ANNEX1
    sheet: str
    year: int | None = None
    staff_quota: Located
    staff_actual: Located
    staff_control_rate: Located
    expenses: dict[str, ExpenseLine] = Field(default_factory=dict)
    projects: list[ExpenseLine] = Field(default_factory=list)
    buildings: list[Building] = Field(default_factory=list)
    thrift: Located | None = None
    footer: Footer = Field(default_factory=Footer)


class SelfEvaluation(_Frozen):
    """What 附件2 and 附件3 share: the budget block, goals and the indicator table."""

    sheet: str
    year: int | None = None
    funds: BudgetLine
    goal_expected: Located | None = None
    goal_actual: Located | None = None
    groups: list[Group] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    totals: Totals | None = None
    footer: Footer = Field(default_factory=Footer)


class Annex2(SelfEvaluation):
    """附件2 部门（单位）整体支出绩效自评表."""

    form: Form = Form.ANNEX2
    unit_name: Located
    income: list[AmountLine] = Field(default_factory=list)
    expenditure: list[AmountLine] = Field(default_factory=list)


class Annex3(SelfEvaluation):
    """附件3 项目支出绩效自评表 (one per project)."""

    form: Form = Form.ANNEX3
    project_name: Located
    department: Located | None = None
    implementer: Located | None = None
    sources: list[BudgetLine] = Field(default_factory=list)


class MarkedCell(_Frozen):
    """A cell the tool marked last time, with the fill it had before (empty: none)."""

    sheet: str
    cell: str
    fill: str = ""
    flags: str = ""  # what the run put there (column E), for routes that cannot read notes


class TemplateInfo(_Frozen):
    """What the hidden ``_jixiao`` sheet says about the workbook."""

    template_id: str = ""
    version: int | None = None
    year: int | None = None
    profile: str = ""
    forms: dict[str, str] = Field(default_factory=dict)  # sheet name → annex1|annex2|annex3
    marked: list[MarkedCell] = Field(default_factory=list)

    @property
    def from_template(self) -> bool:
        from jixiao.layout import TEMPLATE_ID

        return self.template_id == TEMPLATE_ID


class ParsedWorkbook(_Frozen):
    """All forms found in one workbook, plus what stood in the way of finding them."""

    source: str = ""
    template: TemplateInfo | None = None  # None unless made from the jixiao template
    marked: list[MarkedCell] = Field(default_factory=list)
    annex1: Annex1 | None = None
    annex2: Annex2 | None = None
    annex3: list[Annex3] = Field(default_factory=list)
    problems: list[Finding] = Field(default_factory=list)

    @property
    def department(self) -> str:
        if self.annex2 is not None and self.annex2.unit_name.text:
            return self.annex2.unit_name.text
        for project in self.annex3:
            if project.department is not None and project.department.text:
                return project.department.text
        return ""

    @property
    def year(self) -> int | None:
        if self.template is not None and self.template.year:
            return self.template.year
        for form in (self.annex1, self.annex2, *self.annex3):
            if form is not None and form.year:
                return form.year
        return None
