"""Whatever an accountant types into the sample's input cells, and wherever rows are inserted,
the pipeline gives findings, never an exception (spec §9)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from jixiao.grid import Coord, Grid, SheetGrid
from jixiao.pipeline import analyse_grid
from jixiao.plan import Mode
from jixiao.readers.calamine_reader import read_grid
from jixiao.values import CellValue
from jixiao.writers.openpyxl_writer import apply_plan

SAMPLE = Path(__file__).parent.parent / "sample_workbooks" / "株洲市科学技术局-2024.xlsx"
GRID = read_grid(SAMPLE)
# The cells the accountant fills: every non-empty cell that is not a form label.
INPUTS: list[tuple[int, Coord]] = [
    (index, coord)
    for index, sheet in enumerate(GRID.sheets)
    if sheet.name != "_jixiao"
    for coord, value in sheet.cells.items()
    if not isinstance(value, str) or any(ch.isdigit() for ch in value) or len(value) > 12
]

cell_values = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(["—", "——", "/", "无", "#DIV/0!", "#REF!", "１３０２家", "≥95%", "不低于3个",
                     "达成年度指标", "部分达成", "未达成年度指标且效果较差", "1e400", "-0", "5-10个",
                     "=SUM(A1:A3)", "12月", "3.1%", "120亿元", "1154900万元", "原因：；措施："]),
    st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(float),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.dates(),
)


def _with_row_inserted(sheet: SheetGrid, at: int) -> SheetGrid:
    """Shift every cell and merge at or below ``at`` one row down, as Excel does."""
    def shift(row: int) -> int:
        return row + 1 if row >= at else row

    cells = {(shift(row), col): value for (row, col), value in sheet.cells.items()}
    merges = tuple(
        dataclasses.replace(m, first_row=shift(m.first_row), last_row=shift(m.last_row))
        for m in sheet.merges
    )
    return SheetGrid(name=sheet.name, cells=cells, merges=merges, visible=sheet.visible)


@settings(max_examples=200, deadline=None)
@given(
    changes=st.lists(st.tuples(st.sampled_from(INPUTS), cell_values), max_size=25),
    inserts=st.lists(st.tuples(st.integers(0, 3), st.integers(1, 40)), max_size=3),
    profile=st.sampled_from(["national", "integer-floor"]),
    mode=st.sampled_from(list(Mode)),
)
def test_any_input_gives_findings_not_exceptions(
    changes: list[tuple[tuple[int, Coord], CellValue]],
    inserts: list[tuple[int, int]],
    profile: str,
    mode: Mode,
) -> None:
    sheets = [dict(sheet.cells) for sheet in GRID.sheets]
    for (index, coord), value in changes:
        if value is None:
            sheets[index].pop(coord, None)
        else:
            sheets[index][coord] = value
    grid = Grid(
        sheets=tuple(dataclasses.replace(sheet, cells=cells, _merge_index={})
                     for sheet, cells in zip(GRID.sheets, sheets, strict=True)),
        names=GRID.names,
        source=GRID.source,
    )
    for index, row in inserts:
        target = min(index, len(grid.sheets) - 1)
        replaced = list(grid.sheets)
        replaced[target] = _with_row_inserted(replaced[target], row)
        grid = dataclasses.replace(grid, sheets=tuple(replaced))
    analysis = analyse_grid(grid, profile)
    plan = analysis.plan(mode)
    for write in plan.writes:
        assert isinstance(write.value, Decimal | str)
    for finding in plan.findings:
        assert finding.message and finding.rule
    plan.model_dump_json()  # the plan always serialises


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.sampled_from(INPUTS), cell_values), min_size=1, max_size=8))
def test_fuzzed_file_round_trips(tmp_path: Path,
                                 changes: list[tuple[tuple[int, Coord], CellValue]]) -> None:
    """The same through real files: written by openpyxl, read by calamine, annotated."""
    book = openpyxl.load_workbook(SAMPLE)
    for (index, (row, col)), value in changes:
        cell = book[GRID.sheets[index].name].cell(row, col)
        if isinstance(cell, openpyxl.cell.cell.MergedCell):
            continue
        if isinstance(value, float) and value != value:
            value = "NaN"
        if isinstance(value, float) and value in (float("inf"), float("-inf")):
            value = str(value)
        if isinstance(value, str):  # openpyxl cannot store control characters at all
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
    source = tmp_path / "fuzzed.xlsx"
    book.save(source)
    analysis = analyse_grid(read_grid(source))
    annotated = openpyxl.load_workbook(source)
    apply_plan(annotated, analysis.plan(Mode.RECALC))
    annotated.save(tmp_path / "annotated.xlsx")
    assert read_grid(tmp_path / "annotated.xlsx").sheet("校验结果") is not None


def test_control_characters_from_a_cell_reach_no_writer_error(tmp_path: Path) -> None:
    """calamine hands over what Excel stored as _x0008_; echoing it into a note must not fail."""
    sheets = [dict(sheet.cells) for sheet in GRID.sheets]
    annex2 = next(i for i, sheet in enumerate(GRID.sheets) if sheet.name == "附件2")
    sheets[annex2][(5, 6)] = "一千\x08三百"  # 全年执行数
    grid = dataclasses.replace(GRID, sheets=tuple(
        dataclasses.replace(sheet, cells=cells, _merge_index={})
        for sheet, cells in zip(GRID.sheets, sheets, strict=True)))
    plan = analyse_grid(grid).plan(Mode.VALIDATE)
    assert any(f.rule == "not-a-number" and "\x08" in f.message for f in plan.findings)
    book = openpyxl.load_workbook(SAMPLE)
    apply_plan(book, plan)
    book.save(tmp_path / "annotated.xlsx")
    note = openpyxl.load_workbook(tmp_path / "annotated.xlsx")["附件2"]["F5"].comment
    assert note is not None and "一千三百" in note.text


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    """An indicator named ``=HYPERLINK(...)`` is echoed into 校验结果 as text, never a formula."""
    sheets = [dict(sheet.cells) for sheet in GRID.sheets]
    annex2 = next(i for i, sheet in enumerate(GRID.sheets) if sheet.name == "附件2")
    evil = '=HYPERLINK("http://example.invalid","点我")'
    sheets[annex2][(25, 4)] = evil  # the 三级指标 name of a row that needs a reason
    sheets[annex2].pop((25, 9))  # and remove its reason
    grid = dataclasses.replace(GRID, sheets=tuple(
        dataclasses.replace(sheet, cells=cells, _merge_index={})
        for sheet, cells in zip(GRID.sheets, sheets, strict=True)))
    plan = analyse_grid(grid).plan(Mode.VALIDATE)
    assert any(f.indicator == evil for f in plan.findings)
    book = openpyxl.load_workbook(SAMPLE)
    apply_plan(book, plan)
    book.save(tmp_path / "annotated.xlsx")
    results = openpyxl.load_workbook(tmp_path / "annotated.xlsx")["校验结果"]
    cells = [cell for row in results.iter_rows() for cell in row if cell.value == evil]
    assert cells and all(cell.data_type == "s" for cell in cells)
