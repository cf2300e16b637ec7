"""What the builder fills into the three annex forms.

Plain frozen data, one class per form. Every value is a raw cell value written as it is, so a
sample can put text into a number cell on purpose (the flawed samples do). The defaults describe
the empty template: the default indicator skeleton, 分值 10 on 年度资金总额, the project rows of
附件1 labelled as in the published form, two blank 楼堂馆所 rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from jixiao.layout import (
    ANNEX2_GROUPS,
    ANNEX3_GROUPS,
    BUDGET_WEIGHT,
    PROJECT_ROW_LABELS,
    IndicatorGroup,
)

Cell = str | int | float | None
"""A value written into one cell as-is."""


@dataclass(frozen=True, slots=True)
class Footer:
    """填表人 / 填报日期 / 联系电话 / 单位负责人(签字)."""

    filler: Cell = None
    date: Cell = None
    phone: Cell = None
    head: Cell = None


@dataclass(frozen=True, slots=True)
class ExpenseValues:
    """One 经费 row of 附件1: previous year's final accounts, this year's budget and final."""

    prev_final: Cell = None
    budget: Cell = None
    final: Cell = None


@dataclass(frozen=True, slots=True)
class ProjectLine:
    """One 项目支出 row of 附件1 (业务经费, 运行维护经费, one row per 专项)."""

    name: Cell = None
    prev_final: Cell = None
    budget: Cell = None
    final: Cell = None


@dataclass(frozen=True, slots=True)
class BuildingLine:
    """One 楼堂馆所 row of 附件1; the two rates are computed cells."""

    name: Cell = None
    approved_scale: Cell = None
    actual_scale: Cell = None
    scale_rate: Cell = None
    budget_investment: Cell = None
    actual_investment: Cell = None
    investment_rate: Cell = None


@dataclass(frozen=True, slots=True)
class Funds:
    """The 年度资金总额 row of 附件2/附件3; ``rate`` and ``score`` are computed cells."""

    initial: Cell = None
    adjusted: Cell = None
    executed: Cell = None
    weight: Cell = BUDGET_WEIGHT
    rate: Cell = None
    score: Cell = None


@dataclass(frozen=True, slots=True)
class SourceValues:
    """One 资金来源 row of 附件3 (当年财政拨款, 上年结转资金, 其他资金)."""

    initial: Cell = None
    adjusted: Cell = None
    executed: Cell = None


@dataclass(frozen=True, slots=True)
class Goal:
    """年度总体目标: 预期目标 and 实际完成情况."""

    expected: Cell = None
    actual: Cell = None


@dataclass(frozen=True, slots=True)
class Totals:
    """The 总分 row; all three are computed cells."""

    weight: Cell = None
    score: Cell = None
    grade: Cell = None


@dataclass(frozen=True, slots=True)
class IndicatorContent:
    """One row of the indicator table.

    ``level1`` is the bare 一级指标 name; the builder writes it with its weight
    (``效益指标（20分）``) and merges equal neighbours, as it does for ``level2``. A row with
    only ``level2`` set is an empty 二级 slot (the seed's 生态环境成本指标 row).
    """

    level1: str | None = None
    level1_weight: int | float | None = None
    level2: str | None = None
    name: Cell = None
    target: Cell = None
    actual: Cell = None
    weight: Cell = None
    score: Cell = None
    reason: Cell = None


def skeleton(groups: Sequence[IndicatorGroup]) -> tuple[IndicatorContent, ...]:
    """One blank indicator row per 二级指标 of the default groups."""
    return tuple(
        IndicatorContent(level1=group.name, level1_weight=group.weight, level2=child)
        for group in groups
        for child in group.children
    )


def _default_projects() -> tuple[ProjectLine, ...]:
    return tuple(ProjectLine(name=label) for label in PROJECT_ROW_LABELS)


def _default_buildings() -> tuple[BuildingLine, ...]:
    return (BuildingLine(), BuildingLine())


def _annex2_skeleton() -> tuple[IndicatorContent, ...]:
    return skeleton(ANNEX2_GROUPS)


def _annex3_skeleton() -> tuple[IndicatorContent, ...]:
    return skeleton(ANNEX3_GROUPS)


@dataclass(frozen=True, slots=True)
class Annex1Content:
    """附件1 基础数据表. ``expenses`` is keyed by the keys of ``layout.EXPENSE_ROWS``."""

    staff_quota: Cell = None
    staff_actual: Cell = None
    staff_control_rate: Cell = None
    expenses: Mapping[str, ExpenseValues] = field(default_factory=dict)
    projects: tuple[ProjectLine, ...] = field(default_factory=_default_projects)
    buildings: tuple[BuildingLine, ...] = field(default_factory=_default_buildings)
    thrift: Cell = None
    footer: Footer = field(default_factory=Footer)


@dataclass(frozen=True, slots=True)
class Annex2Content:
    """附件2 部门整体支出绩效自评表. ``income``/``expenditure`` are keyed by the keys of
    ``layout.INCOME_ROWS`` / ``layout.EXPENDITURE_ROWS``."""

    unit_name: Cell = None
    funds: Funds = field(default_factory=Funds)
    income: Mapping[str, Cell] = field(default_factory=dict)
    expenditure: Mapping[str, Cell] = field(default_factory=dict)
    goal: Goal = field(default_factory=Goal)
    indicators: tuple[IndicatorContent, ...] = field(default_factory=_annex2_skeleton)
    totals: Totals = field(default_factory=Totals)
    footer: Footer = field(default_factory=Footer)


@dataclass(frozen=True, slots=True)
class Annex3Content:
    """附件3 项目支出绩效自评表, one per project. ``sources`` is keyed by the keys of
    ``layout.PROJECT_SOURCES``."""

    project_name: Cell = None
    department: Cell = None
    implementer: Cell = None
    funds: Funds = field(default_factory=Funds)
    sources: Mapping[str, SourceValues] = field(default_factory=dict)
    goal: Goal = field(default_factory=Goal)
    indicators: tuple[IndicatorContent, ...] = field(default_factory=_annex3_skeleton)
    totals: Totals = field(default_factory=Totals)
    footer: Footer = field(default_factory=Footer)
