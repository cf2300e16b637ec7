"""The one definition of the three annex forms.

The template builder lays these rows out top to bottom; the parser finds the same rows again by
their anchor labels and the same columns by their header labels, so a workbook typed from the
published form (or with inserted rows) parses like one made from the template. Fields are named
``"<block>.<field>"``; the parsed models use the same keys, and the planner writes computed
values to the cells the parser located for them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum


class Form(StrEnum):
    """The three annexes (spec §2)."""

    ANNEX1 = "annex1"
    ANNEX2 = "annex2"
    ANNEX3 = "annex3"


class Role(StrEnum):
    """Who fills a cell: nobody (label), the accountant (input) or the tool (computed)."""

    LABEL = "label"
    INPUT = "input"
    COMPUTED = "computed"
    FIXED = "fixed"  # set by the template owner (分值 10, ——), styled like a label


class Kind(StrEnum):
    """What a cell holds; decides number formats and how the value is read."""

    TEXT = "text"
    LONGTEXT = "longtext"
    MONEY = "money"  # 万元, two decimals
    RATE = "rate"  # fraction, shown as percent with two decimals
    SCORE = "score"
    COUNT = "count"
    AREA = "area"  # m²
    QUANTITY = "quantity"  # 年度指标值 / 实际完成值: number with unit, or text
    GRADE = "grade"


@dataclass(frozen=True, slots=True)
class Slot:
    """One (possibly merged) cell of a template row; ``col`` is 1-based."""

    col: int
    span: int = 1
    role: Role = Role.LABEL
    text: str = ""
    field: str = ""
    kind: Kind = Kind.TEXT
    header: str = ""  # the column header that locates this field inside a table block

    @property
    def last_col(self) -> int:
        return self.col + self.span - 1


@dataclass(frozen=True, slots=True)
class RowSpec:
    """A template row. ``anchors`` are the labels that find it again (first one is written)."""

    key: str
    slots: tuple[Slot, ...]
    anchors: tuple[str, ...] = ()
    height: float | None = None
    repeat: bool = False  # one row per item (projects, buildings, indicators)
    header: bool = False  # a column-header row: bold, centred, repeated on print


@dataclass(frozen=True, slots=True)
class Band:
    """A side label merged down over the rows from ``first`` to ``last`` (row keys)."""

    text: str
    first: str
    last: str
    col: int = 1


@dataclass(frozen=True, slots=True)
class FormLayout:
    """Everything the builder and the parser need to know about one annex."""

    form: Form
    sheet_name: str
    title: str
    widths: tuple[float, ...]
    rows: tuple[RowSpec, ...]
    bands: tuple[Band, ...] = ()
    title_markers: tuple[str, ...] = ()  # text that identifies the form in a sheet's top rows
    print_header_rows: tuple[str, str] = ("", "")  # row keys repeated on every printed page

    @property
    def width(self) -> int:
        return len(self.widths)

    def row(self, key: str) -> RowSpec:
        for spec in self.rows:
            if spec.key == key:
                return spec
        raise KeyError(key)

    def fields(self) -> dict[str, Slot]:
        """Every input and computed slot by field key."""
        return {
            slot.field: slot
            for spec in self.rows
            for slot in spec.slots
            if slot.field and slot.role in (Role.INPUT, Role.COMPUTED)
        }

    def named_fields(self) -> dict[str, tuple[RowSpec, Slot]]:
        """The input and computed slots of the rows that occur once, by a key unique in the form.

        The key is the field key, except where several rows share one (the three columns of the
        经费 rows of 附件1): then it is ``<row key>.<column>``, e.g. ``expense.three_public.final``.
        The template gives each of these cells the sheet-local name :func:`defined_name` (key).
        """
        single = [
            (spec, slot)
            for spec in self.rows
            if not spec.repeat
            for slot in spec.slots
            if slot.field and slot.role in (Role.INPUT, Role.COMPUTED)
        ]
        counts = Counter(slot.field for _, slot in single)
        named: dict[str, tuple[RowSpec, Slot]] = {}
        for spec, slot in single:
            key = slot.field
            if counts[key] > 1:
                key = f"{spec.key}.{key.rpartition('.')[2]}"
            named[key] = (spec, slot)
        return named


def _label(col: int, text: str, span: int = 1) -> Slot:
    return Slot(col=col, span=span, text=text)


def _fixed(col: int, text: str, span: int = 1) -> Slot:
    return Slot(col=col, span=span, role=Role.FIXED, text=text)


def _input(col: int, field_key: str, kind: Kind, span: int = 1, header: str = "") -> Slot:
    return Slot(col=col, span=span, role=Role.INPUT, field=field_key, kind=kind, header=header)


def _computed(col: int, field_key: str, kind: Kind, span: int = 1, header: str = "") -> Slot:
    return Slot(col=col, span=span, role=Role.COMPUTED, field=field_key, kind=kind, header=header)


# Column headers shared by the budget blocks of 附件2 and 附件3.
INITIAL, ADJUSTED, EXECUTED, WEIGHT, RATE, SCORE = (
    "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
)
BUDGET_HEADERS = (INITIAL, ADJUSTED, EXECUTED, WEIGHT, RATE, SCORE)

# Column headers of the indicator table (附件2 and 附件3).
LEVEL1, LEVEL2, LEVEL3, TARGET, ACTUAL = "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"
REASON_ANNEX2 = "偏差原因分析"
REASON_ANNEX3 = "偏差原因分析及改进措施"
TOTAL_SCORE_LABEL = "总分"
GRADE_LABEL = "等级"


def _budget_header(key: str) -> RowSpec:
    return RowSpec(
        key=key,
        header=True,
        slots=tuple(_label(4 + i, text) for i, text in enumerate(BUDGET_HEADERS)),
    )


def _budget_total_row(block: str) -> RowSpec:
    return RowSpec(
        key=f"{block}.total",
        anchors=("年度资金总额",),
        slots=(
            _label(2, "年度资金总额", 2),
            _input(4, f"{block}.initial", Kind.MONEY, header=INITIAL),
            _input(5, f"{block}.adjusted", Kind.MONEY, header=ADJUSTED),
            _input(6, f"{block}.executed", Kind.MONEY, header=EXECUTED),
            _input(7, f"{block}.weight", Kind.SCORE, header=WEIGHT),
            _computed(8, f"{block}.rate", Kind.RATE, header=RATE),
            _computed(9, f"{block}.score", Kind.SCORE, header=SCORE),
        ),
    )


def _goal_rows() -> tuple[RowSpec, ...]:
    return (
        RowSpec(
            key="goal.header",
            header=True,
            anchors=("预期目标",),
            slots=(_label(2, "预期目标", 4), _label(6, "实际完成情况", 4)),
        ),
        RowSpec(
            key="goal.text",
            height=96,
            slots=(
                _input(2, "goal.expected", Kind.LONGTEXT, 4, header="预期目标"),
                _input(6, "goal.actual", Kind.LONGTEXT, 4, header="实际完成情况"),
            ),
        ),
    )


def _indicator_rows(reason_header: str) -> tuple[RowSpec, ...]:
    headers = (LEVEL1, LEVEL2, LEVEL3, TARGET, ACTUAL, WEIGHT, SCORE, reason_header)
    return (
        RowSpec(
            key="indicator.header",
            header=True,
            anchors=(LEVEL3,),
            slots=tuple(_label(2 + i, text) for i, text in enumerate(headers)),
        ),
        RowSpec(
            key="indicator.row",
            repeat=True,
            height=30,
            slots=(
                _input(2, "indicator.level1", Kind.TEXT, header=LEVEL1),
                _input(3, "indicator.level2", Kind.TEXT, header=LEVEL2),
                _input(4, "indicator.name", Kind.TEXT, header=LEVEL3),
                _input(5, "indicator.target", Kind.QUANTITY, header=TARGET),
                _input(6, "indicator.actual", Kind.QUANTITY, header=ACTUAL),
                _input(7, "indicator.weight", Kind.SCORE, header=WEIGHT),
                _input(8, "indicator.score", Kind.SCORE, header=SCORE),
                _input(9, "indicator.reason", Kind.LONGTEXT, header=reason_header),
            ),
        ),
        RowSpec(
            key="indicator.total",
            anchors=(TOTAL_SCORE_LABEL,),
            slots=(
                _label(1, TOTAL_SCORE_LABEL, 6),
                _computed(7, "total.weight", Kind.SCORE, header=WEIGHT),
                _computed(8, "total.score", Kind.SCORE, header=SCORE),
                _computed(9, "total.grade", Kind.GRADE, header=reason_header),
            ),
        ),
    )


def _footer_row(labels: tuple[str, ...], cols: tuple[tuple[int, int, int], ...]) -> RowSpec:
    slots: list[Slot] = []
    for text, (label_col, value_col, span) in zip(labels, cols, strict=True):
        slots.append(_label(label_col, text, value_col - label_col))
        slots.append(_input(value_col, f"footer.{_FOOTER_KEYS[text]}", Kind.TEXT, span))
    return RowSpec(key=f"footer.{_FOOTER_KEYS[labels[0]]}", slots=tuple(slots), anchors=labels[:1])


_FOOTER_KEYS = {
    "填表人：": "filler",
    "填报日期：": "date",
    "联系电话：": "phone",
    "单位负责人：": "head",
    "单位负责人签字：": "head",
}

_NINE_COLUMN_FOOTER = _footer_row(
    ("填表人：", "填报日期：", "联系电话：", "单位负责人："),
    ((1, 2, 1), (3, 4, 1), (5, 6, 1), (7, 9, 1)),
)


# ---------------------------------------------------------------------------------------------
# 附件1 部门（单位）整体支出绩效评价基础数据表: label column A, six value columns B–G.

PREV_FINAL, BUDGET, FINAL = "{prev}年决算数", "{year}年预算数", "{year}年决算数"

EXPENSE_HEADERS = (PREV_FINAL, BUDGET, FINAL)
BUILDING_HEADERS = (
    "批复规模（m²）", "实际规模（m²）", "规模控制率", "预算投资（万元）", "实际投资（万元）",
    "投资概算控制率",
)

# Expense rows: key, label written, extra anchors, computed (sum) or input.
EXPENSE_ROWS: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("three_public", "三公经费", (), True),
    ("vehicles", "1、公务用车购置和维护经费", ("公务用车购置和维护经费",), True),
    ("vehicle_purchase", "其中：公车购置", ("公车购置",), False),
    ("vehicle_running", "公车运行维护", (), False),
    ("overseas", "2、出国经费", ("出国经费", "因公出国（境）经费"), False),
    ("reception", "3、公务接待", ("公务接待", "公务接待费"), False),
    ("projects", "项目支出：", ("项目支出",), True),
    ("public", "公用经费", (), False),
    ("office", "其中：办公经费", ("办公经费",), False),
    ("utilities_travel", "水费、电费、差旅费", (), False),
    ("meetings_training", "会议费、培训费", (), False),
    ("procurement", "政府采购金额", (), False),
    ("basic_adjustment", "部门基本支出预算调整", (), False),
)
NO_PREVIOUS_YEAR = frozenset({"procurement", "basic_adjustment"})  # "——" in the previous column
PROJECT_ROW_LABELS = ("1、业务经费", "2、运行维护经费", "3、市级专项资金（一个专项一行）")


def _expense_row(key: str, text: str, anchors: tuple[str, ...], computed: bool) -> RowSpec:
    maker = _computed if computed else _input
    cells: list[Slot] = [_label(1, text)]
    for i, header in enumerate(EXPENSE_HEADERS):
        column = ("prev_final", "budget", "final")[i]
        if i == 0 and key in NO_PREVIOUS_YEAR:
            cells.append(_fixed(2, "——", 2))
            continue
        cells.append(maker(2 + 2 * i, f"expense.{column}", Kind.MONEY, 2, header=header))
    return RowSpec(key=f"expense.{key}", slots=tuple(cells), anchors=(text, *anchors))


def _project_row() -> RowSpec:
    return RowSpec(
        key="project.row",
        repeat=True,
        slots=(
            _input(1, "project.name", Kind.TEXT),
            _input(2, "project.prev_final", Kind.MONEY, 2, header=PREV_FINAL),
            _input(4, "project.budget", Kind.MONEY, 2, header=BUDGET),
            _input(6, "project.final", Kind.MONEY, 2, header=FINAL),
        ),
    )


def _building_row() -> RowSpec:
    return RowSpec(
        key="building.row",
        repeat=True,
        slots=(
            _input(1, "building.name", Kind.TEXT),
            _input(2, "building.approved_scale", Kind.AREA, header=BUILDING_HEADERS[0]),
            _input(3, "building.actual_scale", Kind.AREA, header=BUILDING_HEADERS[1]),
            _computed(4, "building.scale_rate", Kind.RATE, header=BUILDING_HEADERS[2]),
            _input(5, "building.budget_investment", Kind.MONEY, header=BUILDING_HEADERS[3]),
            _input(6, "building.actual_investment", Kind.MONEY, header=BUILDING_HEADERS[4]),
            _computed(7, "building.investment_rate", Kind.RATE, header=BUILDING_HEADERS[5]),
        ),
    )


ANNEX1_NOTE = (
    "说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的"
    "一般商品和服务支出。"
)

_expense_specs = {key: _expense_row(key, text, extra, comp) for key, text, extra, comp in EXPENSE_ROWS}

ANNEX1 = FormLayout(
    form=Form.ANNEX1,
    sheet_name="附件1",
    title="{year}年度部门（单位）整体支出绩效评价基础数据表",
    title_markers=("基础数据表",),
    widths=(34, 12, 12, 12, 12, 12, 14),
    rows=(
        RowSpec(key="annex", slots=(_label(1, "附件1"),)),
        RowSpec(key="title", slots=(_label(1, "{title}", 7),), height=36),
        RowSpec(
            key="staff.header",
            header=True,
            anchors=("编制数",),
            slots=(
                _label(2, "编制数", 2),
                _label(4, "{year}年实际在职人数", 2),
                _label(6, "控制率", 2),
            ),
        ),
        RowSpec(
            key="staff.values",
            slots=(
                _input(2, "staff.quota", Kind.COUNT, 2, header="编制数"),
                _input(4, "staff.actual", Kind.COUNT, 2, header="{year}年实际在职人数"),
                _computed(6, "staff.control_rate", Kind.RATE, 2, header="控制率"),
            ),
        ),
        RowSpec(
            key="expense.header",
            header=True,
            anchors=("经费控制情况（万元）", "经费控制情况"),
            slots=(
                _label(1, "经费控制情况（万元）"),
                *(_label(2 + 2 * i, text, 2) for i, text in enumerate(EXPENSE_HEADERS)),
            ),
        ),
        *(_expense_specs[f"{key}"] for key, *_ in EXPENSE_ROWS[:7]),
        _project_row(),
        *(_expense_specs[f"{key}"] for key, *_ in EXPENSE_ROWS[7:]),
        RowSpec(
            key="building.header",
            header=True,
            height=30,
            anchors=("楼堂馆所控制情况",),
            slots=(
                _label(1, "楼堂馆所控制情况（{year}年完工项目）"),
                *(_label(2 + i, text) for i, text in enumerate(BUILDING_HEADERS)),
            ),
        ),
        _building_row(),
        RowSpec(
            key="thrift",
            height=60,
            anchors=("厉行节约保障措施",),
            slots=(_label(1, "厉行节约保障措施"), _input(2, "thrift.measures", Kind.LONGTEXT, 6)),
        ),
        RowSpec(key="note", height=30, anchors=("说明",), slots=(_label(1, ANNEX1_NOTE, 7),)),
        _footer_row(("填表人：", "填报日期："), ((1, 2, 2), (4, 5, 3))),
        _footer_row(("联系电话：", "单位负责人签字："), ((1, 2, 2), (4, 5, 3))),
    ),
    bands=(Band("财政供养人员情况（人）", "staff.header", "staff.values"),),
    print_header_rows=("title", "title"),
)

# ---------------------------------------------------------------------------------------------
# 附件2 部门（单位）整体支出绩效自评表: side labels in A, content in B–I.

INCOME_ROWS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("general", "其中：一般公共预算", ("一般公共预算",)),
    ("fund", "政府性基金拨款", ("政府性基金", "政府性基金预算")),
    ("special_account", "纳入专户管理的非税收入拨款", ("纳入专户管理的非税收入",)),
    ("other", "其他资金", ()),
)
EXPENDITURE_ROWS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("basic", "其中：基本支出", ("基本支出",)),
    ("project", "项目支出", ()),
)


def _source_rows() -> tuple[RowSpec, ...]:
    rows: list[RowSpec] = [
        RowSpec(
            key="sources.header",
            anchors=("按收入性质分",),
            slots=(_label(2, "按收入性质分：", 4), _label(6, "按支出性质分：", 4)),
        )
    ]
    for i, (key, text, extra) in enumerate(INCOME_ROWS):
        slots: list[Slot] = [_label(2, text, 3), _input(5, f"income.{key}", Kind.MONEY)]
        anchors = (text, *extra)
        if i < len(EXPENDITURE_ROWS):
            spend_key, spend_text, _spend_extra = EXPENDITURE_ROWS[i]
            slots += [_label(6, spend_text, 3), _input(9, f"expenditure.{spend_key}", Kind.MONEY)]
        rows.append(RowSpec(key=f"income.{key}", slots=tuple(slots), anchors=anchors))
    return tuple(rows)


def _expenditure_anchor(key: str) -> tuple[str, ...]:
    for spend_key, text, extra in EXPENDITURE_ROWS:
        if spend_key == key:
            return (text, *extra)
    raise KeyError(key)


ANNEX2 = FormLayout(
    form=Form.ANNEX2,
    sheet_name="附件2",
    title="{year}年度部门（单位）整体支出绩效自评表",
    title_markers=("整体支出绩效自评表",),
    widths=(10, 17, 15, 22, 12, 13, 8, 8, 26),
    rows=(
        RowSpec(key="annex", slots=(_label(1, "附件2"),)),
        RowSpec(key="title", slots=(_label(1, "{title}", 9),), height=36),
        RowSpec(
            key="unit",
            height=24,
            anchors=("市直部门预算单位名称", "预算单位名称", "部门（单位）名称", "单位名称"),
            slots=(_label(1, "市直部门预算单位名称", 3), _input(4, "unit.name", Kind.TEXT, 6)),
        ),
        _budget_header("funds.header"),
        _budget_total_row("funds"),
        *_source_rows(),
        *_goal_rows(),
        *_indicator_rows(REASON_ANNEX2),
        _NINE_COLUMN_FOOTER,
    ),
    bands=(
        Band("年度预算申请（万元）", "funds.header", "income.other"),
        Band("年度总体目标", "goal.header", "goal.text"),
        Band("绩效指标", "indicator.header", "indicator.row"),
    ),
    print_header_rows=("indicator.header", "indicator.header"),
)

# ---------------------------------------------------------------------------------------------
# 附件3 项目支出绩效自评表 (national layout, 财预〔2020〕10号 附1), one sheet per project.

PROJECT_SOURCES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("current", "其中：当年财政拨款", ("当年财政拨款", "本年财政拨款", "财政拨款")),
    ("carryover", "上年结转资金", ("上年结转",)),
    ("other", "其他资金", ()),
)


def _project_source_row(key: str, text: str, extra: tuple[str, ...]) -> RowSpec:
    return RowSpec(
        key=f"source.{key}",
        anchors=(text, *extra),
        slots=(
            _label(2, text, 2),
            _input(4, f"source.{key}.initial", Kind.MONEY, header=INITIAL),
            _input(5, f"source.{key}.adjusted", Kind.MONEY, header=ADJUSTED),
            _input(6, f"source.{key}.executed", Kind.MONEY, header=EXECUTED),
            _fixed(7, "—"),
            _fixed(8, "—"),
            _fixed(9, "—"),
        ),
    )


ANNEX3 = FormLayout(
    form=Form.ANNEX3,
    sheet_name="附件3",
    title="项目支出绩效自评表",
    title_markers=("项目支出绩效自评表",),
    widths=(10, 17, 15, 22, 12, 13, 8, 8, 26),
    rows=(
        RowSpec(key="annex", slots=(_label(1, "附件3"),)),
        RowSpec(key="title", slots=(_label(1, "{title}", 9),), height=30),
        RowSpec(key="year", slots=(_label(1, "（{year}年度）", 9),)),
        RowSpec(
            key="project",
            height=24,
            anchors=("项目名称",),
            slots=(_label(1, "项目名称", 2), _input(3, "project.name", Kind.TEXT, 7)),
        ),
        RowSpec(
            key="units",
            height=24,
            anchors=("主管部门",),
            slots=(
                _label(1, "主管部门", 2),
                _input(3, "project.department", Kind.TEXT, 3),
                _label(6, "实施单位", 1),
                _input(7, "project.implementer", Kind.TEXT, 3),
            ),
        ),
        _budget_header("funds.header"),
        _budget_total_row("funds"),
        *(_project_source_row(key, text, extra) for key, text, extra in PROJECT_SOURCES),
        *_goal_rows(),
        *_indicator_rows(REASON_ANNEX3),
        _NINE_COLUMN_FOOTER,
    ),
    bands=(
        Band("项目资金（万元）", "funds.header", "source.other"),
        Band("年度总体目标", "goal.header", "goal.text"),
        Band("绩效指标", "indicator.header", "indicator.row"),
    ),
    print_header_rows=("indicator.header", "indicator.header"),
)

LAYOUTS: dict[Form, FormLayout] = {Form.ANNEX1: ANNEX1, Form.ANNEX2: ANNEX2, Form.ANNEX3: ANNEX3}


@dataclass(frozen=True, slots=True)
class IndicatorGroup:
    """A 一级 indicator with its default weight and its 二级 indicators."""

    name: str
    weight: int
    children: tuple[str, ...] = field(default=())


# Default indicator structure of the templates. 附件2 follows the seed (成本指标 as its own
# 一级 indicator, 40/20/10/20); 附件3 follows the national form (50/30/10).
ANNEX2_GROUPS = (
    IndicatorGroup("产出指标", 40, ("数量指标", "质量指标", "时效指标")),
    IndicatorGroup("效益指标", 20, ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")),
    IndicatorGroup("满意度指标", 10, ("服务对象满意度指标",)),
    IndicatorGroup("成本指标", 20, ("经济成本指标", "社会成本指标", "生态环境成本指标")),
)
ANNEX3_GROUPS = (
    IndicatorGroup("产出指标", 50, ("数量指标", "质量指标", "时效指标", "成本指标")),
    IndicatorGroup("效益指标", 30, ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")),
    IndicatorGroup("满意度指标", 10, ("服务对象满意度指标",)),
)
BUDGET_WEIGHT = 10


def group_label(name: str, weight: int) -> str:
    """``效益指标（20分）``: the form states each 一级 indicator's weight in its label."""
    return f"{name}（{weight}分）"


def defined_name(key: str) -> str:
    """``funds.adjusted`` → ``jx_funds_adjusted``: the sheet-local name of a named field."""
    return "jx_" + key.replace(".", "_")


INDICATOR_HEADER_NAME = "jx_indicator_header"  # the indicator table's header row (附件2, 附件3)

TEMPLATE_ID = "jixiao-annexes"
TEMPLATE_VERSION = 1
META_SHEET = "_jixiao"
RESULTS_SHEET = "校验结果"
