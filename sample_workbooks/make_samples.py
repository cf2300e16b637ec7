"""Write the sample workbooks: the seed department's annexes, and flawed copies of it.

Run from the repository root::

    uv run python sample_workbooks/make_samples.py

Each flawed copy differs from the good sample by exactly one defect (one error class), so a
checker's findings on it minus its findings on the good sample name that defect. The list of
files and defects is in ``README.md`` beside this script.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from copy import copy
from dataclasses import dataclass, replace
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.layout import ANNEX3, META_SHEET
from jixiao.template import (
    Annex1Content,
    Annex2Content,
    Annex3Content,
    ExpenseValues,
    IndicatorContent,
    Totals,
    build_workbook,
    save_workbook,
)
from jixiao.template.styles import NOTE_FONT, TOP_LEFT

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the data module sits beside this script
    sys.path.insert(0, str(HERE))

import seed_data  # noqa: E402

GOOD_NAME = f"{seed_data.UNIT}-{seed_data.YEAR}.xlsx"
FLAWED_DIR = "有问题的示例"


# ---------------------------------------------------------------------------------------------
# The good sample


def build_sample(
    annex1: Annex1Content = seed_data.ANNEX1,
    annex2: Annex2Content = seed_data.ANNEX2,
    annex3: Sequence[Annex3Content] = seed_data.ANNEX3,
) -> Workbook:
    """The seed department's workbook (or a variant of its content), 附件3 marked illustrative."""
    workbook = build_workbook(
        annex1, annex2, list(annex3), year=seed_data.YEAR, profile=seed_data.PROFILE
    )
    for name, form in _forms(workbook):
        if form == "annex3":
            _add_note(workbook[name], seed_data.ILLUSTRATIVE_NOTE)
    return workbook


def _forms(workbook: Workbook) -> list[tuple[str, str]]:
    meta = workbook[META_SHEET]
    return [
        (str(row[1]), str(row[2]))
        for row in meta.iter_rows(min_col=1, max_col=3, values_only=True)
        if row[0] == "form"
    ]


def _named_row(sheet: Worksheet, name: str) -> int:
    text = sheet.defined_names[name].attr_text
    match = re.search(r"\$[A-Z]+\$(\d+)", text)
    assert match is not None, text
    return int(match.group(1))


def _add_note(sheet: Worksheet, text: str) -> None:
    """A visible note one row below the footer, inside the print area."""
    row = _named_row(sheet, "jx_footer_filler") + 2
    last = get_column_letter(ANNEX3.width)
    cell = sheet.cell(row, 1, text)
    cell.font = copy(NOTE_FONT)
    cell.alignment = copy(TOP_LEFT)
    sheet.merge_cells(f"A{row}:{last}{row}")
    sheet.row_dimensions[row].height = 18
    sheet.print_area = f"A1:{last}{row}"


# ---------------------------------------------------------------------------------------------
# Content-level defects


def _indicator(rows: Sequence[IndicatorContent], name: str) -> int:
    for index, row in enumerate(rows):
        if row.name == name:
            return index
    raise KeyError(name)


def _with_indicator(
    rows: tuple[IndicatorContent, ...], which: str, **changes: object
) -> tuple[IndicatorContent, ...]:
    index = _indicator(rows, which)
    changed = replace(rows[index], **changes)  # type: ignore[arg-type]
    return (*rows[:index], changed, *rows[index + 1 :])


def missing_reason() -> Workbook:
    rows = _with_indicator(seed_data.ANNEX2_INDICATORS, "地方财政科技支出占比", reason=None)
    return build_sample(annex2=replace(seed_data.ANNEX2, indicators=rows))


def sum_mismatch() -> Workbook:
    expenses = dict(seed_data.ANNEX1.expenses)
    expenses["three_public"] = ExpenseValues(18.24, 46, 40.67)
    return build_sample(annex1=replace(seed_data.ANNEX1, expenses=expenses))


def score_above_weight() -> Workbook:
    rows = _with_indicator(seed_data.ANNEX2_INDICATORS, "引进外籍人才数", score=6)
    totals = Totals(100, 99, None)  # the total follows the entered scores: one defect only
    return build_sample(annex2=replace(seed_data.ANNEX2, indicators=rows, totals=totals))


def text_in_number() -> Workbook:
    funds = replace(seed_data.ANNEX2.funds, executed="一千三百八十七")
    return build_sample(annex2=replace(seed_data.ANNEX2, funds=funds))


def unit_mismatch() -> Workbook:
    rows = _with_indicator(
        seed_data.ANNEX2_INDICATORS, "全国重点实验室数量", target="3家", actual="4个"
    )
    return build_sample(annex2=replace(seed_data.ANNEX2, indicators=rows))


QUALITATIVE_REASON = (
    "原因：部分县市区创新能力提升不均衡；措施：加强对县市区创新工作的指导和考核。"
)


def qualitative_out_of_band() -> Workbook:
    project = seed_data.SPECIAL_FUND
    rows = _with_indicator(
        project.indicators, "全国城市创新能力评价排名", name="区域科技创新能力",
        target="有效提升", actual="达成年度指标", weight=10, score=7, reason=QUALITATIVE_REASON,
    )
    # Total and reason follow the entered score, so the band is the only defect.
    changed = replace(project, indicators=rows, totals=Totals(100, 97, None))
    return build_sample(annex3=(changed, seed_data.HIGHLAND_FUND))


# ---------------------------------------------------------------------------------------------
# Rows inserted as Excel inserts them


def _shift_range(bounds: CellRange, idx: int, amount: int) -> CellRange:
    """Excel's rule: ranges below move down, ranges the insertion cuts through grow."""
    shifted = CellRange(bounds.coord)
    if shifted.min_row >= idx:
        shifted.shift(row_shift=amount)
    elif shifted.max_row >= idx:
        shifted.expand(down=amount)
    return shifted


_REF = re.compile(r"\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?$")


def _shift_reference(text: str, idx: int, amount: int) -> str:
    sheet, _, ref = text.rpartition("!")
    match = _REF.match(ref)
    if match is None:
        return text
    first_col, first_row, last_col, last_row = match.groups()
    bounds = CellRange(f"{first_col}{first_row}:{last_col or first_col}{last_row or first_row}")
    moved = _shift_range(bounds, idx, amount)
    start = f"${get_column_letter(moved.min_col)}${moved.min_row}"
    if last_col is None:
        return f"{sheet}!{start}"
    return f"{sheet}!{start}:${get_column_letter(moved.max_col)}${moved.max_row}"


def insert_rows_like_excel(sheet: Worksheet, idx: int, amount: int = 1) -> None:
    """Insert rows before ``idx`` the way Excel does: merges, names, validations, print titles
    and row heights follow, and the new rows take the format of the row above.

    openpyxl's own ``insert_rows`` moves only the cells.
    """
    merges = [CellRange(merged.coord) for merged in sheet.merged_cells.ranges]
    for merged in list(sheet.merged_cells.ranges):
        sheet.merged_cells.remove(merged)
    heights = {
        row: dim.height for row, dim in sheet.row_dimensions.items() if dim.height is not None
    }
    sheet.insert_rows(idx, amount)
    for row in range(idx, idx + amount):
        for col in range(1, sheet.max_column + 1):
            above = sheet.cell(idx - 1, col)
            sheet.cell(row, col)._style = copy(above._style)
    for bounds in merges:
        sheet.merge_cells(_shift_range(bounds, idx, amount).coord)
    for row in sorted(heights, reverse=True):
        if row >= idx:
            sheet.row_dimensions[row + amount].height = heights[row]
    for row in range(idx, idx + amount):
        sheet.row_dimensions[row].height = heights.get(idx - 1)
    for validation in sheet.data_validations.dataValidation:
        validation.sqref = MultiCellRange(
            [_shift_range(CellRange(part.coord), idx, amount) for part in validation.sqref.ranges]
        )
    for name in sheet.defined_names.values():
        name.attr_text = _shift_reference(name.attr_text, idx, amount)
    if sheet.print_title_rows:
        first, _, last = sheet.print_title_rows.replace("$", "").partition(":")
        rows = CellRange(min_col=1, max_col=1, min_row=int(first), max_row=int(last))
        moved = _shift_range(rows, idx, amount)
        sheet.print_title_rows = f"{moved.min_row}:{moved.max_row}"
    if sheet.print_area:
        area = sheet.print_area.rpartition("!")[2].replace("$", "")
        sheet.print_area = _shift_range(CellRange(area), idx, amount).coord


def _row_of(sheet: Worksheet, col: int, text: str) -> int:
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, col).value == text:
            return row
    raise KeyError(text)


def inserted_rows() -> Workbook:
    """Blank rows inside the budget block and the indicator table, and one extra indicator row
    (高新技术企业数 gives 5 of its 10 points to it, so every total stays as in the seed)."""
    rows = _with_indicator(seed_data.ANNEX2_INDICATORS, "高新技术企业数", weight=5, score=5)
    workbook = build_sample(annex2=replace(seed_data.ANNEX2, indicators=rows))
    sheet = workbook["附件2"]
    extra = _row_of(sheet, 4, "引进外籍人才数")
    insert_rows_like_excel(sheet, extra)
    for col, value in zip(range(4, 9), ("科技型中小企业备案数", "2000家", "2000家", 5, 5),
                          strict=True):
        sheet.cell(extra, col, value)
    insert_rows_like_excel(sheet, _row_of(sheet, 4, "全社会研发投入强度"))
    insert_rows_like_excel(sheet, _named_row(sheet, "jx_funds_initial") + 1)
    return workbook


# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Variant:
    """One flawed copy: its file name says the defect."""

    file_name: str
    make: Callable[[], Workbook]


VARIANTS = (
    Variant("缺少偏差原因.xlsx", missing_reason),
    Variant("合计数不符.xlsx", sum_mismatch),
    Variant("得分超过分值.xlsx", score_above_weight),
    Variant("数值单元格填写文字.xlsx", text_in_number),
    Variant("计量单位不一致.xlsx", unit_mismatch),
    Variant("定性指标得分超出档次.xlsx", qualitative_out_of_band),
    Variant("插入空行和新增指标行.xlsx", inserted_rows),
)


def write_samples(out: Path) -> list[Path]:
    """Write the good sample into ``out`` and the flawed copies into ``out/有问题的示例``."""
    flawed = out / FLAWED_DIR
    flawed.mkdir(parents=True, exist_ok=True)
    written = [out / GOOD_NAME]
    save_workbook(build_sample(), written[0])
    for variant in VARIANTS:
        path = flawed / variant.file_name
        save_workbook(variant.make(), path)
        written.append(path)
    return written


def main() -> None:
    for path in write_samples(HERE):
        print(f"已写入 {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()

