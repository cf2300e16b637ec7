"""One 三级指标 row: classify it, score it by the profile, and check what was entered."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.evaluate.collector import Collector, show
from jixiao.evaluate.compare import shown
from jixiao.evaluate.scoring import achievement_ratio, band_range, indicator_score, read_band
from jixiao.findings import Severity
from jixiao.layout import Kind
from jixiao.models import Indicator
from jixiao.profile import Profile
from jixiao.values import (
    Direction,
    Quantity,
    format_decimal,
    parse_target,
    read_quantity,
)

_CAUSE_WORDS = ("原因", "由于", "因为", "受", "导致", "造成")
_MEASURE_WORDS = ("措施", "改进", "整改", "下一步", "加强", "将", "拟")


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """What the row contributes: its weight, the score recalc writes, the score entered."""

    indicator: Indicator
    weight: Decimal | None
    score: Decimal | None  # computed for quantitative rows, the valid entered one otherwise
    entered_score: Decimal | None


def _comparable(target: Quantity, actual: Quantity, actual_is_number: bool) -> bool:
    """Units agree when equal, convertible (亿元/万元), or one side states none."""
    if not target.unit or not actual.unit:
        return True
    return target.family == actual.family


def _as_target_unit(target: Quantity, actual: Quantity, actual_is_number: bool) -> Quantity:
    """A bare number from a percent-formatted cell (0.0315) read against ``3.1%`` is 3.15%."""
    if target.unit == "%" and not actual.unit and actual_is_number and abs(actual.value) <= 1:
        return Quantity(actual.value * 100, "%")
    return actual


def _direction(indicator: Indicator, stated: Direction, explicit: bool) -> Direction:
    """Time indicators (时效) default to reverse: finishing earlier is better."""
    if not explicit and "时效" in indicator.level2:
        return Direction.REVERSE
    return stated


def _reason_check(indicator: Indicator, out: Collector, needed: bool, score: Decimal,
                  weight: Decimal) -> None:
    reason = indicator.reason.text
    title = indicator.title
    if not reason:
        if needed:
            out.add("missing-deviation-reason", indicator.reason, title,
                    value=show(score, Kind.SCORE), expected=show(weight, Kind.SCORE))
        return
    has_cause = any(word in reason for word in _CAUSE_WORDS)
    has_measure = any(word in reason for word in _MEASURE_WORDS)
    if not (has_cause and has_measure):
        missing = "原因" if not has_cause else "改进措施"
        out.add("incomplete-deviation-reason", indicator.reason, title, value=reason,
                missing=missing)


def evaluate_indicator(indicator: Indicator, out: Collector, profile: Profile) -> IndicatorResult:
    title = indicator.title
    if not indicator.name.text:
        out.missing(indicator.name, title, severity=Severity.WARNING,
                hint="请填写三级指标名称。")
    weight = out.number(indicator.weight, f"{title}（分值）")
    entered = out.number(indicator.score, f"{title}（得分）", required=None)
    result = IndicatorResult(indicator, weight, entered, entered)
    if weight is None:
        return result
    if entered is not None and entered > weight:
        out.add("score-exceeds-weight", indicator.score, title, value=show(entered, Kind.SCORE),
                expected=show(weight, Kind.SCORE))

    target_text = indicator.target.text
    if not target_text:
        out.missing(indicator.target, f"{title}（年度指标值）",
                hint="请填写带单位的年度指标值。")
        return result
    target = parse_target(target_text) if isinstance(indicator.target.raw, str) else None
    target_quantity = read_quantity(indicator.target.cell_value)
    direction = target.direction if target is not None else Direction.POSITIVE
    explicit = target is not None and target_text.lstrip()[:1] in "≥≤><=＞＜＝不控"

    if target_quantity is None:
        return _qualitative(indicator, out, profile, weight, entered)

    if not indicator.actual.text:
        out.missing(indicator.actual, f"{title}（实际完成值）",
                hint="请填写实际完成值。")
        return result
    actual_quantity = read_quantity(indicator.actual.cell_value)
    if actual_quantity is None:
        out.add("not-a-number", indicator.actual, f"{title}（实际完成值）",
                value=indicator.actual.text, hint="定量指标的实际完成值应为数值（可带单位）。")
        return result
    actual_is_number = not isinstance(indicator.actual.raw, str)
    actual_quantity = _as_target_unit(target_quantity, actual_quantity, actual_is_number)
    if not _comparable(target_quantity, actual_quantity, actual_is_number):
        out.add("unit-mismatch", indicator.actual, title, value=indicator.actual.text,
                expected=target_text, target_unit=target_quantity.unit,
                actual_unit=actual_quantity.unit)
        return result
    a, b = target_quantity.base_value, actual_quantity.base_value
    if b < 0:
        out.add("negative-value", indicator.actual, f"{title}（实际完成值）",
                value=indicator.actual.text)
    direction = _direction(indicator, direction, explicit)
    score = indicator_score(direction, a, b, weight, profile)
    out.write(indicator.score, score, Kind.SCORE)
    formula = {
        Direction.POSITIVE: "分值 × 实际完成值 ÷ 年度指标值",
        Direction.REVERSE: "分值 × (1 − 超出部分 ÷ 年度指标值)",
        Direction.EQUAL: "等于型指标",
    }[direction]
    if profile.indicator_rounding.mode == "truncate":
        formula += "，截尾取整"
    if entered is not None and entered <= weight:
        if shown(entered, Kind.SCORE) > shown(score, Kind.SCORE):
            out.add("score-above-formula", indicator.score, title,
                    value=show(entered, Kind.SCORE), expected=show(score, Kind.SCORE),
                    formula=formula)
        elif shown(entered, Kind.SCORE) < shown(score, Kind.SCORE):
            out.add("score-below-formula", indicator.score, title,
                    value=show(entered, Kind.SCORE), expected=show(score, Kind.SCORE),
                    formula=formula)
    lost = score < weight or (entered is not None and entered < weight)
    _reason_check(indicator, out, lost, min(score, entered if entered is not None else score),
                  weight)
    ratio = achievement_ratio(direction, a, b)
    if (ratio is not None and ratio >= profile.over_achievement_ratio
            and not indicator.reason.text):
        out.add("over-achievement-unexplained", indicator.reason, title,
                value=f"{shown(ratio * 100, Kind.SCORE)}%",
                expected=f"{format_decimal(profile.over_achievement_ratio * 100)}%",
                actual=indicator.actual.text, target=target_text)
    return IndicatorResult(indicator, weight, score, entered)


def _qualitative(indicator: Indicator, out: Collector, profile: Profile, weight: Decimal,
                 entered: Decimal | None) -> IndicatorResult:
    """Text target: validate the entered score against the band of the chosen option."""
    title = indicator.title
    band = read_band(indicator.actual.text)
    if band is None:
        out.add("target-not-quantified", indicator.target, title, value=indicator.target.text,
                actual=indicator.actual.text or "空")
        return IndicatorResult(indicator, weight, entered, entered)
    if entered is None:
        out.missing(indicator.score, f"{title}（得分）",
                hint="定性指标请在所选档次的分值区间内赋分。")
        return IndicatorResult(indicator, weight, None, None)
    allowed = band_range(band, weight, profile)
    valid = entered <= weight and allowed.contains(entered)
    if entered <= weight and not valid:
        out.add("qualitative-score-out-of-band", indicator.score, title,
                value=show(entered, Kind.SCORE), option=band.value, band=allowed.describe(),
                weight=show(weight, Kind.SCORE))
    _reason_check(indicator, out, entered < weight, entered, weight)
    return IndicatorResult(indicator, weight, entered, entered)
