"""Reading what people type into annex cells (spec §3): examples and hypothesis properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.values import (
    CellStatus,
    Direction,
    NumberReading,
    Quantity,
    format_decimal,
    format_rate,
    is_number_like,
    label_key,
    normalize_text,
    number_at,
    parse_quantity,
    parse_target,
    quantize_money,
    quantize_rate,
    read_number,
    read_quantity,
    read_rate,
    truncate,
)

D = Decimal

# ---------------------------------------------------------------------------------------------
# Examples of spec §3
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1300 家", D(1300), "家"),
        ("1,302家", D(1302), "家"),
        ("１３０２家", D(1302), "家"),  # full width
        ("１，３０２家", D(1302), "家"),  # full-width digits and comma
        ("3.15%", D("3.15"), "%"),
        ("95％", D(95), "%"),  # full-width percent sign
        ("120亿元", D(120), "亿元"),
        ("115.49亿元", D("115.49"), "亿元"),
        ("1154900万元", D(1154900), "万元"),
        ("12月", D(12), "月"),
        ("  1387.53  ", D("1387.53"), ""),
        ("1,387.53", D("1387.53"), ""),
        ("-5", D(-5), ""),
        ("0", D(0), ""),
        ("14.91件", D("14.91"), "件"),
    ],
)
def test_numeric_text(text: str, value: Decimal, unit: str) -> None:
    reading = read_number(text)
    assert reading.status is CellStatus.NUMBER
    assert reading.value == value
    assert reading.unit == unit
    assert is_number_like(text)


@pytest.mark.parametrize(
    ("text", "direction", "value", "unit"),
    [
        ("≥1300家", Direction.POSITIVE, D(1300), "家"),
        ("不低于95%", Direction.POSITIVE, D(95), "%"),
        ("不少于300家", Direction.POSITIVE, D(300), "家"),
        (">5个", Direction.POSITIVE, D(5), "个"),
        ("＞5个", Direction.POSITIVE, D(5), "个"),
        ("1300家", Direction.POSITIVE, D(1300), "家"),  # positive is the default
        ("120亿元", Direction.POSITIVE, D(120), "亿元"),
        ("≤100", Direction.REVERSE, D(100), ""),
        ("<3天", Direction.REVERSE, D(3), "天"),
        ("＜3天", Direction.REVERSE, D(3), "天"),
        ("不高于5%", Direction.REVERSE, D(5), "%"),
        ("不超过100万元", Direction.REVERSE, D(100), "万元"),
        ("=0起", Direction.EQUAL, D(0), "起"),
        ("＝100%", Direction.EQUAL, D(100), "%"),
        ("≥ 1,300 家", Direction.POSITIVE, D(1300), "家"),
        ("≥１３００家", Direction.POSITIVE, D(1300), "家"),
    ],
)
def test_target_direction_and_quantity(
    text: str, direction: Direction, value: Decimal, unit: str
) -> None:
    target = parse_target(text)
    assert target is not None
    assert target.direction is direction
    assert target.quantity == Quantity(value, unit)
    assert read_quantity(text) == Quantity(value, unit)


@pytest.mark.parametrize("text", ["有效提升", "达成年度指标", "明显改善", "较好", "逐步提高"])
def test_text_target_is_qualitative(text: str) -> None:
    target = parse_target(text)
    assert target is not None
    assert target.quantity is None
    assert read_quantity(text) is None


def test_empty_target() -> None:
    assert parse_target("") is None
    assert parse_target("   ") is None
    assert read_quantity(None) is None


def test_money_units_convert() -> None:
    # 120亿元 = 1,200,000 万元; 1154900万元 = 115.49亿元; 10000元 = 1 万元.
    yi = parse_quantity("120亿元")
    wan = parse_quantity("1154900万元")
    yuan = parse_quantity("10000元")
    assert yi is not None and wan is not None and yuan is not None
    assert yi.family == wan.family == yuan.family
    assert yi.base_value == D(1200000)
    assert wan.base_value == D(1154900)
    assert wan.base_value / yi.base_value * 120 == D("115.49")
    assert yuan.base_value == D(1)
    jia, ge = parse_quantity("1300家"), parse_quantity("1302个")
    assert jia is not None and ge is not None
    assert jia.family != ge.family


@pytest.mark.parametrize("text", ["—", "——", "-", "/", "无", " — ", "－", "――", "-- "])
def test_not_applicable(text: str) -> None:
    reading = read_number(text)
    assert reading.status is CellStatus.NOT_APPLICABLE
    assert reading.value is None
    assert not is_number_like(text)
    assert read_rate(text).status is CellStatus.NOT_APPLICABLE


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000"])
def test_empty(raw: str | None) -> None:
    assert read_number(raw).status is CellStatus.EMPTY


@pytest.mark.parametrize("text", ["#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!",
                                  "#NULL!", "#div/0!", " #DIV/0! "])
def test_excel_errors(text: str) -> None:
    assert read_number(text).status is CellStatus.ERROR
    assert read_rate(text).status is CellStatus.ERROR
    assert read_quantity(text) is None


@pytest.mark.parametrize(
    "raw",
    [dt.datetime(2024, 12, 31), dt.date(2024, 5, 15), dt.time(12, 0),
     dt.datetime(2024, 12, 31, 8, 30)],
)
def test_dates_are_classified(raw: dt.date | dt.time) -> None:
    assert read_number(raw).status is CellStatus.DATE
    assert read_quantity(raw) is None


@pytest.mark.parametrize("raw", [True, False])
def test_bools_are_not_numbers(raw: bool) -> None:
    reading = read_number(raw)
    assert reading.status is not CellStatus.NUMBER
    assert reading.value is None
    assert read_quantity(raw) is None


@pytest.mark.parametrize("text", ["较多", "约1300家左右", "abc", "一千三百"])
def test_text_is_text(text: str) -> None:
    reading = read_number(text)
    assert reading.status is CellStatus.TEXT
    assert reading.value is None


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (1302, D(1302)),  # int from Office.js
        (1387.53, D("1387.53")),  # float from COM / calamine: no float noise
        (0.1 + 0.2, D("0.30000000000000004")),  # repr of the float, not its binary expansion
        (7.42, D("7.42")),
        (D("1387.53"), D("1387.53")),
        (Fraction(1, 4), D("0.25")),
        (-3, D(-3)),
        (0, D(0)),
    ],
)
def test_numbers_of_any_type(raw: object, value: Decimal) -> None:
    reading = read_number(raw)  # type: ignore[arg-type]
    assert reading.status is CellStatus.NUMBER
    assert reading.value == value
    assert reading.unit == ""


def test_numpy_numbers() -> None:
    np = pytest.importorskip("numpy")
    assert read_number(np.int64(1302)).value == D(1302)
    assert read_number(np.float32(0.5)).value == D("0.5")
    assert read_number(np.float32(np.nan)).status is not CellStatus.NUMBER


def test_numpy_float64() -> None:
    # At commit 0186799 (fixed in ba2048d) this raised decimal.InvalidOperation: to_decimal did Decimal(repr(x)) and
    # with numpy 2 repr(np.float64(1387.53)) is "np.float64(1387.53)".
    np = pytest.importorskip("numpy")
    # np.float64 is a float subclass and a numbers.Number (spec §3: accept any numbers.Number).
    assert read_number(np.float64(1387.53)).value == D("1387.53")
    assert read_number(np.float64(np.inf)).status is not CellStatus.NUMBER


@pytest.mark.parametrize(
    "raw",
    [float("nan"), float("inf"), float("-inf"), D("NaN"), D("Infinity"), D("-Infinity"), D("sNaN")],
)
def test_non_finite_numbers(raw: float | Decimal) -> None:
    reading = read_number(raw)
    assert reading.status is not CellStatus.NUMBER
    assert reading.value is None
    assert read_quantity(raw) is None


@pytest.mark.parametrize(
    ("raw", "rate"),
    [
        ("82.05%", D("0.8205")),
        ("82.05％", D("0.8205")),
        ("100.00%", D(1)),
        ("3.15%", D("0.0315")),
        (0.8205, D("0.8205")),  # a percent-formatted cell holds the fraction
        (1, D(1)),
    ],
)
def test_read_rate(raw: object, rate: Decimal) -> None:
    reading = read_rate(raw)  # type: ignore[arg-type]
    assert reading.status is CellStatus.NUMBER
    assert reading.value == rate


def test_read_rate_with_a_foreign_unit() -> None:
    assert read_rate("82.05家").status is not CellStatus.NUMBER


def test_number_in_label() -> None:
    assert number_at("其中：一般公共预算：1387.53") == D("1387.53")
    assert number_at("政府性基金拨款：0") == D(0)
    assert number_at("纳入专户管理的非税收入拨款：１，３８７．５３") == D("1387.53")
    assert number_at("其他资金：") is None


def test_quantize_and_format() -> None:
    assert quantize_money(D("4.645")) == D("4.65")  # half-up
    assert quantize_money(D("-4.645")) == D("-4.65")  # half away from zero
    assert quantize_rate(D(32) / D(39)) == D("0.8205")
    assert truncate(D("4.6375"), D(1)) == D(4)
    assert truncate(D("4.99"), D("0.1")) == D("4.9")
    assert format_rate(D(32) / D(39)) == "82.05%"
    assert format_rate(D("1.05")) == "105.00%"
    assert format_decimal(D("4.00")) == "4"
    assert format_decimal(D("4.64")) == "4.64"
    assert format_decimal(D("1E+2")) == "100"


def test_labels() -> None:
    assert label_key("年度资金总额 ：") == label_key("年度资金总额")
    assert label_key("项目资金(万元)") == label_key("项目资金（万元）")
    assert normalize_text("１３０２　家") == "1302家"


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

CELL_TEXT_ALPHABET = (
    "0123456789０１２３４５６７８９.,，．-+%％≥≤<>=＝＞＜ 　—－―/无不低于高超过少"
    "家个亿万元月天件项#DIV!NA?eE∞①½²㎡٣"
)
ANY_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.fractions(),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.text(),
    st.text(alphabet=CELL_TEXT_ALPHABET, max_size=20),
    st.sampled_from(["#DIV/0!", "#N/A", "—", "——", "-", "/", "无", "1,302家", "１３０２家",
                     "≥1300家", "不低于95%", "12月", "120亿元", "1e5", "1E+400", "9" * 60]),
)


def _is_finite_decimal(value: object) -> bool:
    return isinstance(value, Decimal) and value.is_finite()


@settings(max_examples=500, deadline=None)
@given(ANY_CELL)
def test_reading_never_raises(raw: object) -> None:
    for reader in (read_number, read_rate):
        reading = reader(raw)  # type: ignore[operator]
        assert isinstance(reading, NumberReading)
        assert reading.status in set(CellStatus)
        if reading.status is CellStatus.NUMBER:
            assert _is_finite_decimal(reading.value)
        else:
            assert reading.value is None
    quantity = read_quantity(raw)  # type: ignore[arg-type]
    assert quantity is None or _is_finite_decimal(quantity.value)
    assert isinstance(is_number_like(raw), bool)  # type: ignore[arg-type]


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=CELL_TEXT_ALPHABET, max_size=20)))
def test_text_functions_never_raise(text: str) -> None:
    target = parse_target(text)
    if target is not None:
        assert target.direction in set(Direction)
        assert target.quantity is None or _is_finite_decimal(target.quantity.value)
    quantity = parse_quantity(text)
    if quantity is not None:
        assert _is_finite_decimal(quantity.value)
        assert isinstance(quantity.family, str)
        assert isinstance(quantity.base_value, Decimal)
    number = number_at(text)
    assert number is None or isinstance(number, Decimal)
    assert isinstance(normalize_text(text), str)
    assert isinstance(label_key(text), str)


@settings(max_examples=300, deadline=None)
@given(st.datetimes() | st.dates() | st.times())
def test_dates_never_read_as_numbers(raw: dt.date | dt.time) -> None:
    assert read_number(raw).status is CellStatus.DATE


# Sizes an annex can hold: the engine may treat absurd magnitudes (1E+30 万元) as unreadable.
REALISTIC_INTS = st.integers(min_value=-(10**14), max_value=10**14)
REALISTIC_FLOATS = st.one_of(
    st.just(0.0),
    st.floats(min_value=1e-6, max_value=1e14),
    st.floats(min_value=-1e14, max_value=-1e-6),
)


@settings(max_examples=300, deadline=None)
@given(REALISTIC_INTS)
def test_ints_read_exactly(value: int) -> None:
    reading = read_number(value)
    assert reading.status is CellStatus.NUMBER
    assert reading.value == Decimal(value)


@settings(max_examples=300, deadline=None)
@given(REALISTIC_FLOATS)
def test_finite_floats_read_without_noise(value: float) -> None:
    reading = read_number(value)
    assert reading.status is CellStatus.NUMBER
    assert reading.value is not None
    assert float(reading.value) == value
    assert reading.value == Decimal(repr(value))


UNITS = ["", "家", "个", "人", "件", "项", "次", "场", "月", "天", "%", "亿元", "万元", "元",
         "个百分点", "万人次", "平方米", "公里"]
PLAIN_DECIMALS = st.decimals(min_value=-10**12, max_value=10**12, places=4,
                             allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(PLAIN_DECIMALS, st.sampled_from(UNITS), st.sampled_from(["", " ", "  "]))
def test_formatted_quantity_round_trips(value: Decimal, unit: str, gap: str) -> None:
    text = f"{format(value, 'f')}{gap if unit else ''}{unit}"
    reading = read_number(text)
    assert reading.status is CellStatus.NUMBER
    assert reading.value == value
    assert reading.unit == unit
    assert read_quantity(text) == Quantity(value, unit)
    assert read_number(format_decimal(value)).value == value


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**14), st.sampled_from(["", ".5", ".25", ".05"]),
       st.sampled_from(UNITS))
def test_thousands_separators_and_full_width(whole: int, fraction: str, unit: str) -> None:
    plain = f"{whole}{fraction}{unit}"
    grouped = f"{whole:,}{fraction}{unit}"
    full_width = plain.translate(str.maketrans("0123456789.%", "０１２３４５６７８９．％"))
    full_grouped = grouped.translate(str.maketrans("0123456789.,%", "０１２３４５６７８９．，％"))
    expected = read_number(plain)
    assert expected.status is CellStatus.NUMBER
    assert expected.value == Decimal(f"{whole}{fraction}")
    for variant in (grouped, full_width, full_grouped):
        assert read_number(variant) == expected, variant


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["≥", ">", "不低于", "不少于", "≤", "<", "不高于", "不超过", "=", ""]),
       st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(UNITS))
def test_target_round_trip(prefix: str, value: Decimal, unit: str) -> None:
    expected = {"≥": Direction.POSITIVE, ">": Direction.POSITIVE, "不低于": Direction.POSITIVE,
                "不少于": Direction.POSITIVE, "": Direction.POSITIVE, "≤": Direction.REVERSE,
                "<": Direction.REVERSE, "不高于": Direction.REVERSE, "不超过": Direction.REVERSE,
                "=": Direction.EQUAL}[prefix]
    target = parse_target(f"{prefix}{format(value, 'f')}{unit}")
    assert target is not None
    assert target.direction is expected
    assert target.quantity == Quantity(value, unit)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["—", "——", "-", "/", "无"]),
       st.text(alphabet=" \u3000\t", max_size=3), st.text(alphabet=" \u3000\t", max_size=3))
def test_not_applicable_with_blanks(marker: str, before: str, after: str) -> None:
    assert read_number(f"{before}{marker}{after}").status is CellStatus.NOT_APPLICABLE


RATES = st.decimals(min_value=-100, max_value=100, places=8, allow_nan=False,
                    allow_infinity=False)
AMOUNTS = st.decimals(min_value=-10**12, max_value=10**12, places=6, allow_nan=False,
                      allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(RATES)
def test_format_rate_round_trips(rate: Decimal) -> None:
    # What the form shows (0.01 percentage point) reads back as the rate quantized to 4 places.
    shown = format_rate(rate)
    assert shown.endswith("%")
    reading = read_rate(shown)
    assert reading.status is CellStatus.NUMBER
    assert reading.value == quantize_rate(rate)
    assert format_rate(quantize_rate(rate)) == shown


@settings(max_examples=300, deadline=None)
@given(AMOUNTS)
def test_quantize_round_trips(amount: Decimal) -> None:
    money = quantize_money(amount)
    assert money == quantize_money(money)  # idempotent
    assert abs(money - amount) <= D("0.005")
    assert read_number(format_decimal(money)).value == money
    assert read_number(str(money)).value == money
    rate = quantize_rate(amount)
    assert rate == quantize_rate(rate)
    assert abs(rate - amount) <= D("0.00005")
    whole = truncate(amount, D(1))
    assert abs(whole) <= abs(amount)
    assert abs(amount - whole) < 1
