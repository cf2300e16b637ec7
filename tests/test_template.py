"""The annex template, its committed copies, and the sample workbooks.

Everything is checked on real files written under ``tmp_path`` and read back with openpyxl, the
way a finance bureau's copy would be opened.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from published_form import SEED_INDICATORS as PUBLISHED_INDICATORS
from typer.testing import CliRunner

from jixiao.layout import (
    ANNEX1,
    ANNEX2,
    ANNEX3,
    INDICATOR_HEADER_NAME,
    LEVEL3,
    META_SHEET,
    PROJECT_ROW_LABELS,
    TEMPLATE_ID,
    TEMPLATE_VERSION,
    FormLayout,
    Role,
    defined_name,
)
from jixiao.template import (
    Annex1Content,
    Annex2Content,
    Annex3Content,
    add_project_sheet,
    build_template,
    save_workbook,
    workbook_bytes,
)
from jixiao.template.builder import _annex1_data, _annex2_data, _annex3_data
from jixiao.template.command import template_command, template_filename
from jixiao.template.styles import COMPUTED_COLOR, INPUT_COLOR

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "workbook_templates"
SAMPLES = ROOT / "sample_workbooks"
YEAR = 2024
PROFILES = ("national", "integer-floor")
LAYOUT_BY_FORM = {"annex1": ANNEX1, "annex2": ANNEX2, "annex3": ANNEX3}


# ---------------------------------------------------------------------------------------------
# helpers


def _load_make_samples() -> ModuleType:
    """``sample_workbooks/make_samples.py`` is a script, not a package module."""
    name = "make_samples"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SAMPLES / "make_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _forms(workbook: Workbook) -> list[tuple[str, str]]:
    return [
        (str(row[1]), str(row[2]))
        for row in workbook[META_SHEET].iter_rows(min_col=1, max_col=3, values_only=True)
        if row[0] == "form"
    ]


def _annex_sheets(workbook: Workbook) -> Iterator[tuple[Worksheet, FormLayout]]:
    for name, form in _forms(workbook):
        yield workbook[name], LAYOUT_BY_FORM[form]


def _coord(sheet: Worksheet, name: str) -> tuple[int, int]:
    text = sheet.defined_names[name].attr_text
    match = re.search(r"!\$([A-Z]+)\$(\d+)", text)
    assert match is not None, text
    return int(match.group(2)), openpyxl.utils.column_index_from_string(match.group(1))


def _named(sheet: Worksheet, key: str) -> Any:
    row, col = _coord(sheet, defined_name(key))
    return sheet.cell(row, col).value


def _substitute(text: str) -> str:
    return text.replace("{year}", str(YEAR)).replace("{prev}", str(YEAR - 1))


def _snapshot(path: Path) -> dict[str, Any]:
    """What a person sees and what the tool relies on, per sheet; not the bytes."""
    workbook = openpyxl.load_workbook(path)
    sheets: dict[str, Any] = {"__order__": workbook.sheetnames}
    for sheet in workbook.worksheets:
        cells = {}
        for row in sheet.iter_rows():
            for cell in row:
                style = (cell.number_format, cell.fill.fill_type, cell.fill.fgColor.rgb,
                         cell.font.b, getattr(cell.border.left, "style", None),
                         cell.protection.locked)
                if cell.value is not None or cell.has_style:
                    cells[cell.coordinate] = (cell.value, style)
        sheets[sheet.title] = {
            "state": sheet.sheet_state,
            "cells": cells,
            "merges": sorted(str(merged) for merged in sheet.merged_cells.ranges),
            "names": {key: value.attr_text for key, value in sheet.defined_names.items()},
            "validations": sorted(
                (str(dv.sqref), dv.type, dv.formula1, dv.errorStyle, dv.showErrorMessage)
                for dv in sheet.data_validations.dataValidation
            ),
            "print": (sheet.page_setup.paperSize, sheet.page_setup.orientation,
                      sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight,
                      sheet.print_title_rows, sheet.print_area, sheet.freeze_panes),
            "widths": {key: dim.width for key, dim in sheet.column_dimensions.items()},
            "heights": {key: dim.height for key, dim in sheet.row_dimensions.items()},
        }
    return sheets


@pytest.fixture(scope="module")
def template_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("template")
    template_command(year=YEAR, profile="national", out=out)
    return out / template_filename(YEAR)


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("samples")
    paths = _load_make_samples().write_samples(out)
    return {path.name: path for path in paths}


@pytest.fixture(scope="module")
def sample(samples: dict[str, Path]) -> Workbook:
    return openpyxl.load_workbook(samples["株洲市科学技术局-2024.xlsx"])


# ---------------------------------------------------------------------------------------------
# the template


@pytest.mark.parametrize("profile", PROFILES)
def test_committed_templates_regenerate(tmp_path: Path, profile: str) -> None:
    runner = CliRunner()
    from jixiao.cli import _register, app

    _register()
    result = runner.invoke(
        app, ["template", "--year", str(YEAR), "--profile", profile, "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "已生成模板" in result.output
    committed = TEMPLATES / profile / template_filename(YEAR)
    assert _snapshot(tmp_path / template_filename(YEAR)) == _snapshot(committed)


def test_unknown_profile_is_a_chinese_error(tmp_path: Path) -> None:
    from jixiao.cli import _register, app

    _register()
    result = CliRunner().invoke(
        app, ["template", "--year", str(YEAR), "--profile", "provincial", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "未知的评分口径" in result.output
    assert not list(tmp_path.iterdir())


def test_same_content_gives_same_bytes() -> None:
    first = workbook_bytes(build_template(year=YEAR, profile="national"))
    second = workbook_bytes(build_template(year=YEAR, profile="national"))
    assert first == second
    assert workbook_bytes(build_template(year=YEAR + 1, profile="national")) != first


def test_template_sheets_and_meta(template_path: Path) -> None:
    workbook = openpyxl.load_workbook(template_path)
    assert workbook.sheetnames == ["附件1", "附件2", "附件3", META_SHEET]
    meta = workbook[META_SHEET]
    assert meta.sheet_state == "hidden"
    assert [tuple(row) for row in meta.iter_rows(max_col=3, values_only=True)] == [
        ("template_id", TEMPLATE_ID, None),
        ("template_version", TEMPLATE_VERSION, None),
        ("year", YEAR, None),
        ("profile", "national", None),
        ("form", "附件1", "annex1"),
        ("form", "附件2", "annex2"),
        ("form", "附件3", "annex3"),
        ("marked", None, None),
    ]
    assert workbook.properties.created is not None
    assert workbook.properties.created.year == YEAR + 1


def test_titles_and_year_headers(template_path: Path) -> None:
    workbook = openpyxl.load_workbook(template_path)
    assert workbook["附件1"]["A2"].value == "2024年度部门（单位）整体支出绩效评价基础数据表"
    assert workbook["附件2"]["A2"].value == "2024年度部门（单位）整体支出绩效自评表"
    assert workbook["附件3"]["A2"].value == "项目支出绩效自评表"
    assert workbook["附件3"]["A3"].value == "（2024年度）"
    texts = {cell.value for row in workbook["附件1"].iter_rows() for cell in row}
    assert {"2023年决算数", "2024年预算数", "2024年决算数", "2024年实际在职人数"} <= texts
    assert not any("{" in str(text) for text in texts if text)


def test_every_named_field_sits_at_its_anchor(template_path: Path) -> None:
    workbook = openpyxl.load_workbook(template_path)
    for sheet, layout in _annex_sheets(workbook):
        rows = {spec.key: spec for spec in layout.rows}
        for key, (spec, slot) in layout.named_fields().items():
            row, col = _coord(sheet, defined_name(key))
            assert col == slot.col, (sheet.title, key)
            if spec.anchors:
                labels = {sheet.cell(row, c).value for c in range(1, layout.width + 1)}
                assert _substitute(spec.anchors[0]) in labels, (sheet.title, key)
            else:  # a value row under its header row: the column header sits right above
                header_row = list(rows).index(spec.key) - 1
                assert list(rows.values())[header_row].header
                assert sheet.cell(row - 1, col).value == _substitute(slot.header), key
        if "indicator.header" in rows:
            header = sheet.defined_names[INDICATOR_HEADER_NAME].attr_text
            match = re.search(r"\$A\$(\d+):\$I\$(\d+)$", header)
            assert match is not None and match.group(1) == match.group(2)
            assert sheet.cell(int(match.group(1)), 4).value == LEVEL3


def test_every_named_field_is_filled_from_content() -> None:
    adapters = (
        (ANNEX1, _annex1_data(Annex1Content())),
        (ANNEX2, _annex2_data(Annex2Content())),
        (ANNEX3, _annex3_data(Annex3Content())),
    )
    for layout, data in adapters:
        assert set(layout.named_fields()) <= set(data.values), layout.form


def test_template_defaults(template_path: Path) -> None:
    workbook = openpyxl.load_workbook(template_path)
    annex1, annex2, annex3 = workbook["附件1"], workbook["附件2"], workbook["附件3"]
    assert _named(annex2, "funds.weight") == 10
    assert _named(annex3, "funds.weight") == 10
    projects_row, _ = _coord(annex1, "jx_expense_projects_final")
    labels = [annex1.cell(row, 1).value for row in range(projects_row + 1, projects_row + 4)]
    assert tuple(labels) == PROJECT_ROW_LABELS
    building_row, _ = _coord(annex1, "jx_thrift_measures")
    assert annex1.cell(building_row - 3, 1).value.startswith("楼堂馆所控制情况")
    level1 = [annex2.cell(row, 2).value for row in range(1, annex2.max_row + 1)]
    assert [text for text in level1 if text and "分）" in text] == [
        "产出指标（40分）", "效益指标（20分）", "满意度指标（10分）", "成本指标（20分）"
    ]
    level1 = [annex3.cell(row, 2).value for row in range(1, annex3.max_row + 1)]
    assert [text for text in level1 if text and "分）" in text] == [
        "产出指标（50分）", "效益指标（30分）", "满意度指标（10分）"
    ]
    level2 = [annex3.cell(row, 3).value for row in range(1, annex3.max_row + 1)]
    assert "成本指标" in level2 and "服务对象满意度指标" in level2
    # one blank row per 二级指标, the 一级 label merged down over its rows
    assert "B14:B17" in {str(merged) for merged in annex3.merged_cells.ranges}


def test_styles_roles_and_no_formulas(template_path: Path) -> None:
    workbook = openpyxl.load_workbook(template_path)
    for sheet, layout in _annex_sheets(workbook):
        for key, (_spec, slot) in layout.named_fields().items():
            cell = sheet.cell(*_coord(sheet, defined_name(key)))
            if slot.role is Role.COMPUTED:
                assert cell.fill.fgColor.rgb == COMPUTED_COLOR, key
                assert cell.value is None, key
                assert cell.protection.locked
            else:
                assert cell.fill.fgColor.rgb == INPUT_COLOR, key
                assert not cell.protection.locked, key
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
    annex2 = workbook["附件2"]
    assert annex2.cell(*_coord(annex2, "jx_funds_initial")).number_format == "0.00"
    assert annex2.cell(*_coord(annex2, "jx_funds_rate")).number_format == "0.00%"
    assert annex2.cell(*_coord(annex2, "jx_funds_score")).number_format == "0.00"
    annex1 = workbook["附件1"]
    assert annex1.cell(*_coord(annex1, "jx_staff_quota")).number_format == "0"
    assert annex1.cell(*_coord(annex1, "jx_expense_three_public_final")).number_format == "0.00"


def test_validations_inform_and_stay_inline(template_path: Path) -> None:
    workbook = openpyxl.load_workbook(template_path)
    for name in ("附件2", "附件3"):
        validations = workbook[name].data_validations.dataValidation
        assert len(validations) == 2
        by_column = {str(dv.sqref)[0]: dv for dv in validations}
        level1, actual = by_column["B"], by_column["F"]
        assert level1.type == actual.type == "list"
        assert level1.formula1.startswith('"产出指标（')
        assert level1.errorStyle == "information"
        assert actual.formula1 == (
            '"达成年度指标,部分达成年度指标并具有一定效果,未达成年度指标且效果较差"'
        )
        assert not actual.showErrorMessage  # numbers are fine here
        assert actual.showInputMessage and actual.prompt
    with zipfile.ZipFile(template_path) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/"):
                assert b"x14:" not in archive.read(member), member


def test_print_setup_survives_round_trip(template_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.xlsx"
    openpyxl.load_workbook(template_path).save(copy)
    workbook = openpyxl.load_workbook(copy)
    for sheet, layout in _annex_sheets(workbook):
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.page_setup.orientation == "portrait"
        assert int(sheet.page_setup.fitToWidth) == 1
        assert int(sheet.page_setup.fitToHeight) == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.freeze_panes in ("A3", "A4")
        if layout is ANNEX1:
            assert sheet.print_title_rows == "$2:$2"
        else:
            row, _ = _coord(sheet, INDICATOR_HEADER_NAME)
            assert sheet.print_title_rows == f"${row}:${row}"
        assert sheet.print_area.endswith(f"$I${sheet.max_row}") or layout is ANNEX1


# ---------------------------------------------------------------------------------------------
# 新增项目表


def test_add_project_sheet(tmp_path: Path) -> None:
    workbook = build_template(year=YEAR, profile="integer-floor")
    added = add_project_sheet(workbook)
    assert added.title == "附件3-2"
    add_project_sheet(workbook, Annex3Content(project_name="第三个项目"))
    path = tmp_path / "projects.xlsx"
    save_workbook(workbook, path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["附件1", "附件2", "附件3-1", "附件3-2", "附件3-3", META_SHEET]
    assert _forms(workbook)[2:] == [
        ("附件3-1", "annex3"), ("附件3-2", "annex3"), ("附件3-3", "annex3")
    ]
    meta_rows = [row[0] for row in workbook[META_SHEET].iter_rows(max_col=1, values_only=True)]
    assert meta_rows[-1] == "marked"
    for name in ("附件3-1", "附件3-2", "附件3-3"):
        sheet = workbook[name]
        names = sheet.defined_names
        assert set(names) == {defined_name(key) for key in ANNEX3.named_fields()} | {
            INDICATOR_HEADER_NAME
        }
        assert all(value.attr_text.startswith(f"'{name}'!") for value in names.values())
        assert sheet["A3"].value == "（2024年度）"
        assert sheet.print_title_rows
    assert _named(workbook["附件3-3"], "project.name") == "第三个项目"


def test_add_project_sheet_keeps_marks_and_user_names() -> None:
    workbook = build_template(year=YEAR, profile="national")
    workbook[META_SHEET].append(("marked", "附件3", "H5"))
    add_project_sheet(workbook)
    marked = [row for row in workbook[META_SHEET].values if row[0] == "marked" and row[1]]
    assert marked == [("marked", "附件3-1", "H5")]
    workbook["附件3-2"].title = "科技专项"  # a sheet the user renamed keeps its name
    workbook[META_SHEET]["B8"] = "科技专项"
    assert add_project_sheet(workbook).title == "附件3-3"
    assert "科技专项" in workbook.sheetnames


def test_add_project_sheet_needs_meta() -> None:
    workbook = build_template(year=YEAR, profile="national")
    del workbook[META_SHEET]
    with pytest.raises(ValueError, match="_jixiao"):
        add_project_sheet(workbook)


# ---------------------------------------------------------------------------------------------
# the sample workbooks

SEED_EXPENSES = {
    "three_public": (18.24, 46, 38.67),
    "vehicles": (16, 32, 29.7),
    "vehicle_purchase": (0, 18, 17.98),
    "vehicle_running": (16, 14, 11.72),
    "overseas": (0, 10, 7.9),
    "reception": (2.24, 4, 1.07),
    "projects": (2385.06, 3614.4, 1864.05),
    "public": (236.55, 244.14, 244.1),
    "office": (105.01, 142.14, 140.19),
    "utilities_travel": (10.18, 10.5, 10.69),
    "meetings_training": (1.36, 1, 0),
    "procurement": ("——", 289, 187),
    "basic_adjustment": ("——", 0, 8.58),
}

# The seed's indicator rows (shared with the published-form fixture), plus the seed's empty
# 生态环境成本指标 row, which the template keeps as a 二级 row without an indicator.
SEED_INDICATORS = [
    *PUBLISHED_INDICATORS,
    ("成本指标（20分）", "生态环境成本指标", None, None, None, None, None, None),
]


def _indicator_rows(sheet: Worksheet) -> list[tuple[Any, ...]]:
    """Indicator rows as a reader sees them: merged 一级/二级 cells show their top value."""
    header, _ = _coord(sheet, INDICATOR_HEADER_NAME)
    total, _ = _coord(sheet, "jx_total_score")
    shown: dict[tuple[int, int], Any] = {}
    for merged in sheet.merged_cells.ranges:
        top = sheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                shown[(row, col)] = top
    return [
        tuple(shown.get((row, col), sheet.cell(row, col).value) for col in range(2, 10))
        for row in range(header + 1, total)
    ]


def test_sample_annex1_holds_the_seed_figures(sample: Workbook) -> None:
    sheet = sample["附件1"]
    assert (_named(sheet, "staff.quota"), _named(sheet, "staff.actual")) == (39, 32)
    assert _named(sheet, "staff.control_rate") == 0.8205
    for key, (prev, budget, final) in SEED_EXPENSES.items():
        if prev == "——":
            row, _ = _coord(sheet, f"jx_expense_{key}_budget")
            assert sheet.cell(row, 2).value == "——", key
        else:
            assert _named(sheet, f"expense.{key}.prev_final") == prev, key
        assert _named(sheet, f"expense.{key}.budget") == budget, key
        assert _named(sheet, f"expense.{key}.final") == final, key
    projects_row, _ = _coord(sheet, "jx_expense_projects_final")
    projects = [
        tuple(sheet.cell(row, col).value for col in (1, 2, 4, 6))
        for row in range(projects_row + 1, projects_row + 4)
    ]
    assert projects == [
        ("1、业务经费", 449.06, 14.4, 0),
        ("2、运行维护经费", 0, 0, 0),
        ("3、市级专项资金（一个专项一行）", 1936, 3600, 1864.05),
    ]
    assert sheet.cell(projects_row + 4, 1).value == "公用经费"
    building_row, _ = _coord(sheet, "jx_thrift_measures")
    assert [sheet.cell(building_row - 1, col).value for col in range(1, 8)] == [
        None, 0, 0, 0, 0, 0, 0
    ]
    assert sheet.cell(building_row - 2, 1).value.startswith("楼堂馆所控制情况")


def test_sample_annex2_holds_the_seed_figures(sample: Workbook) -> None:
    sheet = sample["附件2"]
    assert _named(sheet, "unit.name") == "株洲市科学技术局"
    funds = [_named(sheet, f"funds.{key}")
             for key in ("initial", "adjusted", "executed", "weight", "rate", "score")]
    assert funds == [974.62, 1387.53, 1387.53, 10, 1.0, 10.0]
    assert sheet.cell(*_coord(sheet, "jx_funds_rate")).number_format == "0.00%"
    income = [_named(sheet, f"income.{key}")
              for key in ("general", "fund", "special_account", "other")]
    assert income == [1387.53, 0, 0, 0]
    assert (_named(sheet, "expenditure.basic"), _named(sheet, "expenditure.project")) == (
        965.72, 421.81
    )
    assert _named(sheet, "goal.expected").startswith("全力引导企业加大研发投入；")
    assert _named(sheet, "goal.expected").endswith("完善技术转移服务平台")
    assert _named(sheet, "goal.actual").startswith("株洲位列“全国城市创新能力评价”第 35 位")
    assert _named(sheet, "goal.actual").endswith("获全省创新提升行动通报表扬。")
    assert _indicator_rows(sheet) == SEED_INDICATORS
    assert (_named(sheet, "total.weight"), _named(sheet, "total.score")) == (100, 98)
    assert sample[META_SHEET]["B4"].value == "integer-floor"


def test_sample_projects_are_illustrative_and_met(sample: Workbook) -> None:
    assert [name for name, form in _forms(sample) if form == "annex3"] == ["附件3-1", "附件3-2"]
    special, frozen = sample["附件3-1"], sample["附件3-2"]
    assert _named(special, "project.name") == "科技发展专项经费"
    assert [_named(special, f"funds.{key}") for key in ("initial", "adjusted", "executed")] == [
        3600, 1864.05, 1864.05
    ]
    assert _named(special, "source.current.adjusted") == 1864.05
    assert _named(frozen, "project.name") == "打造科技创新高地工作经费"
    assert [_named(frozen, f"funds.{key}") for key in ("initial", "adjusted", "executed")] == [
        14.4, 0, 0
    ]
    for sheet in (special, frozen):
        assert _named(sheet, "project.department") == "株洲市科学技术局"
        note_row = _coord(sheet, "jx_footer_filler")[0] + 2
        assert sheet.cell(note_row, 1).value == "注：本表指标为依据自评报告正文编写的示例，非原表内容。"
        rows = [row for row in _indicator_rows(sheet) if row[2] is not None]
        weights = sum(row[5] for row in rows) + _named(sheet, "funds.weight")
        assert weights == 100
        for row in rows:
            target, actual = (float(re.sub(r"[^\d.]", "", str(v))) for v in row[3:5])
            if str(row[3]).startswith("≤"):
                assert actual <= target and actual > 0.8 * target, row
            elif row[6] == row[5]:
                assert target <= actual < 1.2 * target, row
            else:
                assert row[7], row  # a row that lost points explains why
    assert sum(row[6] for row in _indicator_rows(special) if row[6] is not None) == 90


CHANGED_CELLS = {
    "缺少偏差原因.xlsx": 1,
    "合计数不符.xlsx": 1,
    "得分超过分值.xlsx": 2,  # the score and the total that follows it
    "数值单元格填写文字.xlsx": 1,
    "计量单位不一致.xlsx": 1,
    "定性指标得分超出档次.xlsx": 6,  # name, target, actual, score, reason, total of one row
}


def _values(workbook: Workbook) -> dict[tuple[str, str], Any]:
    return {
        (sheet.title, cell.coordinate): cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


@pytest.mark.parametrize("name", sorted(CHANGED_CELLS))
def test_flawed_sample_differs_in_one_place(
    samples: dict[str, Path], sample: Workbook, name: str
) -> None:
    good, flawed = _values(sample), _values(openpyxl.load_workbook(samples[name]))
    changed = {key for key in good.keys() | flawed.keys() if good.get(key) != flawed.get(key)}
    assert len(changed) == CHANGED_CELLS[name], sorted(changed)
    assert len({sheet for sheet, _ in changed}) == 1


def test_inserted_rows_keep_names_merges_and_validations(
    samples: dict[str, Path], sample: Workbook
) -> None:
    flawed = openpyxl.load_workbook(samples["插入空行和新增指标行.xlsx"])
    good_sheet, sheet = sample["附件2"], flawed["附件2"]
    assert sheet.max_row == good_sheet.max_row + 3
    assert _coord(sheet, "jx_funds_initial") == _coord(good_sheet, "jx_funds_initial")
    assert _coord(sheet, "jx_income_general")[0] == _coord(good_sheet, "jx_income_general")[0] + 1
    assert _coord(sheet, "jx_total_score")[0] == _coord(good_sheet, "jx_total_score")[0] + 3
    assert _named(sheet, "total.score") == 98
    rows = _indicator_rows(sheet)
    assert len(rows) == len(SEED_INDICATORS) + 2
    assert ("产出指标（40分）", "数量指标", "科技型中小企业备案数", "2000家", "2000家", 5, 5,
            None) in rows
    assert ("产出指标（40分）", "质量指标", None, None, None, None, None, None) in rows
    band = next(m for m in sheet.merged_cells.ranges if m.min_col == 1 and m.min_row == 4)
    assert (band.min_row, band.max_row) == (4, 11)
    header, _ = _coord(sheet, INDICATOR_HEADER_NAME)
    total, _ = _coord(sheet, "jx_total_score")
    for validation in sheet.data_validations.dataValidation:
        assert str(validation.sqref)[1:].split(":") == [
            str(header + 1), f"{str(validation.sqref)[0]}{total - 1}"
        ]
    assert sheet.print_title_rows == f"${header}:${header}"


def test_committed_samples_are_up_to_date(samples: dict[str, Path]) -> None:
    for name, path in samples.items():
        committed = SAMPLES / name
        if not committed.exists():
            committed = SAMPLES / "有问题的示例" / name
        assert committed.exists(), name
        assert _snapshot(path) == _snapshot(committed), name
