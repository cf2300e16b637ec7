"""Properties of the scoring formulas (evaluate/scoring.py) under both shipped profiles."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jixiao.evaluate.scoring import (
    Band,
    achievement_ratio,
    band_range,
    execution_rate,
    execution_score,
    indicator_score,
    is_met,
    read_band,
)
from jixiao.profile import Profile, available_profiles, load_profile
from jixiao.values import Direction

D = Decimal
CENT = D("0.01")
PROFILES = {name: load_profile(name) for name in ("national", "integer-floor")}

profiles = st.sampled_from(sorted(PROFILES)).map(PROFILES.__getitem__)
directions = st.sampled_from(list(Direction))
# 分值 as the forms hold them: non-negative, at most two decimals.
weights = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
# 年度指标值 / 实际完成值 after unit conversion: from zero up to 1e12 (1 万亿 万元), four decimals.
amounts = st.decimals(min_value=0, max_value=10**12, places=4, allow_nan=False,
                      allow_infinity=False)
signed_amounts = st.decimals(min_value=-10**6, max_value=10**12, places=4, allow_nan=False,
                             allow_infinity=False)
rates = st.decimals(min_value=-10, max_value=10, places=6, allow_nan=False, allow_infinity=False)

SETTINGS = settings(max_examples=300, deadline=None)


def test_both_profiles_ship() -> None:
    assert {"national", "integer-floor"} <= set(available_profiles())
    assert load_profile().name == "national"  # the default


@SETTINGS
@given(profiles, directions, amounts, signed_amounts, weights)
def test_score_between_zero_and_weight(
    profile: Profile, direction: Direction, target: Decimal, actual: Decimal, weight: Decimal
) -> None:
    score = indicator_score(direction, target, actual, weight, profile)
    assert D(0) <= score <= weight


# 分值 split unevenly (10 ÷ 3 → 3.333…, 3.336) carries more than two decimals.
fine_weights = st.decimals(min_value=0, max_value=100, places=4, allow_nan=False,
                           allow_infinity=False)


@SETTINGS
@given(profiles, directions, amounts, signed_amounts, fine_weights, rates)
@example(PROFILES["national"], Direction.POSITIVE, D(10000), D(9999), D("3.336"), D("0.9999"))
def test_score_never_exceeds_a_fine_weight(
    profile: Profile, direction: Direction, target: Decimal, actual: Decimal, weight: Decimal,
    rate: Decimal,
) -> None:
    assert D(0) <= indicator_score(direction, target, actual, weight, profile) <= weight
    assert D(0) <= execution_score(rate, weight, profile) <= weight


@SETTINGS
@given(profiles, directions, amounts, signed_amounts, weights)
def test_met_gives_full_weight(
    profile: Profile, direction: Direction, target: Decimal, actual: Decimal, weight: Decimal
) -> None:
    score = indicator_score(direction, target, actual, weight, profile)
    if is_met(direction, target, max(actual, D(0))):
        assert score == weight
    # Independently of is_met: reaching the target in the right direction is full marks.
    if direction is Direction.REVERSE and actual <= target:
        assert score == weight
    if direction is Direction.POSITIVE and actual >= target:
        assert score == weight
    if direction is Direction.EQUAL and target > 0 and actual >= target:
        assert score == weight
    if direction is Direction.EQUAL and target == 0 and actual <= 0:
        assert score == weight


@SETTINGS
@given(directions, amounts, signed_amounts, weights)
def test_integer_floor_scores_are_integers(
    direction: Direction, target: Decimal, actual: Decimal, weight: Decimal
) -> None:
    profile = PROFILES["integer-floor"]
    score = indicator_score(direction, target, actual, weight, profile)
    if score != weight:
        assert score == score.to_integral_value()
        national = indicator_score(direction, target, actual, weight, PROFILES["national"])
        # Truncation never gives more than the national two-decimal score, and at most 1 less.
        assert score <= national
        assert national - score < 1 + CENT


@SETTINGS
@given(directions, amounts, signed_amounts, weights)
def test_national_scores_have_two_decimals(
    direction: Direction, target: Decimal, actual: Decimal, weight: Decimal
) -> None:
    score = indicator_score(direction, target, actual, weight, PROFILES["national"])
    assert score == score.quantize(CENT)


@SETTINGS
@given(amounts.filter(lambda a: a > 0), amounts, weights)
def test_positive_formula(target: Decimal, actual: Decimal, weight: Decimal) -> None:
    # Spec §4: 分值 × B/A when not met, 2 dp half-up; full weight when met.
    score = indicator_score(Direction.POSITIVE, target, actual, weight, PROFILES["national"])
    if actual >= target:
        assert score == weight
    else:
        assert score == (weight * actual / target).quantize(CENT, rounding=ROUND_HALF_UP)


@SETTINGS
@given(amounts.filter(lambda a: a > 0), amounts, weights)
def test_reverse_formula(target: Decimal, actual: Decimal, weight: Decimal) -> None:
    # Spec §4: 分值 × (1 − (B−A)/A), 0 when B ≥ 2A.
    score = indicator_score(Direction.REVERSE, target, actual, weight, PROFILES["national"])
    if actual <= target:
        assert score == weight
    elif actual >= 2 * target:
        assert score == 0
    else:
        expected = weight * (1 - (actual - target) / target)
        assert score == expected.quantize(CENT, rounding=ROUND_HALF_UP)


@SETTINGS
@given(profiles, amounts, amounts, amounts, weights)
def test_positive_monotonic(
    profile: Profile, target: Decimal, first: Decimal, second: Decimal, weight: Decimal
) -> None:
    low, high = sorted((first, second))
    assert indicator_score(Direction.POSITIVE, target, low, weight, profile) <= indicator_score(
        Direction.POSITIVE, target, high, weight, profile
    )


@SETTINGS
@given(profiles, amounts, amounts, amounts, weights)
def test_reverse_monotonic(
    profile: Profile, target: Decimal, first: Decimal, second: Decimal, weight: Decimal
) -> None:
    low, high = sorted((first, second))
    assert indicator_score(Direction.REVERSE, target, low, weight, profile) >= indicator_score(
        Direction.REVERSE, target, high, weight, profile
    )


@SETTINGS
@given(profiles, directions, amounts, amounts.filter(lambda a: a > 0), weights)
def test_negative_actual_counts_as_zero(
    profile: Profile, direction: Direction, target: Decimal, magnitude: Decimal, weight: Decimal
) -> None:
    assert indicator_score(direction, target, -magnitude, weight, profile) == indicator_score(
        direction, target, D(0), weight, profile
    )


@SETTINGS
@given(profiles, rates, weights)
def test_execution_score_bounds(profile: Profile, rate: Decimal, weight: Decimal) -> None:
    score = execution_score(rate, weight, profile)
    assert D(0) <= score <= weight
    # Spec §4: 分值 × min(执行率, 1), 2 dp half-up, in both profiles.
    expected = (weight * min(max(rate, D(0)), D(1))).quantize(CENT, rounding=ROUND_HALF_UP)
    assert score == expected
    if rate >= 1:
        assert score == weight


@SETTINGS
@given(amounts, amounts)
def test_execution_rate(adjusted: Decimal, executed: Decimal) -> None:
    rate = execution_rate(adjusted, executed)
    if adjusted == 0:
        assert rate is None
    else:
        assert rate == executed / adjusted


def _containing(score: Decimal, weight: Decimal, profile: Profile) -> list[Band]:
    return [band for band in Band if band_range(band, weight, profile).contains(score)]


@SETTINGS
@given(profiles, weights, st.data())
def test_bands_partition_zero_to_weight(profile: Profile, weight: Decimal, data: st.DataObject
                                        ) -> None:
    score = data.draw(st.decimals(min_value=0, max_value=weight, places=4, allow_nan=False,
                                  allow_infinity=False))
    assert len(_containing(score, weight, profile)) == 1
    # The edges belong to exactly one band too.
    for band in Band:
        limits = band_range(band, weight, profile)
        for edge in (limits.low, limits.high, D(0), weight):
            assert len(_containing(edge, weight, profile)) == 1


@SETTINGS
@given(profiles, weights, st.decimals(min_value=D("0.0001"), max_value=1000, places=4,
                                      allow_nan=False, allow_infinity=False))
def test_scores_outside_zero_to_weight_are_in_no_band(
    profile: Profile, weight: Decimal, excess: Decimal
) -> None:
    assert _containing(-excess, weight, profile) == []
    assert _containing(weight + excess, weight, profile) == []


@SETTINGS
@given(profiles, weights)
def test_band_limits_follow_the_shares(profile: Profile, weight: Decimal) -> None:
    # [0.8w, w] / [0.6w, 0.8w) / [0, 0.6w), limits rounded to 0.01 (S10: round(w × share, 2)).
    achieved = band_range(Band.ACHIEVED, weight, profile)
    partial = band_range(Band.PARTIAL, weight, profile)
    missed = band_range(Band.MISSED, weight, profile)
    top = (weight * D("0.8")).quantize(CENT, rounding=ROUND_HALF_UP)
    middle = (weight * D("0.6")).quantize(CENT, rounding=ROUND_HALF_UP)
    assert (achieved.low, achieved.high, achieved.high_inclusive) == (top, weight, True)
    assert (partial.low, partial.high, partial.high_inclusive) == (middle, top, False)
    assert (missed.low, missed.high, missed.high_inclusive) == (D(0), middle, False)


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("达成年度指标", Band.ACHIEVED),
        ("部分达成年度指标并具有一定效果", Band.PARTIAL),
        ("未达成年度指标且效果较差", Band.MISSED),
        ("达成", Band.ACHIEVED),
        ("部分达成", Band.PARTIAL),
        ("未达成", Band.MISSED),
        (" 部分 达成年度指标 ", Band.PARTIAL),
        ("有效提升", None),
        ("", None),
    ],
)
def test_read_band(text: str, band: Band | None) -> None:
    assert read_band(text) is band


@SETTINGS
@given(st.text())
def test_read_band_never_raises(text: str) -> None:
    assert read_band(text) in (None, *Band)


@SETTINGS
@given(directions, amounts, amounts)
def test_achievement_ratio(direction: Direction, target: Decimal, actual: Decimal) -> None:
    ratio = achievement_ratio(direction, target, actual)
    if direction is Direction.REVERSE:
        assert ratio == (target / actual if actual > 0 else None)
    else:
        assert ratio == (actual / target if target > 0 else None)


@pytest.mark.parametrize("name", ["national", "integer-floor"])
def test_profile_parameters(name: str) -> None:
    # Spec §4 table: same thresholds, bands and grades in both profiles.
    profile = load_profile(name)
    assert profile.execution_reason_below == D("0.90")
    assert profile.over_achievement_ratio == D("1.2")
    assert profile.qualitative_bands == (D("0.8"), D("0.6"))
    assert [(g.label, g.minimum) for g in profile.grades] == [
        ("优", D(90)), ("良", D(80)), ("中", D(60)), ("差", D(0))
    ]
    assert profile.execution_rounding.apply(D("5.175")) == D("5.18")
    expected = D("4.64") if name == "national" else D(4)
    assert profile.indicator_rounding.apply(D("4.6375")) == expected
