"""附件2 and 附件3: execution rate and score, indicator scores, reasons, weights and totals."""

from __future__ import annotations

from decimal import Decimal

from jixiao.evaluate.collector import Collector, show
from jixiao.evaluate.compare import same, shown
from jixiao.evaluate.indicators import IndicatorResult, evaluate_indicator
from jixiao.evaluate.scoring import execution_score
from jixiao.findings import Severity
from jixiao.layout import Kind
from jixiao.models import Annex2, Annex3, BudgetLine, Located, SelfEvaluation
from jixiao.profile import Profile
from jixiao.values import quantize_rate

ZERO = Decimal(0)


def _budget(
    line: BudgetLine, out: Collector, profile: Profile
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """执行率 and 执行率得分 of 年度资金总额; returns (rate, computed score, entered score)."""
    initial = out.number(line.initial, "年初预算数", required=Severity.WARNING, money=True)
    adjusted = out.number(line.adjusted, "全年预算数", money=True)
    executed = out.number(line.executed, "全年执行数", money=True)
    weight = out.number(line.weight, "预算执行率分值") if line.weight is not None else None
    entered_score = (
        out.number(line.score, "执行率得分", required=None) if line.score is not None else None
    )
    if adjusted is None or executed is None or weight is None:
        return None, None, entered_score
    assert line.rate is not None and line.score is not None
    if adjusted == 0:
        out.write(line.rate, None, Kind.RATE)
        out.write(line.score, None, Kind.SCORE)
        if executed != 0 or (initial or ZERO) != 0:
            out.add("division-by-zero", line.rate, "预算执行率", denominator="全年预算数",
                    hint="如资金被冻结或收回，请在年度总体目标的实际完成情况中说明。")
        return None, None, entered_score
    rate = executed / adjusted
    score = execution_score(rate, weight, profile)
    shown_rate = quantize_rate(rate)
    out.write(line.rate, shown_rate, Kind.RATE)
    out.write(line.score, score, Kind.SCORE)
    entered_rate = out.number(line.rate, "预算执行率", required=None, rate=True)
    if entered_rate is not None and not same(entered_rate, rate, Kind.RATE):
        out.add("rate-mismatch", line.rate, "预算执行率", value=show(entered_rate, Kind.RATE),
                expected=show(shown_rate, Kind.RATE), formula="全年执行数 ÷ 全年预算数")
    if entered_score is not None:
        if entered_score > weight:
            out.add("score-exceeds-weight", line.score, "预算执行率得分",
                    value=show(entered_score, Kind.SCORE), expected=show(weight, Kind.SCORE))
        elif shown(entered_score, Kind.SCORE) > shown(score, Kind.SCORE):
            out.add("score-above-formula", line.score, "预算执行率得分",
                    value=show(entered_score, Kind.SCORE), expected=show(score, Kind.SCORE),
                    formula="分值 × 执行率")
        elif shown(entered_score, Kind.SCORE) < shown(score, Kind.SCORE):
            out.add("score-below-formula", line.score, "预算执行率得分",
                    value=show(entered_score, Kind.SCORE), expected=show(score, Kind.SCORE),
                    formula="分值 × 执行率")
    if rate < profile.execution_reason_below:
        out.add("budget-execution-low", line.rate, "预算执行率", value=show(rate, Kind.RATE),
                expected=show(profile.execution_reason_below, Kind.RATE))
    elif rate > 1:
        out.add("budget-over-executed", line.rate, "预算执行率", value=show(rate, Kind.RATE),
                executed=show(executed, Kind.MONEY), adjusted=show(adjusted, Kind.MONEY))
    return rate, score, entered_score


def _money(at: Located) -> Decimal | None:
    """A total read silently (its own findings were reported where it was first read)."""
    return Collector().number(at, "", required=None, money=True)


def _sum_parts(
    out: Collector, total: Decimal | None, at: Located, parts: list[tuple[str, Located]],
    *, field: str, parts_label: str,
) -> None:
    """Parts that must add up to a total; all parts empty is a warning, not a sum error."""
    if not parts:
        return
    values = [out.number(cell, label, required=None, money=True) for label, cell in parts]
    if all(part.is_blank for _, part in parts):
        first = parts[0][1]
        out.missing(first, parts_label, severity=Severity.WARNING,
                hint="请填写资金构成。")
        return
    if total is None or any(value is None and not cell.is_blank
                            for value, (_, cell) in zip(values, parts, strict=True)):
        return
    expected = sum((value or ZERO for value in values), ZERO)
    if not same(expected, total, Kind.MONEY):
        out.add("sum-mismatch", at, field, value=show(total, Kind.MONEY),
                expected=show(expected, Kind.MONEY), parts=parts_label)


def _annex2_sources(form: Annex2, out: Collector) -> None:
    funds = form.funds
    _sum_parts(
        out, _money(funds.adjusted), funds.adjusted,
        [(line.label, line.amount) for line in form.income],
        field="年度资金总额（全年预算数）", parts_label="按收入性质分各项",
    )
    _sum_parts(
        out, _money(funds.executed), funds.executed,
        [(line.label, line.amount) for line in form.expenditure],
        field="年度资金总额（全年执行数）", parts_label="按支出性质分各项",
    )


def _annex3_sources(form: Annex3, out: Collector) -> None:
    funds = form.funds
    for column, label in (("initial", "年初预算数"), ("adjusted", "全年预算数"),
                          ("executed", "全年执行数")):
        total: Located = getattr(funds, column)
        parts = [(source.label, getattr(source, column)) for source in form.sources]
        if all(part.is_blank for _, part in parts) and column != "adjusted":
            continue  # one missing-value warning (on 全年预算数) is enough
        _sum_parts(out, _money(total), total, parts, field=f"年度资金总额（{label}）",
                   parts_label="当年财政拨款、上年结转资金、其他资金")


def _weights_and_groups(form: SelfEvaluation, results: list[IndicatorResult],
                        budget_weight: Decimal | None, out: Collector) -> Decimal | None:
    weights = [result.weight for result in results]
    for group in form.groups:
        if group.stated_weight is None:
            continue
        members = [r.weight for r in results if r.indicator.level1 == group.name]
        if not members or any(weight is None for weight in members):
            continue  # nothing entered yet, or a weight already reported as missing
        total = sum((w or ZERO for w in members), ZERO)
        if total != group.stated_weight:
            out.add("group-weight-mismatch", group.cell, group.name, value=show(total, Kind.SCORE),
                    expected=show(group.stated_weight, Kind.SCORE), group=group.name)
    if not results:
        if form.totals is not None:
            out.missing(form.totals.weight, "绩效指标",
                    hint="请至少填写一个三级指标及其分值。")
        return None
    if budget_weight is None or any(weight is None for weight in weights):
        return None
    return budget_weight + sum((w or ZERO for w in weights), ZERO)


def evaluate_self_evaluation(
    form: SelfEvaluation, out: Collector, profile: Profile
) -> dict[str, str]:
    """Findings and writes for 附件2 or one 附件3; returns its JSON ``computed`` entry."""
    rate, budget_score, entered_budget_score = _budget(form.funds, out, profile)
    budget_weight = (
        out.number(form.funds.weight, "预算执行率分值", required=None)
        if form.funds.weight is not None else None
    )
    if isinstance(form, Annex2):
        _annex2_sources(form, out)
    elif isinstance(form, Annex3):
        _annex3_sources(form, out)
    if form.goal_expected is not None and form.goal_expected.found and not form.goal_expected.text:
        out.missing(form.goal_expected, "年度总体目标（预期目标）",
                severity=Severity.WARNING, hint="请填写年度总体目标。")
    if form.goal_actual is not None and form.goal_actual.found and not form.goal_actual.text:
        out.missing(form.goal_actual, "年度总体目标（实际完成情况）",
                severity=Severity.WARNING, hint="请填写实际完成情况。")

    results = [evaluate_indicator(indicator, out, profile) for indicator in form.indicators]
    weight_total = _weights_and_groups(form, results, budget_weight, out)

    computed_total = (budget_score or ZERO) + sum(
        (result.score for result in results if result.score is not None), ZERO
    )
    computed: dict[str, str] = {
        "budget_execution_rate": str(quantize_rate(rate)) if rate is not None else "—",
        "budget_execution_score": str(budget_score) if budget_score is not None else "—",
        "total_score": str(shown(computed_total, Kind.SCORE)),
        "grade": profile.grade(computed_total),
    }
    totals = form.totals
    if totals is None:
        return computed
    if weight_total is not None:
        out.write(totals.weight, weight_total, Kind.SCORE)
        if weight_total != 100:
            out.add("weights-not-100", totals.weight, "分值合计",
                    value=show(weight_total, Kind.SCORE), expected="100")
    out.write(totals.score, shown(computed_total, Kind.SCORE), Kind.SCORE)
    if totals.grade is not None:
        out.write(totals.grade, f"等级：{computed['grade']}", Kind.GRADE)
    entered_total = out.number(totals.score, "总分", required=None)
    entered_parts = [entered_budget_score, *(result.entered_score for result in results)]
    if entered_total is not None and all(part is not None for part in entered_parts):
        expected = sum((part or ZERO for part in entered_parts), ZERO)
        if not same(entered_total, expected, Kind.SCORE):
            out.add("total-score-mismatch", totals.score, "总分",
                    value=show(entered_total, Kind.SCORE), expected=show(expected, Kind.SCORE))
    return computed
