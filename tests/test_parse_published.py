"""Parsing reproduces every seed figure of 附件1 and 附件2, from two very different workbooks:
the sample made from the template, and one typed from the published form (no template, no
defined names, values inside labels, renamed sheets, a blank row inserted).

Every expected number below is copied from the seed text (附件1 and 附件2 of the 2024 report of
株洲市科学技术局), not from the code's output.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from published_form import SEED_INDICATORS, write_published_form

from jixiao.grid import Grid
from jixiao.models import ParsedWorkbook
from jixiao.parse import parse_grid
from jixiao.readers.calamine_reader import read_grid

D = Decimal

SEED_ANNEX1_EXPENSES = {
    # key: (2023年决算数, 2024年预算数, 2024年决算数)
    "three_public": ("18.24", "46", "38.67"),
    "vehicles": ("16", "32", "29.7"),
    "vehicle_purchase": ("0", "18", "17.98"),
    "vehicle_running": ("16", "14", "11.72"),
    "overseas": ("0", "10", "7.9"),
    "reception": ("2.24", "4", "1.07"),
    "projects": ("2385.06", "3614.4", "1864.05"),
    "public": ("236.55", "244.14", "244.1"),
    "office": ("105.01", "142.14", "140.19"),
    "utilities_travel": ("10.18", "10.5", "10.69"),
    "meetings_training": ("1.36", "1", "0"),
    "procurement": (None, "289", "187"),
    "basic_adjustment": (None, "0", "8.58"),
}
SEED_PROJECTS = [
    ("1、业务经费", "449.06", "14.4", "0"),
    ("2、运行维护经费", "0", "0", "0"),
    ("3、市级专项资金（一个专项一行）", "1936", "3600", "1864.05"),
]


SAMPLE = Path(__file__).parent.parent / "sample_workbooks" / "株洲市科学技术局-2024.xlsx"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_published_form(tmp_path_factory.mktemp("published") / "市科技局.xlsx")


@pytest.fixture(scope="module", params=["published", "sample"])
def parsed(request: pytest.FixtureRequest, published: Path) -> ParsedWorkbook:
    path = published if request.param == "published" else SAMPLE
    return parse_grid(read_grid(path))


def _d(value: str | None) -> Decimal | None:
    return None if value is None else D(value)


def test_annex1_seed_figures(parsed: ParsedWorkbook) -> None:
    annex1 = parsed.annex1
    assert annex1 is not None
    assert annex1.sheet in ("附件1 基础数据表", "附件1")
    assert annex1.year == 2024
    assert (annex1.staff_quota.value, annex1.staff_actual.value) == (D(39), D(32))
    assert annex1.staff_control_rate.rate().value == D("0.8205")
    assert annex1.staff_control_rate.cell == "F4"  # both layouts put it there
    for key, (prev, budget, final) in SEED_ANNEX1_EXPENSES.items():
        line = annex1.expenses[key]
        assert (line.prev_final.value, line.budget.value, line.final.value) == (
            _d(prev), _d(budget), _d(final)
        ), key
    assert annex1.expenses["procurement"].prev_final.text == "——"
    assert annex1.expenses["basic_adjustment"].prev_final.text == "——"
    projects = [(p.label, p.prev_final.value, p.budget.value, p.final.value)
                for p in annex1.projects]
    assert projects == [(label, D(a), D(b), D(c)) for label, a, b, c in SEED_PROJECTS]
    assert len(annex1.buildings) == 1
    assert annex1.buildings[0].approved_scale.value == 0
    assert annex1.thrift is not None and annex1.thrift.text == ""


def test_annex2_seed_figures(parsed: ParsedWorkbook) -> None:
    annex2 = parsed.annex2
    assert annex2 is not None
    assert annex2.sheet in ("附件2 整体支出自评表", "附件2")
    assert annex2.unit_name.text == "株洲市科学技术局"
    funds = annex2.funds
    assert (funds.initial.value, funds.adjusted.value, funds.executed.value) == (
        D("974.62"), D("1387.53"), D("1387.53")
    )
    assert funds.weight is not None and funds.weight.value == 10
    assert funds.rate is not None and funds.rate.rate().value == D(1)
    assert funds.score is not None and funds.score.value == D(10)
    assert {line.key: line.amount.value for line in annex2.income} == {
        "general": D("1387.53"), "fund": D(0), "special_account": D(0), "other": D(0)
    }
    assert {line.key: line.amount.value for line in annex2.expenditure} == {
        "basic": D("965.72"), "project": D("421.81")
    }
    assert [(g.name, g.stated_weight) for g in annex2.groups] == [
        ("产出指标", D(40)), ("效益指标", D(20)), ("满意度指标", D(10)), ("成本指标", D(20))
    ]
    rows = [
        (i.level1, i.level2, i.name.text, i.target.text, i.actual.text, i.weight.value,
         i.score.value, i.reason.text or None)
        for i in annex2.indicators
    ]
    expected = [
        (level1.split("（")[0], level2, name, target, actual, D(weight), D(score), reason)
        for level1, level2, name, target, actual, weight, score, reason in SEED_INDICATORS
    ]
    assert rows == expected
    assert annex2.totals is not None
    assert (annex2.totals.weight.value, annex2.totals.score.value) == (D(100), D(98))
    assert annex2.goal_expected is not None and annex2.goal_expected.text.startswith("全力引导")


def test_no_template_gives_one_info(published: Path) -> None:
    parsed = parse_grid(read_grid(published))
    assert parsed.template is None
    assert [(p.rule, p.severity.value) for p in parsed.problems] == [("not-from-template", "info")]


def test_sample_is_from_the_template() -> None:
    parsed = parse_grid(read_grid(SAMPLE))
    assert parsed.template is not None
    assert (parsed.template.year, parsed.template.profile) == (2024, "integer-floor")
    assert parsed.problems == []
    assert [p.project_name.text for p in parsed.annex3] == ["科技发展专项经费", "打造科技创新高地工作经费"]
    first, frozen = parsed.annex3
    assert (first.funds.initial.value, first.funds.adjusted.value, first.funds.executed.value) == (
        D(3600), D("1864.05"), D("1864.05")  # 3600 − 压减 1735.95 = 1864.05, all spent
    )
    assert (frozen.funds.initial.value, frozen.funds.adjusted.value,
            frozen.funds.executed.value) == (D("14.4"), D(0), D(0))  # 14.4 frozen, 0 spent


@pytest.mark.parametrize("which", ["published", "sample"])
def test_parses_without_merge_information(published: Path, which: str) -> None:
    """xlwings' remote engine gives no merged ranges: the result must not change."""
    grid = read_grid(published if which == "published" else SAMPLE)
    parsed = parse_grid(grid)
    flat = Grid(
        sheets=tuple(dataclasses.replace(sheet, merges=(), _merge_index={})
                     for sheet in grid.sheets),
        names=grid.names,
        source=grid.source,
    )
    assert parse_grid(flat) == parsed


@pytest.mark.parametrize("which", ["published", "sample"])
def test_parses_without_defined_names(published: Path, which: str) -> None:
    """Names lost (another program, a copy-paste): the labels still find every field."""
    grid = read_grid(published if which == "published" else SAMPLE)
    assert parse_grid(dataclasses.replace(grid, names=())) == parse_grid(grid)


def test_unrelated_workbook_is_template_unknown(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "工资表"
    workbook.save(tmp_path / "other.xlsx")
    parsed = parse_grid(read_grid(tmp_path / "other.xlsx"))
    assert parsed.annex1 is None and parsed.annex2 is None and parsed.annex3 == []
    assert [(p.rule, p.severity.value) for p in parsed.problems] == [("template-unknown", "error")]
