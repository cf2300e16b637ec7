"""The ribbon's commands, run on xlwings' remote engine against real workbooks and replayed.

Every test builds the Office.js-shaped payload from an .xlsx, runs the same functions the add-in
runs (``jixiao.xl``), and replays the returned actions into openpyxl like Excel would
(``xlwings_remote``). The headless openpyxl writer applied to the same plan is the reference.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.workbook.workbook import Workbook
from published_form import write_published_form
from xlwings_remote import RemoteRun, ReplayError, run_remote

from jixiao.layout import META_SHEET, RESULTS_SHEET
from jixiao.pipeline import analyse_file
from jixiao.plan import NOTE_PREFIX, RESULTS_HEADER, Mode, Plan
from jixiao.writers.openpyxl_writer import apply_plan, fill_color
from jixiao.writers.openpyxl_writer import clear_marks as openpyxl_clear_marks
from jixiao.xl import commands
from jixiao.xl.writer import hyperlink_formula

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_workbooks"
MAIN_SAMPLE = SAMPLES / "株洲市科学技术局-2024.xlsx"
MISSING_REASON = SAMPLES / "有问题的示例" / "缺少偏差原因.xlsx"


def _sample(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"sample workbook not generated yet: {path.name}")
    return path


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("published") / "published.xlsx"
    write_published_form(path)
    return path


def _workbooks(published: Path) -> list[Path]:
    found = sorted(SAMPLES.glob("*.xlsx")) + sorted((SAMPLES / "有问题的示例").glob("*.xlsx"))
    return [*found, published]


# ---------------------------------------------------------------------------------------------
# Snapshots of what a run leaves in a workbook



def _annex_cells(workbook: Workbook) -> dict[tuple[str, str], tuple[Any, str, str | None]]:
    """Every cell of the annex sheets: (value, fill, note text)."""
    cells: dict[tuple[str, str], tuple[Any, str, str | None]] = {}
    for sheet in workbook.worksheets:
        if sheet.title in (META_SHEET, RESULTS_SHEET):
            continue
        for line in sheet.iter_rows():
            for cell in line:
                value = cell.value
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                note = cell.comment.text if cell.comment is not None else None
                if value is not None or fill_color(cell) or note:
                    cells[(sheet.title, cell.coordinate)] = (value, fill_color(cell), note)
    return cells


def _marked_rows(workbook: Workbook) -> set[tuple[str, str, str]]:
    if META_SHEET not in workbook.sheetnames:
        return set()
    return {
        (str(row[1]), str(row[2]), str(row[3] or ""))
        for row in workbook[META_SHEET].iter_rows(min_col=1, max_col=4, values_only=True)
        if row[0] == "marked" and row[1]
    }


def _results(workbook: Workbook) -> list[tuple[Any, ...]]:
    sheet = workbook[RESULTS_SHEET]
    rows = []
    for line in sheet.iter_rows(min_row=1, max_col=7):
        values = [cell.value for cell in line]
        link = line[4]
        if isinstance(link.value, str) and link.value.startswith("=HYPERLINK("):
            values[4] = ("link", link.value)
        elif link.hyperlink is not None:
            sheet_name, _, ref = str(link.hyperlink.location).rpartition("!")
            values[4] = ("link", hyperlink_formula(sheet_name.strip("'"), ref))
        rows.append(tuple(values))
    return rows


def _reference(path: Path, mode: Mode) -> tuple[Workbook, Plan]:
    """The openpyxl writer's result for the same file and mode."""
    plan = analyse_file(path).plan(mode)
    workbook = load_workbook(path, rich_text=True)
    apply_plan(workbook, plan)
    return workbook, plan


def _recalc(path: Path, *, floats: bool = False, out: Path | None = None) -> RemoteRun:
    return run_remote(lambda book: commands.dispatch(book, "recalc"), path, floats=floats, out=out)


# ---------------------------------------------------------------------------------------------
# Same result as the openpyxl writer


@pytest.mark.parametrize("mode", [Mode.RECALC, Mode.VALIDATE])
def test_same_cells_and_marks_as_openpyxl_writer(published: Path, mode: Mode) -> None:
    for path in _workbooks(published):
        button = "recalc" if mode is Mode.RECALC else "validate"
        run = run_remote(lambda book, b=button: commands.dispatch(book, b), path)
        reference, plan = _reference(path, mode)
        assert _annex_cells(run.workbook) == _annex_cells(reference), path.name
        assert _marked_rows(run.workbook) == _marked_rows(reference), path.name
        assert _results(run.workbook) == _results(reference), path.name
        assert run.alerts == [plan.summary]


def test_recalc_writes_values_fills_and_notes() -> None:
    path = _sample(MISSING_REASON)
    run = _recalc(path)
    book = run.workbook
    plan = analyse_file(path).plan(Mode.RECALC)
    assert run.alerts == [plan.summary] and plan.summary.startswith("发现 1 个错误")
    # computed values, typed as the openpyxl writer types them
    assert book["附件1"]["F4"].value == pytest.approx(0.8205)
    assert book["附件1"]["F4"].number_format == "0.00%"
    assert book["附件2"]["H5"].value == 1.0 and book["附件2"]["I5"].value == 10
    assert book["附件2"]["H30"].value == 98 and book["附件2"]["I30"].value == "等级：优"
    assert book["附件3-2"]["H7"].value == "—"
    assert book["附件3-2"]["H7"].alignment.horizontal == "center"
    # the missing reason: an error fill and the tool's note
    reason = book["附件2"]["I25"]
    assert fill_color(reason) == "FFC7CE"
    assert reason.comment is not None and reason.comment.text.startswith(NOTE_PREFIX + "错误")
    # every mark: its fill (an info keeps the cell's own) and the tool's note
    for mark in plan.marks:
        cell = book[mark.sheet][mark.cell]
        assert fill_color(cell) == (mark.fill or mark.base_fill), mark
        assert cell.comment is not None and cell.comment.text == mark.note
    # the marks are recorded with the fill before, and what the run put on
    rows = [r for r in book[META_SHEET].iter_rows(values_only=True) if r[0] == "marked" and r[1]]
    assert ("marked", "附件2", "I25", "EEF4FB", "fill,note") in rows
    assert len(rows) == len(plan.marks)


def test_results_sheet() -> None:
    path = _sample(MISSING_REASON)
    run = _recalc(path)
    sheet = run.workbook[RESULTS_SHEET]
    assert tuple(cell.value for cell in sheet[1]) == RESULTS_HEADER
    plan = analyse_file(path).plan(Mode.RECALC)
    assert sheet.max_row == len(plan.findings) + 1
    first = plan.findings[0]
    assert sheet["A2"].value == 1 and sheet["B2"].value == "错误"
    assert sheet["C2"].value == first.rule == "missing-deviation-reason"
    assert sheet["D2"].value == "附件2"
    assert sheet["E2"].value == "=HYPERLINK(\"#'附件2'!I25\",\"I25\")"
    assert sheet["F2"].value == first.indicator and sheet["G2"].value == first.message
    assert fill_color(sheet["B2"]) == "FFC7CE" and sheet["A1"].font.b
    # the sheet the user was on is active again
    assert run.workbook.active.title == load_workbook(path).active.title


def test_results_sheet_keeps_text_as_text(tmp_path: Path) -> None:
    """An indicator named like a formula is written as text, never evaluated (spec §9)."""
    source = load_workbook(_sample(MISSING_REASON))
    cell = source["附件2"]["D25"]
    cell.value = "=1+1指标"
    cell.data_type = "s"
    path = tmp_path / "formula-like.xlsx"
    source.save(path)
    run = _recalc(path)
    sheet = run.workbook[RESULTS_SHEET]
    names = [row[5].value for row in sheet.iter_rows(min_row=2) if row[3].value == "附件2"]
    assert "=1+1指标" in names
    for row in sheet.iter_rows(min_row=2):
        for cell in (*row[:4], *row[5:7]):
            assert cell.data_type != "f", cell.coordinate


def test_no_findings_writes_one_line(tmp_path: Path) -> None:
    from jixiao.findings import Finding
    from jixiao.xl.reader import read_book
    from jixiao.xl.writer import apply_plan as xl_apply

    path = _sample(MAIN_SAMPLE)

    def run(book: Any) -> None:
        snapshot = read_book(book)
        empty: list[Finding] = []
        xl_apply(book, Plan(mode=Mode.VALIDATE, profile="national", findings=empty), snapshot)

    sheet = run_remote(run, path).workbook[RESULTS_SHEET]
    assert [c.value for c in sheet[2]] == [None, None, None, None, None, None, "未发现问题。"]


# ---------------------------------------------------------------------------------------------
# Re-runs, COM-like numbers, clearing


def test_second_run_is_idempotent(tmp_path: Path) -> None:
    path = _sample(MISSING_REASON)
    first = tmp_path / "first.xlsx"
    _recalc(path, out=first)
    second = _recalc(first)  # the harness raises if a note is added where one exists
    assert second.counts["deleteNote"] == second.counts["addNote"]
    assert _annex_cells(second.workbook) == _annex_cells(load_workbook(first))
    assert _marked_rows(second.workbook) == _marked_rows(load_workbook(first))
    assert _results(second.workbook) == _results(load_workbook(first))


def test_float_numbers_like_com_give_the_same_result() -> None:
    path = _sample(MISSING_REASON)
    as_ints, as_floats = _recalc(path), _recalc(path, floats=True)
    assert _annex_cells(as_floats.workbook) == _annex_cells(as_ints.workbook)
    assert _results(as_floats.workbook) == _results(as_ints.workbook)
    assert as_floats.alerts == as_ints.alerts


def test_validate_keeps_entered_values() -> None:
    path = _sample(SAMPLES / "有问题的示例" / "合计数不符.xlsx")
    before = {k: v[0] for k, v in _annex_cells(load_workbook(path)).items()}
    run = run_remote(lambda book: commands.dispatch(book, "validate"), path)
    after = {k: v[0] for k, v in _annex_cells(run.workbook).items()}
    assert after == before
    assert "setValues" in run.counts  # only _jixiao and 校验结果 got values


def test_user_notes_are_never_touched(tmp_path: Path) -> None:
    source = load_workbook(_sample(MISSING_REASON))
    source["附件2"]["I25"].comment = Comment("我的批注：原因待补充", "会计")  # a cell that gets marked
    source["附件2"]["D3"].comment = Comment("单位名称核对过", "会计")  # a cell nobody marks
    path = tmp_path / "with-notes.xlsx"
    source.save(path)

    marked = tmp_path / "marked.xlsx"
    run = _recalc(path, out=marked)
    reason = run.workbook["附件2"]["I25"]
    assert reason.comment is not None and reason.comment.text == "我的批注：原因待补充"
    assert fill_color(reason) == "FFC7CE"  # still marked by its fill, and listed in 校验结果
    assert run.workbook["附件2"]["D3"].comment.text == "单位名称核对过"

    again = _recalc(marked, out=tmp_path / "again.xlsx")  # the user's note survives a re-run
    assert again.workbook["附件2"]["I25"].comment.text == "我的批注：原因待补充"

    cleared = run_remote(lambda book: commands.dispatch(book, "clear_marks"), marked)
    book = cleared.workbook
    assert book["附件2"]["I25"].comment.text == "我的批注：原因待补充"
    assert book["附件2"]["D3"].comment.text == "单位名称核对过"
    assert fill_color(book["附件2"]["I25"]) == "EEF4FB"
    assert RESULTS_SHEET not in book.sheetnames
    assert _marked_rows(book) == set()
    assert cleared.alerts == ["已清除 6 处标记，并删除了“校验结果”工作表。"]


def test_clear_marks_restores_exactly_the_original(tmp_path: Path) -> None:
    path = _sample(MISSING_REASON)
    marked = tmp_path / "marked.xlsx"
    _recalc(path, out=marked)
    recalculated = load_workbook(marked)
    cleared = run_remote(lambda book: commands.dispatch(book, "clear_marks"), marked).workbook
    expected = {
        key: (value, fill, None) for key, (value, fill, note) in _annex_cells(recalculated).items()
    }
    originals = _annex_cells(load_workbook(path))
    for (sheet, ref), (value, _, _) in list(expected.items()):
        original = originals.get((sheet, ref))
        if original is not None:
            expected[(sheet, ref)] = (value, original[1], original[2])
    assert _annex_cells(cleared) == expected


def test_clear_without_marks_changes_nothing() -> None:
    run = run_remote(lambda book: commands.dispatch(book, "clear_marks"), _sample(MAIN_SAMPLE))
    assert run.alerts == ["没有需要清除的标记。"]
    assert set(run.counts) <= {"alert", "setScreenUpdating", "activateSheet"}


@pytest.mark.parametrize("direction", ["xl-then-openpyxl", "openpyxl-then-xl"])
def test_either_route_clears_the_others_marks(tmp_path: Path, direction: str) -> None:
    path = _sample(MISSING_REASON)
    marked = tmp_path / "marked.xlsx"
    if direction == "xl-then-openpyxl":
        _recalc(path, out=marked)
        workbook = load_workbook(marked, rich_text=True)
        openpyxl_clear_marks(workbook, analyse_file(marked).plan(Mode.RECALC))
    else:
        workbook, _ = _reference(path, Mode.RECALC)
        workbook.save(marked)
        run = run_remote(lambda book: commands.dispatch(book, "clear_marks"), marked)
        workbook = run.workbook
    cells = _annex_cells(workbook)
    assert not any(note for _, _, note in cells.values())
    assert not any(fill in ("FFC7CE", "FFEB9C") for _, fill, _ in cells.values())
    assert _marked_rows(workbook) == set() and RESULTS_SHEET not in workbook.sheetnames


def test_workbook_without_template_gets_a_hidden_jixiao(published: Path) -> None:
    run = _recalc(published)
    meta = run.workbook[META_SHEET]
    assert meta.sheet_state == "hidden"
    assert meta["A1"].value == "generated_by"
    assert _marked_rows(run.workbook)
    cleared = run_remote(lambda book: commands.dispatch(book, "clear_marks"), published)
    assert cleared.alerts == ["没有需要清除的标记。"]


# ---------------------------------------------------------------------------------------------
# The other buttons and the entry path


def test_about_names_version_and_profile() -> None:
    import jixiao

    run = run_remote(lambda book: commands.dispatch(book, "about"), _sample(MAIN_SAMPLE))
    message = run.alerts[0]
    assert jixiao.__version__ in message and "评分口径" in message
    assert set(run.counts) == {"alert"}


def test_unknown_button_is_a_message() -> None:
    run = run_remote(lambda book: commands.dispatch(book, "nope"), _sample(MAIN_SAMPLE))
    assert run.alerts == ["未知的按钮：nope。请重新安装绩效自评加载项。"]


def test_replay_refuses_a_second_note() -> None:
    path = _sample(MISSING_REASON)

    def twice(book: Any) -> None:
        book.sheets["附件2"]["D3"].add_note("a")
        book.sheets["附件2"]["D3"].impl.add_note("b")  # bypasses xlwings' own check

    with pytest.raises(ReplayError, match="already exists"):
        run_remote(twice, path)


def test_entry_module_imports_nothing_heavy() -> None:
    code = (
        "import sys, xlwings, jixiao_addin, jixiao.xl.commands, jixiao.xl.project_sheet;"
        "heavy = [m for m in ('openpyxl', 'typer', 'rich', 'python_calamine', 'xlwings.pro')"
        " if m in sys.modules];"
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"PYTHONPATH": str(ROOT / "addin"), "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip() == ""


def _sides(cell: Any) -> tuple[bool, ...]:
    border = cell.border
    return tuple(
        bool(getattr(border, side) is not None and getattr(border, side).style)
        for side in ("left", "right", "top", "bottom")
    )


def _layout(sheet: Any) -> dict[str, Any]:
    cells = {
        cell.coordinate: (cell.value, fill_color(cell), cell.number_format, bool(cell.font.b),
                          cell.font.name, cell.alignment.horizontal, _sides(cell))
        for line in sheet.iter_rows() for cell in line
        if not isinstance(cell, MergedCell)  # Excel styles a merge's hidden part, openpyxl not
        and (cell.value is not None or fill_color(cell) or any(_sides(cell)))
    }
    return {
        "cells": cells,
        "merged": sorted(str(merged) for merged in sheet.merged_cells.ranges),
        "names": {name: d.attr_text for name, d in sheet.defined_names.items()},
        "heights": {row: dim.height for row, dim in sheet.row_dimensions.items() if dim.height},
    }


def test_add_project_sheet_matches_the_template_builder(tmp_path: Path) -> None:
    from jixiao.template import add_project_sheet, build_template

    path = tmp_path / "template.xlsx"
    build_template(year=2024, profile="national").save(path)
    run = run_remote(lambda book: commands.dispatch(book, "add_project"), path,
                     out=tmp_path / "added.xlsx")
    assert run.alerts == ["已新增项目表“附件3-2”，请填写项目名称、资金和绩效指标。"]

    reference = load_workbook(path)
    add_project_sheet(reference)
    assert run.workbook.sheetnames == reference.sheetnames
    assert run.workbook.active.title == "附件3-2"
    for name in ("附件3-1", "附件3-2"):
        assert _layout(run.workbook[name]) == _layout(reference[name]), name
    forms = [row[:3] for row in run.workbook[META_SHEET].iter_rows(values_only=True)
             if row[0] == "form"]
    assert forms == [row[:3] for row in reference[META_SHEET].iter_rows(values_only=True)
                     if row[0] == "form"]
    analysis = analyse_file(tmp_path / "added.xlsx")
    assert [form.sheet for form in analysis.parsed.annex3] == ["附件3-1", "附件3-2"]


def test_add_project_needs_the_template(published: Path) -> None:
    run = run_remote(lambda book: commands.dispatch(book, "add_project"), published)
    assert "不是由 jixiao 模板生成的" in run.alerts[0]
    assert set(run.counts) == {"alert"}


def test_desktop_reads_note_texts_to_tell_its_own_from_the_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Desktop Excel can read a note's text: a tool note that no record mentions (the user
    deleted the rows of _jixiao) is replaced, a user's note is kept. Simulated on the remote
    engine by letting Note.text answer from the file, as COM would."""
    from xlwings.pro import _xlremote

    path = _sample(MISSING_REASON)
    marked = tmp_path / "marked.xlsx"
    _recalc(path, out=marked)
    workbook = load_workbook(marked, rich_text=True)
    meta = workbook[META_SHEET]
    for row in range(meta.max_row, 0, -1):
        if meta.cell(row, 1).value == "marked" and meta.cell(row, 2).value:
            meta.delete_rows(row)
    workbook["附件2"]["I15"].comment = Comment("会计：已核实", "会计")  # replaces a tool note
    lost = tmp_path / "records-lost.xlsx"
    workbook.save(lost)
    texts = {
        (sheet.title, cell.coordinate): cell.comment.text
        for sheet in workbook.worksheets for line in sheet.iter_rows() for cell in line
        if cell.comment is not None
    }

    def text(note: Any) -> str:
        return texts[(note.range.sheet.name, note.range.address.replace("$", ""))]

    monkeypatch.setattr(_xlremote.Note, "text", property(text))
    run = _recalc(lost)  # would raise "note already exists" if the stale tool notes stayed
    book = run.workbook
    assert book["附件2"]["I25"].comment.text.startswith(NOTE_PREFIX)
    assert book["附件2"]["I15"].comment.text == "会计：已核实"
    rows = {
        (r[1], r[2]): r[4] for r in book[META_SHEET].iter_rows(values_only=True)
        if r[0] == "marked"
    }
    assert rows[("附件2", "I25")] == "fill,note" and rows[("附件2", "I15")] == "fill"
