"""How the annex forms look: fonts, fills, borders, number formats, row heights.

Kept apart from the builder so that the code that marks cells (and clears its marks again) can
restore a cell's template look from its role alone: computed cells grey, input cells a light
blue, labels unfilled.
"""

from __future__ import annotations

import math
import unicodedata

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

from jixiao.layout import Kind, Role, Slot

BODY_FONT_NAME = "宋体"
TITLE_FONT_NAME = "黑体"
BODY_SIZE = 10

COMPUTED_COLOR = "FFD9D9D9"  # spec §2: computed cells are grey
INPUT_COLOR = "FFEEF4FB"  # a light blue that prints as near-white and differs from the marks

BODY_FONT = Font(name=BODY_FONT_NAME, size=BODY_SIZE)
BOLD_FONT = Font(name=BODY_FONT_NAME, size=BODY_SIZE, bold=True)
TITLE_FONT = Font(name=TITLE_FONT_NAME, size=16, bold=True)
ANNEX_FONT = Font(name=TITLE_FONT_NAME, size=12)
SUBTITLE_FONT = Font(name=BODY_FONT_NAME, size=11)
NOTE_FONT = Font(name=BODY_FONT_NAME, size=9)

COMPUTED_FILL = PatternFill(fill_type="solid", start_color=COMPUTED_COLOR, end_color=COMPUTED_COLOR)
INPUT_FILL = PatternFill(fill_type="solid", start_color=INPUT_COLOR, end_color=INPUT_COLOR)
NO_FILL = PatternFill(fill_type=None)

_THIN = Side(style="thin", color="FF000000")
THIN_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
UNDERLINE = Border(bottom=_THIN)

UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)

CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)

# Integer scores (the seed's 10, 4, 98) stay integers and national-profile scores show their two
# decimals, so scores use General; only 执行率得分 is printed as 10.00 in the seed.
_FORMATS: dict[Kind, str] = {
    Kind.MONEY: "0.00",
    Kind.RATE: "0.00%",
    Kind.SCORE: "General",
    Kind.COUNT: "0",
    Kind.AREA: "General",
    Kind.QUANTITY: "General",
    Kind.TEXT: "@",
    Kind.LONGTEXT: "@",
    Kind.GRADE: "@",
}
_FIELD_FORMATS = {"funds.score": "0.00"}

# Slots whose text reads best centred, although they hold text.
_CENTRED_FIELDS = frozenset({"indicator.level1", "indicator.level2", "total.grade"})

LINE_HEIGHT = 15.0  # points per line of 10 pt CJK text, with the fonts' line gap
DEFAULT_HEIGHT = 20.0


def number_format(slot: Slot) -> str:
    """The number format of an input or computed slot."""
    return _FIELD_FORMATS.get(slot.field, _FORMATS[slot.kind])


def fill_for(role: Role) -> PatternFill:
    """The template fill of a cell by role (what clearing a mark restores)."""
    if role is Role.COMPUTED:
        return COMPUTED_FILL
    if role is Role.INPUT:
        return INPUT_FILL
    return NO_FILL


def value_alignment(slot: Slot) -> Alignment:
    """Numbers and short codes centred, free text left (long text from the top)."""
    if slot.kind is Kind.LONGTEXT:
        return TOP_LEFT
    if slot.kind is Kind.TEXT and slot.field not in _CENTRED_FIELDS:
        return LEFT
    return CENTRE


def text_units(text: str) -> float:
    """Width of a text in column-width units: a 10 pt CJK character (13.3 px) is about 1.9."""
    return sum(1.9 if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """Wrapped line count of a text in a cell ``width`` units wide (explicit breaks count).

    Excel never grows a row for wrapped text in merged cells, so the builder sets heights from
    this estimate; it errs towards one line too many rather than a clipped last line.
    """
    usable = max(width - 1.0, 1.0)
    return sum(max(1, math.ceil(text_units(part) / usable)) for part in text.split("\n"))
