"""The test vectors T1–T36 of reference/domain.md §7, run through the real engine.

Inputs are built as parsed models (``jixiao.models``) and evaluated with ``jixiao.evaluate``;
the pure-formula vectors also call ``jixiao.evaluate.scoring`` directly. Every expected number is
hand-computed in a comment from the reference text, never copied from the engine's output.
Where a vector offers options, spec §4/§5 decides: reverse indicators use the linear variant 2,
执行率得分 is capped at 分值, 0/0 gives "—", and an entirely zero row gives no finding.

Vectors not covered (the engine has nothing to check them against): T32–T34 (narrative text is
not part of the workbooks), T35 (三公经费变动率 / 控制率 are not computed by the engine).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from published_form import write_published_form

from jixiao.evaluate import Evaluation, evaluate
from jixiao.evaluate.scoring import (
    Band,
    band_range,
    execution_rate,
    execution_score,
    indicator_score,
)
from jixiao.models import (
    AmountLine,
    Annex1,
    Annex2,
    Annex3,
    BudgetLine,
    Building,
    ExpenseLine,
    Group,
    Indicator,
    Located,
    ParsedWorkbook,
    Totals,
    located,
)
from jixiao.parse import parse_grid
from jixiao.profile import Profile, load_profile
from jixiao.readers.calamine_reader import read_grid
from jixiao.values import CellValue, Direction

D = Decimal
S2 = "附件2"
S1 = "附件1"
NATIONAL = "national"
FLOOR = "integer-floor"
PROFILES = (NATIONAL, FLOOR)
GOOD_REASON = "原因：受经济环境影响；措施：加强跟踪调度，下一步做好政策扶持。"


def profile_with(name: str, **changes: str) -> Profile:
    """A shipped profile with some parameters changed, validated like a TOML file."""
    data = load_profile(name).model_dump(mode="json")
    data.update(changes)
    return Profile.model_validate(data)


# ---------------------------------------------------------------------------------------------
# Building forms. Layout follows the seed's 附件2 (tests/published_form.py): the budget row is
# row 5 (D 年初, E 全年预算, F 全年执行, G 分值, H 执行率, I 得分); indicator rows from row 14 with
# B 一级, C 二级, D 三级, E 年度指标值, F 实际完成值, G 分值, H 得分, I 偏差原因分析; 总分 on row 40.
# ---------------------------------------------------------------------------------------------


def at(cell: str, raw: CellValue, sheet: str = S2) -> Located:
    return located(sheet, cell, raw)


def funds(
    adjusted: CellValue = 1387.53,
    executed: CellValue = 1387.53,
    *,
    initial: CellValue = 974.62,
    weight: CellValue = 10,
    rate: CellValue = None,
    score: CellValue = None,
) -> BudgetLine:
    return BudgetLine(
        label="年度资金总额",
        initial=at("D5", initial),
        adjusted=at("E5", adjusted),
        executed=at("F5", executed),
        weight=at("G5", weight),
        rate=at("H5", rate),
        score=at("I5", score),
    )


def indicator(
    row: int,
    name: str,
    target: CellValue,
    actual: CellValue,
    weight: CellValue,
    score: CellValue = None,
    reason: CellValue = None,
    *,
    level1: str = "产出指标",
    level2: str = "数量指标",
) -> Indicator:
    return Indicator(
        row=row,
        level1=level1,
        level2=level2,
        name=at(f"D{row}", name),
        target=at(f"E{row}", target),
        actual=at(f"F{row}", actual),
        weight=at(f"G{row}", weight),
        score=at(f"H{row}", score),
        reason=at(f"I{row}", reason),
    )


def annex2(
    budget: BudgetLine | None = None,
    indicators: list[Indicator] | None = None,
    *,
    groups: list[Group] | None = None,
    totals: Totals | None = None,
    income: list[tuple[str, CellValue]] | None = None,
    expenditure: list[tuple[str, CellValue]] | None = None,
) -> Annex2:
    """An 附件2 whose 资金来源 parts add up unless told otherwise."""
    budget = budget or funds()
    if income is None:
        income = [("一般公共预算", budget.adjusted.raw), ("政府性基金拨款", 0),
                  ("纳入专户管理的非税收入拨款", 0), ("其他资金", 0)]
    if expenditure is None:
        expenditure = [("基本支出", budget.executed.raw), ("项目支出", 0)]
    return Annex2(
        sheet=S2,
        year=2024,
        unit_name=at("C3", "株洲市科学技术局"),
        funds=budget,
        goal_expected=at("B12", "全力引导企业加大研发投入"),
        goal_actual=at("F12", "株洲位列“全国城市创新能力评价”第 35 位"),
        groups=groups or [],
        indicators=indicators or [],
        totals=totals,
        income=[AmountLine(key=f"income{i}", label=label, amount=at(f"B{7 + i}", value))
                for i, (label, value) in enumerate(income)],
        expenditure=[AmountLine(key=f"spend{i}", label=label, amount=at(f"F{7 + i}", value))
                     for i, (label, value) in enumerate(expenditure)],
    )


def run(form: Annex2 | Annex1, profile: str | Profile = NATIONAL) -> Evaluation:
    chosen = profile if isinstance(profile, Profile) else load_profile(profile)
    if isinstance(form, Annex1):
        return evaluate(ParsedWorkbook(annex1=form), chosen)
    return evaluate(ParsedWorkbook(annex2=form), chosen)


def run_rows(*rows: Indicator, profile: str | Profile = NATIONAL) -> Evaluation:
    return run(annex2(indicators=list(rows)), profile)


def written(result: Evaluation, cell: str, sheet: str = S2) -> Decimal | str:
    """The one value recalculation writes into ``cell``."""
    values = [w.value for w in result.writes if w.cell == cell and w.sheet == sheet]
    assert len(values) == 1, f"expected one write to {sheet}!{cell}, got {values}"
    return values[0]


def not_written(result: Evaluation, cell: str, sheet: str = S2) -> bool:
    return not any(w.cell == cell and w.sheet == sheet for w in result.writes)


def findings(result: Evaluation) -> list[tuple[str, str, str]]:
    """(rule, severity, cell) of every finding, sorted."""
    return sorted((f.rule, f.severity.value, f.cell) for f in result.findings)


def rules_at(result: Evaluation, cell: str) -> set[str]:
    return {f.rule for f in result.findings if f.cell == cell}


# ---------------------------------------------------------------------------------------------
# T1–T4 预算执行率 and 执行率得分
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_t1_execution_full(profile: str) -> None:
    # 1387.53 / 1387.53 = 1 → 100.00%; 10 × 1 = 10.00. The seed's entered 100.00% / 10.00 agree.
    result = run(annex2(funds(1387.53, 1387.53, rate="100.00%", score="10.00")), profile)
    assert written(result, "H5") == D("1")
    assert written(result, "I5") == D("10")
    computed = result.forms[0].computed
    assert computed["budget_execution_rate"] == "1.0000"  # spec §6 format
    assert computed["budget_execution_score"] == "10.00"
    assert findings(result) == []
    assert execution_rate(D("1387.53"), D("1387.53")) == 1
    assert execution_score(D(1), D(10), load_profile(profile)) == D("10.00")


@pytest.mark.parametrize("profile", PROFILES)
def test_t2_execution_low(profile: str) -> None:
    # 1864.05 / 3600 = 0.51779166… → 51.78%; 10 × 0.51779166… = 5.1779… → 5.18 (half-up, 2 dp).
    # Below 90% → C10 warning (budget-execution-low).
    result = run(annex2(funds(3600, 1864.05, initial=3600)), profile)
    assert written(result, "H5") == D("0.5178")
    assert written(result, "I5") == D("5.18")
    computed = result.forms[0].computed
    assert computed["budget_execution_rate"] == "0.5178"
    assert computed["budget_execution_score"] == "5.18"
    low = [f for f in result.findings if f.rule == "budget-execution-low"]
    assert len(low) == 1
    assert low[0].severity.value == "warning"
    assert low[0].cell in {"H5", "F5"}
    assert {f.rule for f in result.findings} == {"budget-execution-low"}
    rate = execution_rate(D(3600), D("1864.05"))
    assert rate is not None
    assert execution_score(rate, D(10), load_profile(profile)) == D("5.18")


def test_t2_entered_rate_and_score_match_at_displayed_precision() -> None:
    # Entered 51.78% and 5.18 agree with 1864.05/3600 at 0.01 pp and 0.01 (spec §3).
    result = run(annex2(funds(3600, 1864.05, initial=3600, rate="51.78%", score=5.18)))
    assert "rate-mismatch" not in rules_at(result, "H5")
    assert not rules_at(result, "I5")
    # 52.78% is a full percentage point off; 6.18 is above the formula's 5.18.
    result = run(annex2(funds(3600, 1864.05, initial=3600, rate="52.78%", score=6.18)))
    assert "rate-mismatch" in rules_at(result, "H5")
    assert "score-above-formula" in rules_at(result, "I5")


@pytest.mark.parametrize("profile", PROFILES)
def test_t3_execution_over_100_capped(profile: str) -> None:
    # 105 / 100 = 105.00%; 得分 = 10 × min(1.05, 1) = 10.00 (spec §4 cap); over-execution warning.
    result = run(annex2(funds(100, 105, initial=100)), profile)
    assert written(result, "H5") == D("1.05")
    assert written(result, "I5") == D("10")
    assert result.forms[0].computed["budget_execution_score"] == "10.00"
    over = [f for f in result.findings if f.rule == "budget-over-executed"]
    assert len(over) == 1
    assert over[0].severity.value == "warning"
    assert over[0].cell in {"H5", "F5"}
    assert execution_score(D("1.05"), D(10), load_profile(profile)) == D("10.00")


def test_t3_entered_score_above_weight() -> None:
    # Entering 10.5 (10 × 105%) is above 分值 10: score-exceeds-weight (C1).
    result = run(annex2(funds(100, 105, initial=100, score=10.5)))
    assert "score-exceeds-weight" in rules_at(result, "I5")


def test_t4_zero_budget_entirely_zero_row() -> None:
    # 0/0: 率 and 得分 shown as "—"; an entirely zero row gives no finding at all (spec §5).
    result = run(annex2(funds(0, 0, initial=0)))
    assert written(result, "H5") == "—"
    assert written(result, "I5") == "—"
    assert result.forms[0].computed["budget_execution_rate"] == "—"
    assert result.forms[0].computed["budget_execution_score"] == "—"
    assert findings(result) == []
    assert execution_rate(D(0), D(0)) is None


@pytest.mark.parametrize(
    ("initial", "executed"),
    [
        (974.62, 0),
        (0, 5),
    ],
)
def test_t4_zero_budget_with_amounts_warns(initial: float, executed: float) -> None:
    # 全年预算数 = 0 while 年初预算数 or 全年执行数 is not: rate undefined → "—" and C15 as
    # division-by-zero, a warning (spec §5).
    result = run(annex2(funds(0, executed, initial=initial)))
    assert written(result, "H5") == "—"
    assert ("division-by-zero", "warning", "H5") in findings(result)


# ---------------------------------------------------------------------------------------------
# T5–T8 正向 quantitative indicators, national and integer-floor
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_t5_positive_achieved(profile: str) -> None:
    # 1302家 ≥ 1300家 → full 10; 1302/1300 = 100.15% < 120%, no over-achievement flag.
    result = run_rows(indicator(14, "高新技术企业数", "1300家", "1302家", 10, 10), profile=profile)
    assert written(result, "H14") == D(10)
    assert findings(result) == []
    assert indicator_score(Direction.POSITIVE, D(1300), D(1302), D(10), load_profile(profile)) == 10


SEED_REASON_12 = "原因：财政资金状况及政策变化；措施：加强与财政部门对接，加大地方财政科技支出。"
SEED_REASON_13 = "原因：受经济环境影响企业减少研发投入；措施：做好对企业的政策扶持及服务。"


def test_t6_positive_not_achieved_national() -> None:
    # 5 × 7.42/8 = 37.1/8 = 4.6375 → 4.64 (half-up). Seed entered 4 < 4.64 → score-below-formula
    # (info); the reason has 原因 and 措施 → no reason finding.
    row = indicator(25, "地方财政科技支出占比", "8%", "7.42%", 5, 4, SEED_REASON_12,
                    level1="成本指标", level2="经济成本指标")
    result = run_rows(row)
    assert written(result, "H25") == D("4.64")
    assert findings(result) == [("score-below-formula", "info", "H25")]
    below = result.findings[0]
    assert below.value == "4"
    assert below.expected == "4.64"


def test_t6_actual_as_percent_formatted_number() -> None:
    # The same 实际完成值 from a percent-formatted cell arrives as the float 0.0742 (spec §3):
    # read against "8%" it is 7.42% → 4.64.
    result = run_rows(indicator(25, "地方财政科技支出占比", "8%", 0.0742, 5, None, SEED_REASON_12))
    assert written(result, "H25") == D("4.64")
    assert not any(f.rule == "unit-mismatch" for f in result.findings)


def test_t7_positive_not_achieved_national() -> None:
    # 5 × 115.49/120 = 577.45/120 = 4.812083… → 4.81. Seed 4 → info.
    row = indicator(26, "全社会研发投入总量", "120亿元", "115.49亿元", 5, 4, SEED_REASON_13,
                    level1="成本指标", level2="经济成本指标")
    result = run_rows(row)
    assert written(result, "H26") == D("4.81")
    assert findings(result) == [("score-below-formula", "info", "H26")]
    assert result.findings[0].expected == "4.81"


@pytest.mark.parametrize(
    ("row", "target", "actual", "reason", "national", "floor"),
    [
        # 4.6375 → national 4.64, truncated 4;  4.8121 → national 4.81, truncated 4.
        (25, "8%", "7.42%", SEED_REASON_12, D("4.64"), D(4)),
        (26, "120亿元", "115.49亿元", SEED_REASON_13, D("4.81"), D(4)),
    ],
)
def test_t8_integer_floor_matches_seed(
    row: int, target: str, actual: str, reason: str, national: Decimal, floor: Decimal
) -> None:
    result = run_rows(indicator(row, "指标", target, actual, 5, 4, reason), profile=FLOOR)
    assert written(result, f"H{row}") == floor
    assert findings(result) == []  # entered 4 == formula 4, reason complete
    result = run_rows(indicator(row, "指标", target, actual, 5, 4, reason), profile=NATIONAL)
    assert written(result, f"H{row}") == national


def test_t6_t8_pure_formulas() -> None:
    national, floor = load_profile(NATIONAL), load_profile(FLOOR)
    assert indicator_score(Direction.POSITIVE, D(8), D("7.42"), D(5), national) == D("4.64")
    assert indicator_score(Direction.POSITIVE, D(8), D("7.42"), D(5), floor) == D(4)
    assert indicator_score(Direction.POSITIVE, D(120), D("115.49"), D(5), national) == D("4.81")
    assert indicator_score(Direction.POSITIVE, D(120), D("115.49"), D(5), floor) == D(4)


# ---------------------------------------------------------------------------------------------
# T9–T12 反向 and 等于
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("≤100", 120, D(8)),  # T9: 10 × (1 − (120−100)/100) = 10 × 0.8 = 8.00 (variant 2)
        ("≤100", 200, D(0)),  # T10: B ≥ 2A → 0
        ("≤100", 90, D(10)),  # T11: B ≤ A → full
        ("不超过100", 120, D(8)),  # same direction from words
        ("≤100", 150, D(5)),  # 10 × (1 − 50/100) = 5.00
    ],
)
def test_t9_t11_reverse(profile: str, target: str, actual: int, expected: Decimal) -> None:
    result = run_rows(indicator(14, "反向指标", target, actual, 10, None, GOOD_REASON),
                      profile=profile)
    assert written(result, "H14") == expected
    assert findings(result) == []
    assert indicator_score(Direction.REVERSE, D(100), D(actual), D(10),
                           load_profile(profile)) == expected


def test_reverse_national_two_decimals() -> None:
    # A = 100, B = 133: 10 × (1 − 33/100) = 6.70 (national); truncated 6.
    assert indicator_score(Direction.REVERSE, D(100), D(133), D(10), load_profile(NATIONAL)) == D(
        "6.70")
    assert indicator_score(Direction.REVERSE, D(100), D(133), D(10), load_profile(FLOOR)) == D(6)
    # A = 3, B = 4: 5 × (1 − 1/3) = 3.3333… → 3.33
    assert indicator_score(Direction.REVERSE, D(3), D(4), D(5), load_profile(NATIONAL)) == D("3.33")


@pytest.mark.parametrize("profile", PROFILES)
def test_t12_equal_zero_target(profile: str) -> None:
    # A = 0 for an 等于 indicator: B ≤ 0 → full 10, B > 0 → 0.
    met = run_rows(indicator(14, "安全事故", "=0起", "0起", 10), profile=profile)
    assert written(met, "H14") == D(10)
    assert findings(met) == []
    missed = run_rows(indicator(14, "安全事故", "=0起", "1起", 10, None, GOOD_REASON),
                      profile=profile)
    assert written(missed, "H14") == D(0)
    assert findings(missed) == []
    chosen = load_profile(profile)
    assert indicator_score(Direction.EQUAL, D(0), D(0), D(10), chosen) == 10
    assert indicator_score(Direction.EQUAL, D(0), D(1), D(10), chosen) == 0


def test_equal_positive_target() -> None:
    # 等于, A > 0: B ≥ A → w; B < A → w × B/A: 10 × 4/5 = 8.00.
    chosen = load_profile(NATIONAL)
    assert indicator_score(Direction.EQUAL, D(5), D(5), D(10), chosen) == 10
    assert indicator_score(Direction.EQUAL, D(5), D(4), D(10), chosen) == D(8)


# ---------------------------------------------------------------------------------------------
# T13–T15 定性 bands
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize(
    ("option", "weight", "score", "error"),
    [
        ("达成年度指标", 10, 7.5, True),  # T13: allowed [8, 10]
        ("部分达成年度指标并具有一定效果", 10, 8.0, True),  # T14: allowed [6, 8)
        ("未达成年度指标且效果较差", 5, 2.9, False),  # T15: allowed [0, 3)
        ("达成年度指标", 10, 8, False),  # lower edge of [8, 10] is inside
        ("部分达成年度指标并具有一定效果", 10, 6, False),  # lower edge of [6, 8) is inside
        ("未达成年度指标且效果较差", 5, 3, True),  # 3 is the open end of [0, 3)
    ],
)
def test_t13_t15_qualitative_bands(
    profile: str, option: str, weight: int, score: float, error: bool
) -> None:
    row = indicator(14, "科技服务水平", "有效提升", option, weight, score, GOOD_REASON,
                    level2="质量指标")
    result = run_rows(row, profile=profile)
    expected = [("qualitative-score-out-of-band", "error", "H14")] if error else []
    assert findings(result) == expected
    assert not_written(result, "H14")  # the tool suggests nothing for qualitative rows


def test_t13_t15_band_limits() -> None:
    chosen = load_profile(NATIONAL)
    achieved = band_range(Band.ACHIEVED, D(10), chosen)
    assert (achieved.low, achieved.high, achieved.high_inclusive) == (D(8), D(10), True)
    partial = band_range(Band.PARTIAL, D(10), chosen)
    assert (partial.low, partial.high, partial.high_inclusive) == (D(6), D(8), False)
    missed = band_range(Band.MISSED, D(5), chosen)
    assert (missed.low, missed.high, missed.high_inclusive) == (D(0), D(3), False)
    assert not achieved.contains(D("7.5"))
    assert not partial.contains(D("8.0"))
    assert missed.contains(D("2.9"))


# ---------------------------------------------------------------------------------------------
# T16–T17 满意度
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("target", ["95%", "≥95%", "不低于95%"])
def test_t16_satisfaction_met(profile: str, target: str) -> None:
    # 100% ≥ 95% → 10; 100/95 = 105.3% < 120%: nothing to flag.
    row = indicator(24, "服务对象满意度", target, "100%", 10, 10, level1="满意度指标",
                    level2="服务对象满意度指标")
    result = run_rows(row, profile=profile)
    assert written(result, "H24") == D(10)
    assert findings(result) == []


@pytest.mark.parametrize(("profile", "expected"), [(NATIONAL, D("9.47")), (FLOOR, D(9))])
def test_t17_satisfaction_not_met(profile: str, expected: Decimal) -> None:
    # 10 × 90/95 = 9.473684… → national 9.47, truncated 9.
    row = indicator(24, "服务对象满意度", "≥95%", "90%", 10, None, GOOD_REASON)
    result = run_rows(row, profile=profile)
    assert written(result, "H24") == expected
    assert findings(result) == []


# ---------------------------------------------------------------------------------------------
# T18–T20 over-achievement
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_t18_over_achievement_unexplained(profile: str) -> None:
    # 16/5 = 320% ≥ 120%: still full marks (never reduced automatically), C9 warning at 偏差原因.
    result = run_rows(indicator(15, "新增省级以上科技创新平台", "5个", "16个", 10, 10),
                      profile=profile)
    assert written(result, "H15") == D(10)
    assert findings(result) == [("over-achievement-unexplained", "warning", "I15")]
    assert result.findings[0].value == "320.00%"


def test_t18_explained_over_achievement_is_quiet() -> None:
    reason = "原因：年初指标值设定偏低；措施：下一年度将提高指标值。"
    result = run_rows(indicator(15, "新增省级以上科技创新平台", "5个", "16个", 10, 10, reason))
    assert findings(result) == []


@pytest.mark.parametrize("ratio", ["1.2", "1.3"])
def test_t19_boundary_not_flagged(ratio: str) -> None:
    # 17.9/15 = 119.33% < 120% (and < 130%): no flag.
    chosen = profile_with(NATIONAL, over_achievement_ratio=ratio)
    row = indicator(20, "高新技术产业增加值占GDP比重", "15%", "17.9%", 5, 5,
                    level1="效益指标", level2="经济效益指标")
    result = run_rows(row, profile=chosen)
    assert written(result, "H20") == D(5)
    assert findings(result) == []


@pytest.mark.parametrize("ratio", ["1.2", "1.3"])
def test_t20_flagged_at_both_thresholds(ratio: str) -> None:
    # 4/3 = 133.3% ≥ 120% and ≥ 130%.
    chosen = profile_with(NATIONAL, over_achievement_ratio=ratio)
    result = run_rows(indicator(22, "全国重点实验室数量", "3家", "4家", 5, 5), profile=chosen)
    assert findings(result) == [("over-achievement-unexplained", "warning", "I22")]


def test_over_achievement_threshold_is_inclusive() -> None:
    # B = 1.2 × A exactly (6/5) is flagged: the rule is B ≥ 1.2 × A.
    result = run_rows(indicator(14, "指标", "5个", "6个", 5, 5))
    assert findings(result) == [("over-achievement-unexplained", "warning", "I14")]


# ---------------------------------------------------------------------------------------------
# T21–T22 caps and reasons
# ---------------------------------------------------------------------------------------------


def test_t21_score_above_weight_quantitative() -> None:
    # 得分 6 > 分值 5 → C1 error on the 得分 cell; recalculation writes the formula's 5.
    result = run_rows(indicator(14, "举办外国专家活动次数", "1次", "1次", 5, 6))
    assert written(result, "H14") == D(5)
    assert ("score-exceeds-weight", "error", "H14") in findings(result)
    assert all(f.cell == "H14" for f in result.findings)


def test_t21_score_above_weight_qualitative() -> None:
    result = run_rows(indicator(14, "科技服务水平", "有效提升", "达成年度指标", 5, 6))
    assert ("score-exceeds-weight", "error", "H14") in findings(result)


@pytest.mark.parametrize(
    ("target", "actual", "profile"),
    [
        ("8%", "7.42%", FLOOR),  # formula 4, entered 4: only the reason is missing
        ("有效提升", "达成年度指标", NATIONAL),  # qualitative, 4 ∈ [4, 5]
    ],
)
def test_t22_missing_reason(target: str, actual: str, profile: str) -> None:
    # 得分 4 < 分值 5 and 偏差原因分析 empty → C2 error pointing at the 偏差原因分析 cell.
    for reason in (None, "", "   "):
        result = run_rows(indicator(25, "指标", target, actual, 5, 4, reason), profile=profile)
        assert findings(result) == [("missing-deviation-reason", "error", "I25")]


def test_t22_missing_reason_national_also_notes_conservative_score() -> None:
    result = run_rows(indicator(25, "地方财政科技支出占比", "8%", "7.42%", 5, 4, ""))
    assert findings(result) == [
        ("missing-deviation-reason", "error", "I25"),
        ("score-below-formula", "info", "H25"),
    ]


def test_t22_missing_reason_when_only_the_formula_loses_points() -> None:
    # Nothing entered in 得分, but the formula gives 4.64 < 5: the reason is still required.
    result = run_rows(indicator(25, "地方财政科技支出占比", "8%", "7.42%", 5))
    assert findings(result) == [("missing-deviation-reason", "error", "I25")]


@pytest.mark.parametrize("reason", ["原因：财政资金紧张", "措施：加大投入"])
def test_incomplete_reason(reason: str) -> None:
    # A reason with only a cause or only a measure → incomplete-deviation-reason warning.
    result = run_rows(indicator(25, "指标", "8%", "7.42%", 5, 4, reason), profile=FLOOR)
    assert findings(result) == [("incomplete-deviation-reason", "warning", "I25")]


# ---------------------------------------------------------------------------------------------
# T23–T25 the seed's 附件2: totals, weights, grade
# ---------------------------------------------------------------------------------------------

SEED_ROWS = [
    # level1, level2, name, target, actual, weight, score, reason
    ("产出指标", "数量指标", "高新技术企业数", "1300家", "1302家", 10, 10, None),
    ("产出指标", "数量指标", "新增省级以上科技创新平台", "5个", "16个", 10, 10, None),
    ("产出指标", "数量指标", "引进外籍人才数", "3人", "3人", 5, 5, None),
    ("产出指标", "质量指标", "万人高价值发明专利拥有量", "13件", "14.91件", 5, 5, None),
    ("产出指标", "质量指标", "全社会研发投入强度", "3.1%", "3.15%", 5, 5, None),
    ("产出指标", "时效指标", "工作完成时间", "12月", "12月", 5, 5, None),
    ("效益指标", "经济效益指标", "高新技术产业增加值占GDP比重", "15%", "17.9%", 5, 5, None),
    ("效益指标", "社会效益指标", "国省科技计划立项", "100项", "187项", 5, 5, None),
    ("效益指标", "生态效益指标", "全国重点实验室数量", "3家", "4家", 5, 5, None),
    ("效益指标", "可持续影响指标", "获得研发奖补企业数", "300家", "321家", 5, 5, None),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "95%", "100%", 10, 10, None),
    ("成本指标", "经济成本指标", "地方财政科技支出占比", "8%", "7.42%", 5, 4, SEED_REASON_12),
    ("成本指标", "经济成本指标", "全社会研发投入总量", "120亿元", "115.49亿元", 5, 4, SEED_REASON_13),
    ("成本指标", "社会成本指标", "举办外国专家活动次数", "1次", "1次", 5, 5, None),
    ("成本指标", "社会成本指标", "科普及科技宣传活动", "8场", "12场", 5, 5, None),
]
FIRST_ROW = 14  # seed rows 14..28
TOTAL_ROW = 30
GROUP_ROWS = {"产出指标": 14, "效益指标": 20, "满意度指标": 24, "成本指标": 25}


def seed_annex2(
    rows: list[tuple[str, str, str, str, str, int, int, str | None]] | None = None,
    *,
    total: CellValue = 98,
    group_weights: dict[str, int] | None = None,
) -> Annex2:
    rows = rows or SEED_ROWS
    stated = group_weights or {"产出指标": 40, "效益指标": 20, "满意度指标": 10, "成本指标": 20}
    groups = [
        Group(name=name, stated_weight=D(weight), cell=at(f"B{GROUP_ROWS[name]}", f"{name}（{weight}分）"))
        for name, weight in stated.items()
    ]
    indicators = [
        indicator(FIRST_ROW + i, name, target, actual, weight, score, reason,
                  level1=level1, level2=level2)
        for i, (level1, level2, name, target, actual, weight, score, reason) in enumerate(rows)
    ]
    return annex2(
        funds(1387.53, 1387.53, initial=974.62, rate="100.00%", score="10.00"),
        indicators,
        groups=groups,
        totals=Totals(weight=at(f"G{TOTAL_ROW}", 100), score=at(f"H{TOTAL_ROW}", total)),
        income=[("一般公共预算", 1387.53), ("政府性基金拨款", 0),
                ("纳入专户管理的非税收入拨款", 0), ("其他资金", 0)],
        expenditure=[("基本支出", 965.72), ("项目支出", 421.81)],
    )


# Over-achievement ≥ 120% without a reason in the seed (domain.md §3): 新增平台 16/5 = 320%
# (row 15), 国省计划 187/100 = 187% (row 21), 重点实验室 4/3 = 133.3% (row 22), 科普 12/8 = 150%
# (row 28). 高新占比 17.9/15 = 119.33% (row 20) stays below.
SEED_OVER = [("over-achievement-unexplained", "warning", f"I{row}") for row in (15, 21, 22, 28)]


def test_t23_seed_total_integer_floor() -> None:
    # 10 (执行率) + 80 (rows at full marks) + 4 + 4 = 98, the seed's 总分.
    result = run(seed_annex2(), FLOOR)
    assert written(result, f"H{TOTAL_ROW}") == D(98)
    assert written(result, "H25") == D(4)
    assert written(result, "H26") == D(4)
    assert result.forms[0].computed["total_score"] == "98.00"
    assert result.forms[0].computed["grade"] == "优"
    assert findings(result) == sorted(SEED_OVER)


def test_t23_seed_total_national() -> None:
    # 10 + 80 + 4.64 + 4.81 = 99.45. Entered 98 = entered parts (10 + 88) → no total mismatch;
    # the two entered 4s are below the formula → two infos.
    result = run(seed_annex2(), NATIONAL)
    assert written(result, f"H{TOTAL_ROW}") == D("99.45")
    assert result.forms[0].computed["total_score"] == "99.45"
    assert result.forms[0].computed["grade"] == "优"
    assert findings(result) == sorted(
        [*SEED_OVER, ("score-below-formula", "info", "H25"), ("score-below-formula", "info", "H26")]
    )


def test_t23_total_mismatch() -> None:
    # Entered 总分 97 ≠ 10 + 88 = 98 → total-score-mismatch on the 总分 cell.
    result = run(seed_annex2(total=97), FLOOR)
    mismatch = [f for f in result.findings if f.rule == "total-score-mismatch"]
    assert [(f.severity.value, f.cell) for f in mismatch] == [("error", f"H{TOTAL_ROW}")]
    assert mismatch[0].expected == "98"


def test_t24_weights_sum_to_100() -> None:
    # 10 + 40 + 20 + 10 + 20 = 100: written to the 总分 row's 分值, no weight findings.
    result = run(seed_annex2(), FLOOR)
    assert written(result, f"G{TOTAL_ROW}") == D(100)
    assert not {"weights-not-100", "group-weight-mismatch"} & {f.rule for f in result.findings}


def test_t24_weights_not_100() -> None:
    # 高新技术企业数 weighted 9 (and scored 9): Σ = 99, 产出指标 Σ = 39 ≠ 40.
    rows = list(SEED_ROWS)
    rows[0] = ("产出指标", "数量指标", "高新技术企业数", "1300家", "1302家", 9, 9, None)
    result = run(seed_annex2(rows, total=97), FLOOR)
    assert written(result, f"G{TOTAL_ROW}") == D(99)
    assert ("weights-not-100", "error", f"G{TOTAL_ROW}") in findings(result)
    assert ("group-weight-mismatch", "error", "B14") in findings(result)
    assert not any(f.rule == "group-weight-mismatch" and f.cell != "B14" for f in result.findings)


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize(
    ("total", "grade"),
    [("98", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"), ("60", "中"),
     ("59.99", "差"), ("0", "差")],
)
def test_t25_grades(profile: str, total: str, grade: str) -> None:
    assert load_profile(profile).grade(D(total)) == grade


# ---------------------------------------------------------------------------------------------
# T26–T31 附件1 and the 附件2 expenditure split
# ---------------------------------------------------------------------------------------------

SEED_EXPENSES = [
    # key, label, prev_final, budget, final
    ("three_public", "三公经费", 18.24, 46, 38.67),
    ("vehicles", "1、公务用车购置和维护经费", 16, 32, 29.7),
    ("vehicle_purchase", "其中：公车购置", 0, 18, 17.98),
    ("vehicle_running", "公车运行维护", 16, 14, 11.72),
    ("overseas", "2、出国经费", 0, 10, 7.9),
    ("reception", "3、公务接待", 2.24, 4, 1.07),
    ("projects", "项目支出：", 2385.06, 3614.4, 1864.05),
    ("public", "公用经费", 236.55, 244.14, 244.1),
    ("office", "其中：办公经费", 105.01, 142.14, 140.19),
    ("utilities_travel", "水费、电费、差旅费", 10.18, 10.5, 10.69),
    ("meetings_training", "会议费、培训费", 1.36, 1, 0),
    ("procurement", "政府采购金额", "——", 289, 187),
    ("basic_adjustment", "部门基本支出预算调整", "——", 0, 8.58),
]
SEED_PROJECTS = [
    ("1、业务经费", 449.06, 14.4, 0),
    ("2、运行维护经费", 0, 0, 0),
    ("3、市级专项资金（一个专项一行）", 1936, 3600, 1864.05),
]
EXPENSE_ROW = {key: 6 + i for i, (key, *_rest) in enumerate(SEED_EXPENSES)}


def expense(key: str, label: str, row: int, prev: CellValue, budget: CellValue,
            final: CellValue) -> ExpenseLine:
    return ExpenseLine(
        key=key, label=label, row=row, prev_final=at(f"B{row}", prev, S1),
        budget=at(f"D{row}", budget, S1), final=at(f"F{row}", final, S1),
    )


def seed_annex1(
    *,
    staff: tuple[CellValue, CellValue, CellValue] = (39, 32, "82.05%"),
    changes: dict[tuple[str, str], CellValue] | None = None,
    buildings: list[Building] | None = None,
) -> Annex1:
    changes = changes or {}
    expenses = {}
    for key, label, prev, budget, final in SEED_EXPENSES:
        values = [changes.get((key, column), value)
                  for column, value in (("prev", prev), ("budget", budget), ("final", final))]
        expenses[key] = expense(key, label, EXPENSE_ROW[key], *values)
    projects = [expense(f"project{i + 1}", label, 40 + i, prev, budget, final)
                for i, (label, prev, budget, final) in enumerate(SEED_PROJECTS)]
    quota, actual, rate = staff
    return Annex1(
        sheet=S1, year=2024,
        staff_quota=at("B4", quota, S1), staff_actual=at("D4", actual, S1),
        staff_control_rate=at("F4", rate, S1),
        expenses=expenses, projects=projects, buildings=buildings or [],
    )


def building(row: int, approved: CellValue, built: CellValue, budget: CellValue,
             spent: CellValue) -> Building:
    return Building(
        row=row, name=at(f"A{row}", "办公楼", S1),
        approved_scale=at(f"B{row}", approved, S1), actual_scale=at(f"C{row}", built, S1),
        scale_rate=at(f"D{row}", None, S1), budget_investment=at(f"E{row}", budget, S1),
        actual_investment=at(f"F{row}", spent, S1), investment_rate=at(f"G{row}", None, S1),
    )


def test_seed_annex1_is_clean() -> None:
    # Every seed sum holds (domain.md §5), 其中 ≤ 公用经费, no 三公 item over budget.
    result = run(seed_annex1())
    assert findings(result) == []


def test_t26_staff_control_rate() -> None:
    # 32 / 39 = 0.820512… → 82.05%; the entered 82.05% matches at 0.01 pp (spec §3).
    result = run(seed_annex1())
    assert written(result, "F4", S1) == D("0.8205")
    assert result.forms[0].computed["staff_control_rate"] == "0.8205"
    assert not rules_at(result, "F4")


@pytest.mark.parametrize("entered", ["82.06%", "82%", 0.83])
def test_t26_staff_control_rate_mismatch(entered: CellValue) -> None:
    result = run(seed_annex1(staff=(39, 32, entered)))
    assert ("rate-mismatch", "error", "F4") in findings(result)


@pytest.mark.parametrize("entered", [0.8205, 0.82051282, "82.05％"])
def test_t26_staff_control_rate_other_forms(entered: CellValue) -> None:
    # A percent-formatted cell holds the fraction 0.8205…; full-width ％ reads as %.
    result = run(seed_annex1(staff=(39, 32, entered)))
    assert not rules_at(result, "F4")


def test_t27_three_public_composition() -> None:
    # 三公 final = 29.7 + 7.9 + 1.07 = 38.67; previous 16 + 0 + 2.24 = 18.24; budget 32 + 10 + 4 = 46.
    result = run(seed_annex1())
    row = EXPENSE_ROW["three_public"]
    assert written(result, f"F{row}", S1) == D("38.67")
    assert written(result, f"B{row}", S1) == D("18.24")
    assert written(result, f"D{row}", S1) == D(46)


def test_t27_three_public_mismatch() -> None:
    # 38.76 typed instead of 38.67 → sum-mismatch on 三公经费 决算.
    result = run(seed_annex1(changes={("three_public", "final"): 38.76}))
    row = EXPENSE_ROW["three_public"]
    mismatch = [f for f in result.findings if f.rule == "sum-mismatch"]
    assert [(f.severity.value, f.cell) for f in mismatch] == [("error", f"F{row}")]
    assert mismatch[0].expected == "38.67"


def test_t28_vehicles_composition() -> None:
    # 公车 final = 17.98 + 11.72 = 29.70; budget 18 + 14 = 32; previous 0 + 16 = 16.
    result = run(seed_annex1())
    row = EXPENSE_ROW["vehicles"]
    assert written(result, f"F{row}", S1) == D("29.70")
    assert written(result, f"D{row}", S1) == D(32)
    assert written(result, f"B{row}", S1) == D(16)


def test_t28_vehicles_mismatch() -> None:
    result = run(seed_annex1(changes={("vehicles", "final"): 29.07}))
    row = EXPENSE_ROW["vehicles"]
    assert ("sum-mismatch", "error", f"F{row}") in findings(result)


def test_t29_projects_sum() -> None:
    # 项目支出 budget = 14.4 + 0 + 3600 = 3614.4; previous 449.06 + 0 + 1936 = 2385.06;
    # final 0 + 0 + 1864.05 = 1864.05.
    result = run(seed_annex1())
    row = EXPENSE_ROW["projects"]
    assert written(result, f"D{row}", S1) == D("3614.40")
    assert written(result, f"B{row}", S1) == D("2385.06")
    assert written(result, f"F{row}", S1) == D("1864.05")
    result = run(seed_annex1(changes={("projects", "budget"): 3600}))
    assert ("sum-mismatch", "error", f"D{row}") in findings(result)


def test_public_subsets_exceed_total() -> None:
    # 公用经费 决算 entered 150 < 140.19 + 10.69 + 0 = 150.88 → subset-exceeds-total.
    result = run(seed_annex1(changes={("public", "final"): 150}))
    row = EXPENSE_ROW["public"]
    assert ("subset-exceeds-total", "error", f"F{row}") in findings(result)


def test_t30_zero_over_zero_building() -> None:
    # 批复 0, 实际 0 (and investment 0/0): rates "—", no finding for an all-zero row (spec §5).
    result = run(seed_annex1(buildings=[building(30, 0, 0, 0, 0)]))
    assert written(result, "D30", S1) == "—"
    assert written(result, "G30", S1) == "—"
    assert findings(result) == []
    assert "scale_control_rate" not in result.forms[0].computed


def test_building_rates() -> None:
    # 实际 950 / 批复 1000 = 95.00%; 实际投资 510 / 预算 500 = 102.00%.
    result = run(seed_annex1(buildings=[building(30, 1000, 950, 500, 510)]))
    assert written(result, "D30", S1) == D("0.95")
    assert written(result, "G30", S1) == D("1.02")
    computed = result.forms[0].computed
    assert computed["scale_control_rate"] == "0.9500"
    assert computed["investment_control_rate"] == "1.0200"


def test_t31_basic_plus_project_equals_execution() -> None:
    # 965.72 + 421.81 = 1387.53 = 全年执行数; 1387.53 + 0 + 0 + 0 = 全年预算数.
    result = run(seed_annex2(), FLOOR)
    assert not any(f.rule == "sum-mismatch" for f in result.findings)
    form = seed_annex2().model_copy(update={"expenditure": [
        AmountLine(key="spend0", label="基本支出", amount=at("F7", 965.72)),
        AmountLine(key="spend1", label="项目支出", amount=at("F8", 412.81)),
    ]})
    # 965.72 + 412.81 = 1378.53 ≠ 1387.53 → sum-mismatch on 全年执行数.
    result = run(form, FLOOR)
    mismatch = [f for f in result.findings if f.rule == "sum-mismatch"]
    assert [(f.severity.value, f.cell) for f in mismatch] == [("error", "F5")]
    assert mismatch[0].expected == "1378.53"


# ---------------------------------------------------------------------------------------------
# T36 units
# ---------------------------------------------------------------------------------------------


def test_t36_yi_and_wan_normalised() -> None:
    # 1154900万元 = 115.49亿元: 5 × 115.49/120 = 4.81 (national), no unit-mismatch.
    row = indicator(26, "全社会研发投入总量", "120亿元", "1154900万元", 5, None, SEED_REASON_13)
    result = run_rows(row)
    assert written(result, "H26") == D("4.81")
    assert findings(result) == []
    result = run_rows(row, profile=FLOOR)
    assert written(result, "H26") == D(4)


def test_t36_yuan_normalised() -> None:
    # 1000000元 = 100万元 ≥ 100万元 → full marks.
    result = run_rows(indicator(14, "资金", "100万元", "1000000元", 5, 5))
    assert written(result, "H14") == D(5)
    assert findings(result) == []


def test_t36_incomparable_units() -> None:
    # 家 vs 个 cannot be compared: unit-mismatch (C12 error) on 实际完成值, nothing computed.
    result = run_rows(indicator(14, "高新技术企业数", "1300家", "1302个", 10, 10))
    assert ("unit-mismatch", "error", "F14") in findings(result)
    assert not_written(result, "H14")


# ---------------------------------------------------------------------------------------------
# Spec §3 readings as they reach the engine
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("30天", "36天", D(8)),  # 时效 defaults to reverse: 10 × (1 − 6/30) = 8.00
        ("30天", "25天", D(10)),  # finished earlier → full
        ("≥30天", "36天", D(10)),  # an explicit ≥ wins over the 时效 default
    ],
)
def test_timeliness_defaults_to_reverse(target: str, actual: str, expected: Decimal) -> None:
    row = indicator(19, "办结时限", target, actual, 10, None, GOOD_REASON, level2="时效指标")
    result = run_rows(row)
    assert written(result, "H19") == expected


@pytest.mark.parametrize("actual", ["1,302家", "１３０２家", "1302 家", 1302, 1302.0])
def test_actual_value_forms(actual: CellValue) -> None:
    # 1,302 / full-width / blank before the unit / a bare int or float all mean 1302 家 → 10.
    result = run_rows(indicator(14, "高新技术企业数", "≥1,300家", actual, 10, 10))
    assert written(result, "H14") == D(10)
    assert findings(result) == []


def test_actual_text_is_not_a_number() -> None:
    result = run_rows(indicator(14, "高新技术企业数", "1300家", "较多", 10, 10))
    assert ("not-a-number", "error", "F14") in findings(result)


def test_annex3_project() -> None:
    # A 附件3 project: 80/100 = 80.00% → 8.00 and a <90% warning; sources add up.
    budget = BudgetLine(label="年度资金总额", initial=at("C5", 100, "项目1"),
                        adjusted=at("D5", 100, "项目1"), executed=at("E5", 80, "项目1"),
                        weight=at("F5", 10, "项目1"), rate=at("G5", None, "项目1"),
                        score=at("H5", None, "项目1"))
    sources = [
        BudgetLine(label="当年财政拨款", initial=at("C6", 100, "项目1"),
                   adjusted=at("D6", 100, "项目1"), executed=at("E6", 80, "项目1")),
        BudgetLine(label="上年结转资金", initial=at("C7", 0, "项目1"),
                   adjusted=at("D7", 0, "项目1"), executed=at("E7", 0, "项目1")),
    ]
    project = Annex3(sheet="项目1", project_name=at("B3", "科技创新平台建设", "项目1"),
                     funds=budget, sources=sources)
    result = evaluate(ParsedWorkbook(annex3=[project]), load_profile(NATIONAL))
    assert written(result, "G5", "项目1") == D("0.8")
    assert written(result, "H5", "项目1") == D(8)
    assert result.forms[0].project == "科技创新平台建设"
    assert [(f.rule, f.cell) for f in result.findings if f.severity.value != "info"] == [
        ("budget-execution-low", "G5")
    ]


# ---------------------------------------------------------------------------------------------
# Robustness: evaluation never raises on what a parsed workbook can hold (spec §9), and money
# cells convert 元/亿元 (spec §3). At commit 0186799 (fixed in ba2048d) the first three raise (IndexError in
# _sum_parts on an empty parts list; decimal.InvalidOperation when quantizing 1E+30) and the last
# reads 13875300元 as 13875300 万元.
# ---------------------------------------------------------------------------------------------


def test_annex2_without_income_lines_does_not_raise() -> None:
    form = annex2(income=[], expenditure=[])
    result = run(form)
    assert written(result, "H5") == D(1)


@pytest.mark.parametrize(
    "budget",
    [funds(rate=1e30), funds(score=-1e30), funds(1387.53, 1e30)],
    ids=["rate", "score", "executed"],
)
def test_huge_numbers_do_not_raise(budget: BudgetLine) -> None:
    result = run(annex2(budget, income=[("一般公共预算", 1387.53)],
                        expenditure=[("基本支出", 1387.53)]))
    assert result.findings


def test_money_cell_with_yuan_is_converted_or_flagged() -> None:
    # 13875300元 = 1387.53万元. Either convert (执行率 100.00%) or refuse the cell; never read it
    # silently as 13875300 万元 (执行率 1,000,000%).
    # The 按支出性质分 line is typed in 元 too, so only the unit decides.
    result = run(annex2(funds(1387.53, "13875300元"), expenditure=[("基本支出", "13875300元")]))
    converted = written(result, "H5") == D(1)
    flagged = any(f.cell == "F5" and f.rule in {"not-a-number", "unit-mismatch"}
                  for f in result.findings)
    assert converted or flagged


def test_reverse_over_achievement_flagged() -> None:
    # ≤100 with B = 80: A/B = 125% and B ≤ 0.8·A (domain.md §3) → over-achievement warning.
    result = run_rows(indicator(14, "反向指标", "≤100", 80, 10, 10))
    assert written(result, "H14") == D(10)
    assert findings(result) == [("over-achievement-unexplained", "warning", "I14")]


# ---------------------------------------------------------------------------------------------
# End to end: the workbook typed from the published seed form (tests/published_form.py)
# ---------------------------------------------------------------------------------------------

SEED_OVER_NAMES = {"新增省级以上科技创新平台", "国省科技计划立项", "全国重点实验室数量",
                   "科普及科技宣传活动"}


@pytest.mark.parametrize(("profile", "total"), [(FLOOR, "98.00"), (NATIONAL, "99.45")])
def test_published_seed_form(tmp_path: Path, profile: str, total: str) -> None:
    # Same hand computations as T1, T23, T24, T26 and SEED_OVER above, read from a real workbook.
    path = write_published_form(tmp_path / "seed.xlsx")
    result = evaluate(parse_grid(read_grid(path)), load_profile(profile))
    computed = {form.form.value: form.computed for form in result.forms}
    assert computed["annex1"]["staff_control_rate"] == "0.8205"
    assert computed["annex2"] == {"budget_execution_rate": "1.0000",
                                  "budget_execution_score": "10.00", "total_score": total,
                                  "grade": "优"}
    assert all(f.severity.value == "info" for f in result.findings
               if f.rule not in {"over-achievement-unexplained"})
    over = {f.indicator for f in result.findings if f.rule == "over-achievement-unexplained"}
    assert over == SEED_OVER_NAMES
    below = {f.indicator for f in result.findings if f.rule == "score-below-formula"}
    expected_below = {"地方财政科技支出占比", "全社会研发投入总量"} if profile == NATIONAL else set()
    assert below == expected_below
    infos = {f.rule for f in result.findings if f.severity.value == "info"}
    assert infos <= {"not-from-template", "score-below-formula"}
