"""Reading what people type into annex cells (spec §3).

Cells arrive as whatever the reader produced: ``str`` from text cells, ``int`` from Office.js,
``float`` from COM or calamine, ``datetime`` when Excel decided a number was a date, ``bool``, or
an error marker. Every function here is total: it never raises on user input, it classifies.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from enum import StrEnum

CellValue = str | int | float | bool | dt.datetime | dt.date | dt.time | None
"""What a reader may hand over for one cell."""

CENT = Decimal("0.01")
RATE_STEP = Decimal("0.0001")  # a fraction shown as 0.01 percentage point

NOT_APPLICABLE = frozenset({"—", "——", "-", "--", "/", "无", "－", "－－", "―", "―――", "——————"})
EXCEL_ERRORS = frozenset(
    {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA",
     "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
)

# Units that measure the same thing, with their factor to the base unit of their family.
_MONEY = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000), "万": Decimal(1),
          "亿": Decimal(10000)}
_PERCENT = {"%": Decimal(1), "个百分点": Decimal(1)}
UNIT_FAMILIES: dict[str, tuple[str, Decimal]] = {
    **{unit: ("万元", factor) for unit, factor in _MONEY.items()},
    **{unit: ("%", factor) for unit, factor in _PERCENT.items()},
}

_POSITIVE_WORDS = ("不低于", "不少于", "不小于", "大于等于", "高于", "大于", "超过", "达到", "至少")
_REVERSE_WORDS = ("不高于", "不超过", "不大于", "小于等于", "低于", "小于", "少于", "控制在", "至多")
_REVERSE_SUFFIXES = ("以内", "以下", "之内")
_POSITIVE_SUFFIXES = ("以上",)
_SYMBOLS = {"≥": "positive", ">=": "positive", "＞": "positive", ">": "positive",
            "≤": "reverse", "<=": "reverse", "＜": "reverse", "<": "reverse",
            "=": "equal", "＝": "equal"}

_NUMBER = re.compile(r"[-+]?(?:\d+(?:,\d{3})*|\d*)(?:\.\d+)?")
_QUANTITY = re.compile(
    r"^(?P<number>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+)"
    r"(?P<unit>(?:[^\d\s,.+\-/:][^\d\s,]{0,7})?)$"
)


class CellStatus(StrEnum):
    """How a cell that should hold a number was filled."""

    NUMBER = "number"
    EMPTY = "empty"
    NOT_APPLICABLE = "not-applicable"
    TEXT = "text"
    DATE = "date"
    ERROR = "error"
    OUT_OF_RANGE = "out-of-range"


class Direction(StrEnum):
    """Which way an indicator counts as achieved."""

    POSITIVE = "positive"
    REVERSE = "reverse"
    EQUAL = "equal"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit, as typed (``1,302家`` → 1302, ``家``)."""

    value: Decimal
    unit: str

    @property
    def family(self) -> str:
        """The unit all convertible units are expressed in (``亿元`` → ``万元``)."""
        return UNIT_FAMILIES.get(self.unit, (self.unit, Decimal(1)))[0]

    @property
    def base_value(self) -> Decimal:
        """The value in the family's base unit (``120亿元`` → 1200000 万元)."""
        return self.value * UNIT_FAMILIES.get(self.unit, (self.unit, Decimal(1)))[1]


@dataclass(frozen=True, slots=True)
class NumberReading:
    """The outcome of reading a number cell: a value, or why there is none."""

    status: CellStatus
    value: Decimal | None = None
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Target:
    """An indicator's 年度指标值: direction plus quantity, or qualitative text."""

    direction: Direction
    quantity: Quantity | None  # None: a qualitative target such as 有效提升


def normalize_text(text: str) -> str:
    """Full-width to half-width, unified dashes and no surrounding or inner blanks."""
    folded = unicodedata.normalize("NFKC", text)
    folded = folded.replace("\u3000", " ").replace("，", ",").replace("．", ".")
    return re.sub(r"\s+", "", folded)


def label_key(text: str) -> str:
    """Compare labels loosely: no blanks, no brackets content markers, no punctuation at the end."""
    key = normalize_text(text)
    key = key.replace("(", "（").replace(")", "）").replace(":", "：")
    return key.rstrip("：")


LARGEST = Decimal("1e15")  # no amount, count or score on an annex comes near this
SMALLEST = Decimal("1e-9")


def in_range(value: Decimal) -> bool:
    """Finite and of a size an annex can hold; anything else is treated as unreadable."""
    return value.is_finite() and (value == 0 or SMALLEST <= abs(value) < LARGEST)


def to_decimal(number: numbers.Number | Decimal | int | float) -> Decimal | None:
    """A Decimal from any number type (float noise removed via ``repr``), None when absurd."""
    if isinstance(number, bool):
        return None
    if isinstance(number, Decimal):
        value = number
    elif isinstance(number, numbers.Integral):
        value = Decimal(int(number))
    elif isinstance(number, numbers.Real):
        as_float = float(number)  # float subclasses (numpy) have their own repr
        if not math.isfinite(as_float):
            return None
        value = Decimal(repr(as_float))
    else:
        return None
    return value if value.is_finite() else None


def parse_quantity(text: str) -> Quantity | None:
    """``1,302家`` → Quantity(1302, 家); ``3.15%`` → Quantity(3.15, %); text → None."""
    folded = normalize_text(text)
    match = _QUANTITY.match(folded)
    if match is None:
        return None
    try:
        value = Decimal(match.group("number").replace(",", ""))
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return Quantity(value=value, unit=match.group("unit"))


def read_number(raw: CellValue) -> NumberReading:
    """Classify a cell that should hold a number (money, count, score, rate)."""
    if raw is None:
        return NumberReading(CellStatus.EMPTY)
    if isinstance(raw, bool):
        return NumberReading(CellStatus.TEXT)
    if isinstance(raw, dt.datetime | dt.date | dt.time):
        return NumberReading(CellStatus.DATE)
    if not isinstance(raw, str):
        value = to_decimal(raw)
        if value is None:
            return NumberReading(CellStatus.ERROR)
        if not in_range(value):
            return NumberReading(CellStatus.OUT_OF_RANGE)
        return NumberReading(CellStatus.NUMBER, value)
    text = raw.strip()
    if not text:
        return NumberReading(CellStatus.EMPTY)
    if text.upper() in EXCEL_ERRORS:
        return NumberReading(CellStatus.ERROR)
    folded = normalize_text(text)
    if folded in NOT_APPLICABLE or set(folded) <= {"—", "-", "－", "―"}:
        return NumberReading(CellStatus.NOT_APPLICABLE)
    quantity = parse_quantity(folded)
    if quantity is None:
        return NumberReading(CellStatus.TEXT)
    if not in_range(quantity.value):
        return NumberReading(CellStatus.OUT_OF_RANGE)
    return NumberReading(CellStatus.NUMBER, quantity.value, quantity.unit)


def read_rate(raw: CellValue) -> NumberReading:
    """A rate as a fraction: ``82.05%`` → 0.8205; a bare number is already a fraction."""
    reading = read_number(raw)
    if reading.status is CellStatus.NUMBER and reading.value is not None:
        if reading.unit == "%":
            return NumberReading(CellStatus.NUMBER, reading.value / 100, "")
        if reading.unit:
            return NumberReading(CellStatus.TEXT)
    return reading


def read_quantity(raw: CellValue) -> Quantity | None:
    """A 年度指标值 or 实际完成值 as a quantity, or None when it is not numeric."""
    if raw is None or isinstance(raw, bool | dt.datetime | dt.date | dt.time):
        return None
    if not isinstance(raw, str):
        value = to_decimal(raw)
        return Quantity(value, "") if value is not None and in_range(value) else None
    target = parse_target(raw)
    if target is None or target.quantity is None or not in_range(target.quantity.value):
        return None
    return target.quantity


def parse_target(text: str) -> Target | None:
    """Split ``≥1300家`` / ``不低于95%`` / ``控制在100万元以内`` into direction and quantity.

    Returns None for an empty cell. A text without a number is a qualitative target.
    """
    folded = normalize_text(text)
    if not folded:
        return None
    direction: Direction | None = None
    for symbol in sorted(_SYMBOLS, key=len, reverse=True):
        if folded.startswith(symbol):
            direction = Direction(_SYMBOLS[symbol])
            folded = folded[len(symbol):]
            break
    if direction is None:
        for word in _POSITIVE_WORDS + _REVERSE_WORDS:
            if folded.startswith(word):
                direction = Direction.POSITIVE if word in _POSITIVE_WORDS else Direction.REVERSE
                folded = folded[len(word):]
                break
    for suffix in _REVERSE_SUFFIXES + _POSITIVE_SUFFIXES:
        if folded.endswith(suffix) and len(folded) > len(suffix):
            folded = folded[: -len(suffix)]
            if direction is None:
                direction = (
                    Direction.REVERSE if suffix in _REVERSE_SUFFIXES else Direction.POSITIVE
                )
            break
    quantity = parse_quantity(folded)
    return Target(direction=direction or Direction.POSITIVE, quantity=quantity)


def quantize(value: Decimal, step: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Explicit rounding with room for any value an annex can produce (quotients included)."""
    with localcontext() as context:
        context.prec = 80
        return value.quantize(step, rounding=rounding)


def quantize_money(value: Decimal) -> Decimal:
    """万元 amounts carry two decimals."""
    return quantize(value, CENT)


def quantize_rate(value: Decimal) -> Decimal:
    """Rates are fractions with four decimals (0.01 percentage point)."""
    return quantize(value, RATE_STEP)


def truncate(value: Decimal, step: Decimal) -> Decimal:
    """Round towards zero to ``step`` (used by the integer-floor profile)."""
    return quantize(value, step, ROUND_DOWN)


def format_decimal(value: Decimal) -> str:
    """Human form without exponent or trailing zeros: ``4.00`` → ``4``, ``4.64`` stays."""
    normalized = value.normalize()
    text = format(normalized, "f")
    return text


def format_rate(value: Decimal) -> str:
    """0.8205 → ``82.05%``."""
    return f"{quantize(value * 100, CENT)}%"


def is_number_like(raw: CellValue) -> bool:
    """True when the cell reads as a number (units allowed)."""
    return read_number(raw).status is CellStatus.NUMBER


def number_at(text: str) -> Decimal | None:
    """The first number inside a label such as ``其中：一般公共预算：1387.53``."""
    folded = normalize_text(text)
    for match in _NUMBER.finditer(folded):
        token = match.group(0).replace(",", "")
        if token and token not in {"+", "-", "."}:
            try:
                return Decimal(token)
            except InvalidOperation:
                continue
    return None
