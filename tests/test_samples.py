"""The rules on the committed sample workbooks, and copies of the sample saved by other programs.

The seed sample (附件1 and 附件2 exactly as published) must give, under ``integer-floor``: 控制率
82.05% (32/39), 执行率 100.00% (1387.53/1387.53) → 10.00, 总分 98, no errors, and an
over-achievement warning on exactly the four rows at ≥ 120% of target without a reason
(16/5, 187/100, 4/3, 12/8; 17.9/15 = 119.33% is below the threshold). Each flawed variant adds
exactly its own finding.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from copies import libreoffice_copy, soffice, xlsxwriter_copy

from jixiao.parse import parse_grid
from jixiao.pipeline import Analysis, analyse_file
from jixiao.profile import UnknownProfileError
from jixiao.readers.calamine_reader import read_grid

SAMPLES = Path(__file__).parent.parent / "sample_workbooks"
SAMPLE = SAMPLES / "株洲市科学技术局-2024.xlsx"
FLAWED = SAMPLES / "有问题的示例"

Key = tuple[str, str, str, str]  # rule, severity, sheet, cell (rows read off the sample)

SEED_WARNINGS: set[Key] = {
    ("over-achievement-unexplained", "warning", "附件2", "I15"),  # 新增省级以上科技创新平台
    ("over-achievement-unexplained", "warning", "附件2", "I21"),  # 国省科技计划立项
    ("over-achievement-unexplained", "warning", "附件2", "I22"),  # 全国重点实验室数量
    ("over-achievement-unexplained", "warning", "附件2", "I28"),  # 科普及科技宣传活动
}
# The illustrative 附件3 of the frozen project: 14.4 planned, 全年预算数 0, nothing spent.
FROZEN_PROJECT: Key = ("division-by-zero", "warning", "附件3-2", "H7")


def keys(analysis: Analysis) -> set[Key]:
    return {(f.rule, f.severity.value, f.sheet, f.cell) for f in analysis.evaluation.findings}


@pytest.fixture(scope="module")
def baseline() -> Analysis:
    return analyse_file(SAMPLE)


def test_sample_under_integer_floor(baseline: Analysis) -> None:
    assert baseline.profile.name == "integer-floor"  # embedded by the template
    computed = {form.sheet: form.computed for form in baseline.evaluation.forms}
    assert computed["附件1"] == {"staff_control_rate": "0.8205"}
    assert computed["附件2"] == {
        "budget_execution_rate": "1.0000", "budget_execution_score": "10.00",
        "total_score": "98.00", "grade": "优",
    }
    assert computed["附件3-2"]["budget_execution_rate"] == "—"
    assert keys(baseline) == SEED_WARNINGS | {FROZEN_PROJECT}


def test_sample_under_national() -> None:
    analysis = analyse_file(SAMPLE, "national")
    below = {(f.rule, f.cell, f.value, f.expected) for f in analysis.evaluation.findings
             if f.rule == "score-below-formula"}
    # 5 × 7.42/8 = 4.6375 → 4.64; 5 × 115.49/120 = 4.8121 → 4.81
    assert below == {
        ("score-below-formula", "H25", "4", "4.64"),
        ("score-below-formula", "H26", "4", "4.81"),
    }
    assert keys(analysis) == SEED_WARNINGS | {FROZEN_PROJECT} | {
        ("score-below-formula", "info", "附件2", "H25"),
        ("score-below-formula", "info", "附件2", "H26"),
    }
    writes = {(w.sheet, w.cell): str(w.value) for w in analysis.evaluation.writes}
    assert (writes[("附件2", "H25")], writes[("附件2", "H26")]) == ("4.64", "4.81")
    # 10 + 40 + 20 + 10 + 4.64 + 4.81 + 5 + 5 = 99.45
    assert analysis.evaluation.forms[1].computed["total_score"] == "99.45"


FLAWS: dict[str, Key] = {
    "缺少偏差原因.xlsx": ("missing-deviation-reason", "error", "附件2", "I25"),
    "合计数不符.xlsx": ("sum-mismatch", "error", "附件1", "F6"),
    "得分超过分值.xlsx": ("score-exceeds-weight", "error", "附件2", "H16"),
    "数值单元格填写文字.xlsx": ("not-a-number", "error", "附件2", "F5"),
    "计量单位不一致.xlsx": ("unit-mismatch", "error", "附件2", "F22"),
    "定性指标得分超出档次.xlsx": ("qualitative-score-out-of-band", "error", "附件3-1", "H23"),
}


@pytest.mark.parametrize(("name", "expected"), sorted(FLAWS.items()))
def test_each_flaw_gives_its_finding_and_nothing_else(
    baseline: Analysis, name: str, expected: Key
) -> None:
    flawed = analyse_file(FLAWED / name)
    added = keys(flawed) - keys(baseline)
    removed = keys(baseline) - keys(flawed)
    assert added == {expected}
    if name == "计量单位不一致.xlsx":
        # 4个 cannot be compared with 3家, so that row is no longer checked for over-achievement
        assert removed == {("over-achievement-unexplained", "warning", "附件2", "I22")}
    else:
        assert removed == set()


def test_inserted_and_extra_rows_change_nothing_but_positions(baseline: Analysis) -> None:
    shifted = analyse_file(FLAWED / "插入空行和新增指标行.xlsx")
    by_indicator = {(f.rule, f.severity.value, f.indicator) for f in shifted.evaluation.findings}
    assert by_indicator == {
        (f.rule, f.severity.value, f.indicator) for f in baseline.evaluation.findings
    }
    assert [form.computed for form in shifted.evaluation.forms] == [
        form.computed for form in baseline.evaluation.forms
    ]
    annex2 = shifted.parsed.annex2
    assert annex2 is not None
    assert len(annex2.indicators) == len(baseline.parsed.annex2.indicators) + 1  # type: ignore[union-attr]


def _without_source(path: Path) -> object:
    return parse_grid(read_grid(path)).model_copy(update={"source": ""})


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_resave_parses_the_same(tmp_path: Path) -> None:
    copy = libreoffice_copy(SAMPLE, tmp_path / "lo")
    assert copy.read_bytes() != SAMPLE.read_bytes()
    assert _without_source(copy) == _without_source(SAMPLE)


def test_xlsxwriter_copy_parses_the_same(tmp_path: Path) -> None:
    copy = xlsxwriter_copy(SAMPLE, tmp_path / "copy.xlsx")
    assert _without_source(copy) == _without_source(SAMPLE)


def test_formulas_without_results_are_cache_missing(tmp_path: Path) -> None:
    """Formulas written by a program that never calculated them: every reader sees an empty
    cell, so say what happened instead of "未填写"."""
    import openpyxl

    book = openpyxl.load_workbook(SAMPLE)
    book["附件2"]["F5"] = "=E5"  # 全年执行数, needed for the execution rate
    book["附件1"]["F4"] = "=D4/B4"  # the control rate, a computed cell
    book.save(tmp_path / "formulas.xlsx")
    analysis = analyse_file(tmp_path / "formulas.xlsx")
    found = keys(analysis) - keys(analyse_file(SAMPLE))
    assert found == {
        ("cache-missing", "warning", "附件2", "F5"),
        ("cache-missing", "warning", "附件1", "F4"),
    }
    assert not any(f.rule == "missing-value" for f in analysis.evaluation.findings)


def test_older_template_version_is_a_warning(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(SAMPLE)
    meta = book["_jixiao"]
    for row in meta.iter_rows():
        if row[0].value == "template_version":
            row[1].value = 0
    book.save(tmp_path / "old.xlsx")
    found = keys(analyse_file(tmp_path / "old.xlsx")) - keys(analyse_file(SAMPLE))
    assert found == {("template-outdated", "warning", "_jixiao", "B2")}


def test_unknown_profile_in_the_template_falls_back_with_a_warning(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(SAMPLE)
    for row in book["_jixiao"].iter_rows():
        if row[0].value == "profile":
            row[1].value = "湖南-2025"
    book.save(tmp_path / "profile.xlsx")
    analysis = analyse_file(tmp_path / "profile.xlsx")
    assert analysis.profile.name == "national"
    assert ("profile-unknown", "warning", "_jixiao", "") in keys(analysis)
    with pytest.raises(UnknownProfileError):
        analyse_file(tmp_path / "profile.xlsx", "湖南-2025")
