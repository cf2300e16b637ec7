"""The scoring formulas (reference/domain.md §2, spec §4) as pure functions on Decimals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from jixiao.profile import Profile
from jixiao.values import Direction, quantize

ZERO = Decimal(0)
ONE = Decimal(1)
TWO = Decimal(2)


class Band(StrEnum):
    """The three qualitative completion options of the national form."""

    ACHIEVED = "达成年度指标"
    PARTIAL = "部分达成年度指标并具有一定效果"
    MISSED = "未达成年度指标且效果较差"


_BAND_PREFIXES = (("部分达成", Band.PARTIAL), ("未达成", Band.MISSED), ("达成", Band.ACHIEVED))


def read_band(text: str) -> Band | None:
    """Accept the full option text or its obvious short forms (达成 / 部分达成 / 未达成)."""
    folded = "".join(text.split())
    for prefix, band in _BAND_PREFIXES:
        if folded.startswith(prefix):
            return band
    return None


@dataclass(frozen=True, slots=True)
class ScoreRange:
    """Allowed scores of a qualitative band: ``low <= score < high`` or ``<= high`` at the top."""

    low: Decimal
    high: Decimal
    high_inclusive: bool

    def contains(self, score: Decimal) -> bool:
        if score < self.low:
            return False
        return score <= self.high if self.high_inclusive else score < self.high

    def describe(self) -> str:
        closing = "]" if self.high_inclusive else ")"
        return f"[{_plain(self.low)}, {_plain(self.high)}{closing}"


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def band_range(band: Band, weight: Decimal, profile: Profile) -> ScoreRange:
    """Band limits as S10 computes them: ``round(w × share, 2)``."""
    high_share, low_share = profile.qualitative_bands
    cent = Decimal("0.01")
    top = quantize(weight * high_share, cent)
    middle = quantize(weight * low_share, cent)
    if band is Band.ACHIEVED:
        return ScoreRange(top, weight, True)
    if band is Band.PARTIAL:
        return ScoreRange(middle, top, False)
    return ScoreRange(ZERO, middle, False)


def execution_rate(adjusted: Decimal, executed: Decimal) -> Decimal | None:
    """全年执行数 / 全年预算数, unrounded; None when the budget is zero."""
    if adjusted == 0:
        return None
    return executed / adjusted


def execution_score(rate: Decimal, weight: Decimal, profile: Profile) -> Decimal:
    """分值 × min(执行率, 1): over-execution never earns more than the weight."""
    # Rounding half up must not lift a score above a weight with more decimals (3.336).
    return min(profile.execution_rounding.apply(weight * min(max(rate, ZERO), ONE)), weight)


def is_met(direction: Direction, target: Decimal, actual: Decimal) -> bool:
    if direction is Direction.REVERSE:
        return actual <= target
    if direction is Direction.EQUAL and target == 0:
        return actual <= 0
    return actual >= target


def indicator_score(
    direction: Direction, target: Decimal, actual: Decimal, weight: Decimal, profile: Profile
) -> Decimal:
    """Full weight when met; otherwise proportional, rounded as the profile says.

    A negative actual value counts as zero (S10). Reverse indicators use the linear formula
    w × (1 − (B − A)/A), zero from B ≥ 2A on.
    """
    actual = max(actual, ZERO)
    if is_met(direction, target, actual):
        return weight
    if direction is Direction.EQUAL and target == 0:
        return ZERO
    if direction is Direction.REVERSE:
        if target <= 0 or actual >= TWO * target:
            return ZERO
        raw = weight * (ONE - (actual - target) / target)
    else:
        if target <= 0:
            return weight
        raw = weight * actual / target
    return min(profile.indicator_rounding.apply(max(raw, ZERO)), weight)


def achievement_ratio(direction: Direction, target: Decimal, actual: Decimal) -> Decimal | None:
    """How far beyond the target a row went: B/A, or A/B for reverse rows; None when undefined."""
    if direction is Direction.REVERSE:
        return target / actual if actual > 0 else None
    return actual / target if target > 0 else None
