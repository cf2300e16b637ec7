"""``jixiao check`` end to end on a folder of real workbooks: JSON, review workbook, annotated
copies, indicator export, exit codes, and inputs that stay byte-identical."""

from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from published_form import write_published_form
from typer.testing import CliRunner, Result

from jixiao import batch
from jixiao.batch import CheckTask, Status, check_workbook, run_tasks
from jixiao.cli import _register, app
from jixiao.intake import CRASHED
from jixiao.reports.export import EXPORT_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_workbooks"
FLAWED_DIR = SAMPLES / "有问题的示例"
PUBLISHED = "株洲市科学技术局-公开表.xlsx"
PUBLISHED_SHEET = "附件2 整体支出自评表"
OVER_ACHIEVEMENT = {"I15", "I22", "I23", "I29"}
BROKEN = {"损坏.xlsx": "不是 Excel 工作簿", "空文件.xlsx": "空"}
FLAWED = {
    "缺少偏差原因.xlsx": "missing-deviation-reason",
    "合计数不符.xlsx": "sum-mismatch",
    "得分超过分值.xlsx": "score-exceeds-weight",
    "数值单元格填写文字.xlsx": "not-a-number",
    "计量单位不一致.xlsx": "unit-mismatch",
    "定性指标得分超出档次.xlsx": "qualitative-score-out-of-band",
}
ERROR_FILL, WARNING_FILL = "FFC7CE", "FFEB9C"


def invoke(*args: object) -> Result:
    if not any(command.name == "check" for command in app.registered_commands):
        _register()
    return CliRunner().invoke(app, ["check", *(str(arg) for arg in args)])


def digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def make_returned(folder: Path) -> Path:
    """The published form, copies of the sample workbooks (when present), two broken files and
    two files the walk must skip."""
    folder.mkdir(parents=True)
    write_published_form(folder / PUBLISHED)
    (folder / "损坏.xlsx").write_text("这不是 Excel 文件，只是改了扩展名。", encoding="utf-8")
    (folder / "空文件.xlsx").write_bytes(b"")
    (folder / f"~${PUBLISHED}").write_bytes(b"\x00owner lock")
    shutil.copy(folder / PUBLISHED, folder / "株洲市科学技术局-公开表.备份-20250301-101500.xlsx")
    for sample in sorted(SAMPLES.glob("*.xlsx")):
        (folder / "示例").mkdir(exist_ok=True)
        shutil.copy(sample, folder / "示例" / sample.name)
    for sample in sorted(FLAWED_DIR.glob("*.xlsx")):
        (folder / "示例" / "有问题的示例").mkdir(parents=True, exist_ok=True)
        shutil.copy(sample, folder / "示例" / "有问题的示例" / sample.name)
    return folder


@dataclass
class Run:
    folder: Path
    out: Path
    result: Result
    report: dict[str, Any]
    before: dict[str, str]
    after: dict[str, str]

    def entry(self, name: str) -> dict[str, Any]:
        matches = [item for item in self.report["workbooks"] if item["file"].endswith("/" + name)]
        assert len(matches) == 1, name
        return matches[0]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    base = tmp_path_factory.mktemp("check")
    folder = make_returned(base / "收回")
    out = base / "输出"
    before = digests(folder)
    result = invoke(
        folder, "--profile", "integer-floor", "--jobs", "2", "--json", out / "结果.json",
        "--report", out / "审核报告.xlsx", "--annotate", out / "标注", "--export", out / "指标.csv",
    )
    report = json.loads((out / "结果.json").read_text(encoding="utf-8"))
    return Run(folder, out, result, report, before, digests(folder))


def expected_files(folder: Path) -> set[str]:
    return {
        path.relative_to(folder).as_posix() for path in folder.rglob("*.xlsx")
        if not path.name.startswith("~$") and ".备份-" not in path.name
    }


# --------------------------------------------------------------------------- JSON


def test_json_report_structure(run: Run) -> None:
    report = run.report
    assert run.result.exit_code == 1, run.result.output  # the broken files are errors
    assert set(report) == {"report_version", "tool", "profile", "workbooks", "summary"}
    assert (report["report_version"], report["tool"], report["profile"]) == (1, "jixiao", "integer-floor")
    files = {item["file"].split("收回/", 1)[1] for item in report["workbooks"]}
    assert files == expected_files(run.folder)
    for item in report["workbooks"]:
        assert set(item) == {"file", "status", "department", "year", "forms", "findings"}
        assert item["status"] in ("ok", "findings", "unreadable")
        for form in item["forms"]:
            assert set(form) == {"form", "sheet", "project", "computed"}
            assert all(isinstance(value, str) for value in form["computed"].values())
        for finding in item["findings"]:
            assert set(finding) == {"rule", "severity", "sheet", "cell", "indicator", "message",
                                    "value", "expected"}
    findings = [finding for item in report["workbooks"] for finding in item["findings"]]
    assert report["summary"] == {
        "workbooks": len(report["workbooks"]),
        "errors": sum(finding["severity"] == "error" for finding in findings),
        "warnings": sum(finding["severity"] == "warning" for finding in findings),
        "infos": sum(finding["severity"] == "info" for finding in findings),
    }


def test_published_form_under_integer_floor(run: Run) -> None:
    entry = run.entry(PUBLISHED)
    assert entry["status"] == "findings"
    assert (entry["department"], entry["year"]) == ("株洲市科学技术局", 2024)
    over = [f for f in entry["findings"] if f["rule"] == "over-achievement-unexplained"]
    assert len(over) == 4
    assert all(f["severity"] == "warning" and f["sheet"] == PUBLISHED_SHEET for f in over)
    assert {f["cell"] for f in over} == OVER_ACHIEVEMENT
    assert not [f for f in entry["findings"] if f["severity"] == "error"]
    computed = {form["form"]: form["computed"] for form in entry["forms"]}
    assert computed["annex2"]["total_score"] == "98.00"
    assert computed["annex2"]["grade"] == "优"
    assert computed["annex1"]["staff_control_rate"] == "0.8205"


@pytest.mark.parametrize(("name", "reason"), sorted(BROKEN.items()))
def test_broken_files_are_unreadable_entries(run: Run, name: str, reason: str) -> None:
    entry = run.entry(name)
    assert entry["status"] == "unreadable"
    assert (entry["department"], entry["year"], entry["forms"]) == (None, None, [])
    [finding] = entry["findings"]
    assert (finding["rule"], finding["severity"]) == ("file-unreadable", "error")
    assert reason in finding["message"]
    assert "Traceback" not in run.result.output


@pytest.mark.parametrize(("name", "rule"), sorted(FLAWED.items()))
def test_flawed_samples_report_their_rule(run: Run, name: str, rule: str) -> None:
    if not (FLAWED_DIR / name).exists():
        pytest.skip(f"sample_workbooks/有问题的示例/{name} not generated")
    entry = run.entry(name)
    assert entry["status"] == "findings"
    assert rule in {finding["rule"] for finding in entry["findings"]}


def test_sample_workbook_is_checked(run: Run) -> None:
    if not (SAMPLES / "株洲市科学技术局-2024.xlsx").exists():
        pytest.skip("sample_workbooks/株洲市科学技术局-2024.xlsx not generated")
    entry = run.entry("株洲市科学技术局-2024.xlsx")
    assert entry["status"] != "unreadable"
    assert entry["department"] == "株洲市科学技术局"
    assert {form["form"] for form in entry["forms"]} >= {"annex1", "annex2"}


# --------------------------------------------------------------------------- terminal


def test_terminal_output(run: Run) -> None:
    output = run.result.output
    total = len(run.report["workbooks"])
    assert f"[{total}/{total}]" in output or f"[ {total}/{total}]" in output  # plain progress
    assert "校验结果汇总" in output
    assert f"共检查 {total} 个工作簿" in output
    assert "无法读取" in output
    assert "审核报告" in output and "JSON 报告" in output and "指标明细" in output


# --------------------------------------------------------------------------- review workbook


def test_report_workbook(run: Run) -> None:
    workbook = load_workbook(run.out / "审核报告.xlsx")
    assert workbook.sheetnames == ["汇总", "问题清单"]
    summary = workbook["汇总"]
    rows = list(summary.iter_rows(values_only=True))
    assert rows[0][:9] == ("单位", "年度", "文件", "状态", "总分", "等级", "错误", "警告", "提示")
    assert len(rows) - 1 == len(run.report["workbooks"])
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref
    by_file = {row[2]: row for row in rows[1:]}
    published = next(row for file, row in by_file.items() if str(file).endswith(PUBLISHED))
    assert published[0] == "株洲市科学技术局" and published[1] == 2024
    assert published[3] == "有警告" and float(published[4]) == 98.0 and published[5] == "优"
    assert published[6:9] == (0, 4, 1)
    broken = next(row for file, row in by_file.items() if str(file).endswith("损坏.xlsx"))
    assert broken[3] == "无法读取" and broken[6] == 1
    ranks = [0 if row[6] else 1 if row[7] else 2 for row in rows[1:]]
    assert ranks == sorted(ranks)  # workbooks with errors first

    issues = workbook["问题清单"]
    lines = list(issues.iter_rows(min_row=2))
    assert issues.cell(1, 1).value == "文件" and issues.cell(1, 7).value == "说明"
    assert len(lines) == sum(len(item["findings"]) for item in run.report["workbooks"])
    order = {"错误": 0, "警告": 1, "提示": 2}
    severities = [order[str(line[3].value)] for line in lines]
    assert severities == sorted(severities)  # errors first
    for line in lines:
        fill = line[3].fill.fgColor.rgb[-6:] if line[3].fill.fill_type == "solid" else None
        assert fill == {"错误": ERROR_FILL, "警告": WARNING_FILL}.get(str(line[3].value))
    assert issues.freeze_panes == "A2" and issues.auto_filter.ref
    link = next(line[2].hyperlink for line in lines
                if str(line[0].value).endswith(PUBLISHED) and line[2].value == "I15")
    assert link is not None and link.location == f"'{PUBLISHED_SHEET}'!I15"
    target = (run.out / link.target).resolve()
    assert target == (run.out / "标注" / PUBLISHED).resolve() and target.exists()


# --------------------------------------------------------------------------- annotated copies


def test_annotated_copies(run: Run) -> None:
    copies = {path.relative_to(run.out / "标注").as_posix()
              for path in (run.out / "标注").rglob("*.xlsx")}
    readable = {
        name for name in expected_files(run.folder)
        if run.entry(Path(name).name)["status"] != "unreadable"
    }
    assert copies == readable  # same names, same folders, none for unreadable files
    workbook = load_workbook(run.out / "标注" / PUBLISHED)
    sheet = workbook[PUBLISHED_SHEET]
    for ref in OVER_ACHIEVEMENT:
        cell = sheet[ref]
        assert cell.fill.fgColor.rgb[-6:] == WARNING_FILL
        assert cell.comment is not None and cell.comment.text.startswith("【jixiao】")
    results = workbook["校验结果"]
    cells = {row[4] for row in results.iter_rows(min_row=2, values_only=True)}
    assert OVER_ACHIEVEMENT <= cells
    flawed = run.out / "标注" / "示例" / "有问题的示例" / "缺少偏差原因.xlsx"
    if flawed.exists():
        entry = run.entry("缺少偏差原因.xlsx")
        error = next(f for f in entry["findings"] if f["rule"] == "missing-deviation-reason")
        marked = load_workbook(flawed)[error["sheet"]][error["cell"]]
        assert marked.fill.fgColor.rgb[-6:] == ERROR_FILL


def test_inputs_are_byte_identical(run: Run) -> None:
    assert run.after == run.before


# --------------------------------------------------------------------------- export


def test_export_csv(run: Run) -> None:
    with (run.out / "指标.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    published = [row for row in rows if row["文件"].endswith(PUBLISHED)]
    assert len(published) == 15
    row = next(row for row in published if row["三级指标"] == "地方财政科技支出占比")
    assert (row["单位"], row["年度"], row["工作表"], row["表"]) == (
        "株洲市科学技术局", "2024", PUBLISHED_SHEET, "附件2")
    assert (row["年度指标值"], row["实际完成值"], row["分值"], row["得分"], row["计算得分"]) == (
        "8%", "7.42%", "5", "4", "4")
    assert row["偏差原因分析"].startswith("原因：")
    assert row["一级指标"].startswith("成本指标") and row["二级指标"] == "经济成本指标"
    assert int(row["行号"]) > 13


def test_export_xlsx(tmp_path: Path) -> None:
    folder = tmp_path / "收回"
    folder.mkdir()
    write_published_form(folder / PUBLISHED)
    result = invoke(folder, "--profile", "integer-floor", "--jobs", "1",
                    "--export", tmp_path / "指标.xlsx")
    assert result.exit_code == 0, result.output
    sheet = load_workbook(tmp_path / "指标.xlsx").active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == EXPORT_COLUMNS and len(rows) == 16
    scores = {row[8]: (row[11], row[12], row[13]) for row in rows[1:]}
    assert scores["全社会研发投入总量"] == (5, 4, 4)  # numbers, not text
    assert sheet.freeze_panes == "A2"


# --------------------------------------------------------------------------- formula text


def test_text_starting_with_equals_is_never_a_formula(tmp_path: Path) -> None:
    folder = tmp_path / "收回"
    folder.mkdir()
    path = write_published_form(folder / PUBLISHED)
    workbook = load_workbook(path)
    sheet = workbook[PUBLISHED_SHEET]
    hostile = '=HYPERLINK("http://example.invalid","点我")'
    row = next(r for r in range(1, 40) if sheet.cell(r, 4).value == "新增省级以上科技创新平台")
    sheet.cell(row, 4).value = hostile
    sheet.cell(row, 4).data_type = "s"
    first = next(r for r in range(1, 40) if sheet.cell(r, 4).value == "高新技术企业数")
    sheet.cell(first, 9).value = "-原因：无；措施：无"
    workbook.save(path)
    out = tmp_path / "输出"
    result = invoke(folder, "--profile", "integer-floor", "--jobs", "1", "--report",
                    out / "报告.xlsx", "--export", out / "指标.csv", "--annotate", out / "标注")
    assert result.exit_code == 0, result.output
    exported = invoke(folder, "--jobs", "1", "--export", out / "指标.xlsx")
    assert exported.exit_code == 0, exported.output
    for produced in (out / "报告.xlsx", out / "标注" / PUBLISHED, out / "指标.xlsx"):
        with zipfile.ZipFile(produced) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/sheet"):
                    assert b"<f>" not in archive.read(name), (produced, name)
    issues = load_workbook(out / "报告.xlsx")["问题清单"]
    assert hostile in [row[5] for row in issues.iter_rows(values_only=True)]
    table = load_workbook(out / "指标.xlsx").active
    assert table is not None
    assert hostile in [row[8] for row in table.iter_rows(values_only=True)]
    text = (out / "指标.csv").read_text(encoding="utf-8-sig")
    assert "'" + hostile.replace('"', '""') in text
    assert "'-原因：无；措施：无" in text


# --------------------------------------------------------------------------- exit codes


@pytest.fixture
def clean_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "收回"
    folder.mkdir()
    write_published_form(folder / PUBLISHED)  # four warnings, no error
    return folder


@pytest.mark.parametrize(
    ("extra", "code"),
    [((), 0), (("--fail-on", "error"), 0), (("--fail-on", "warning"), 1),
     (("--fail-on", "never"), 0)],
)
def test_exit_codes_follow_fail_on(clean_folder: Path, extra: tuple[str, ...], code: int) -> None:
    result = invoke(clean_folder, "--profile", "integer-floor", "--jobs", "1", *extra)
    assert result.exit_code == code, result.output


def test_errors_exit_one_unless_never(clean_folder: Path) -> None:
    (clean_folder / "损坏.xlsx").write_text("not a zip", encoding="utf-8")
    assert invoke(clean_folder, "--jobs", "1").exit_code == 1
    assert invoke(clean_folder, "--jobs", "1", "--fail-on", "never").exit_code == 0


def test_usage_and_output_failures_exit_two(clean_folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "是文件"
    blocker.write_text("x", encoding="utf-8")
    empty = tmp_path / "空目录"
    empty.mkdir()
    cases: list[tuple[tuple[object, ...], str]] = [
        ((tmp_path / "不存在",), "找不到"),
        ((empty,), "没有找到可检查的工作簿"),
        ((clean_folder, "--profile", "provincial"), "未知的评分口径"),
        ((clean_folder, "--report", tmp_path / "报告.csv"), ".xlsx"),
        ((clean_folder, "--export", tmp_path / "指标.txt"), ".csv"),
        ((clean_folder, "--json", blocker / "结果.json"), "不是文件夹"),
        ((clean_folder, "--annotate", clean_folder), "覆盖原文件"),
        ((clean_folder, "--report", clean_folder / PUBLISHED), "不能覆盖"),
    ]
    before = digests(clean_folder)
    for args, message in cases:
        result = invoke(*args, "--jobs", "1")
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert digests(clean_folder) == before


def test_xls_is_read_but_not_annotated(clean_folder: Path, tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("附件2")
    sheet.write(0, 0, "2024年度部门（单位）整体支出绩效自评表")
    book.save(str(clean_folder / "旧格式.xls"))
    result = invoke(clean_folder, "--jobs", "1", "--annotate", tmp_path / "标注")
    assert ".xls 文件只读取数值" in result.output
    assert (tmp_path / "标注" / PUBLISHED).exists()
    assert not (tmp_path / "标注" / "旧格式.xls").exists()


def test_real_entry_point_prints_no_traceback(clean_folder: Path) -> None:
    (clean_folder / "损坏.xlsx").write_text("not a zip", encoding="utf-8")
    script = Path(sys.executable).with_name("jixiao")
    if not script.exists():
        pytest.skip("jixiao console script not installed in this environment")
    done = subprocess.run(
        [str(script), "check", str(clean_folder), "--jobs", "2"], capture_output=True,
        text=True, timeout=120, check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "无法读取" in done.stdout


# --------------------------------------------------------------------------- workers


@pytest.mark.parametrize(
    "content", [b"", b"plain text", b"PK\x03\x04truncated", b"<html><table></table></html>"]
)
def test_worker_returns_unreadable_instead_of_raising(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "坏文件.xlsx"
    path.write_bytes(content)
    result = check_workbook(CheckTask(path=str(path), file="收回/坏文件.xlsx"))
    assert result.status is Status.UNREADABLE
    [finding] = result.findings
    assert finding.rule == "file-unreadable" and finding.message.startswith("无法读取此文件")
    assert result.file == "收回/坏文件.xlsx" and result.traceback is None


def test_worker_turns_unexpected_exceptions_into_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_published_form(tmp_path / PUBLISHED)

    def explode(*_: object) -> None:
        raise KeyError("bug")

    monkeypatch.setattr(batch, "analyse_file", explode)
    result = check_workbook(CheckTask(path=str(path), file=PUBLISHED, debug=True))
    assert result.status is Status.UNREADABLE
    assert "KeyError" in result.findings[0].message
    assert result.traceback is not None and "KeyError" in result.traceback


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="patching reaches workers only by fork"
)
def test_a_worker_that_dies_costs_only_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batch.analyse_file

    def analyse(path: Path, profile: str | None = None) -> Any:
        if path.name == "崩溃.xlsx":
            os._exit(3)  # what calamine's abort on an impossible allocation looks like
        return real(path, profile)

    monkeypatch.setattr(batch, "analyse_file", analyse)
    names = ["a.xlsx", "崩溃.xlsx", "b.xlsx", "c.xlsx"]
    for name in names:
        write_published_form(tmp_path / name)
    tasks = [CheckTask(path=str(tmp_path / name), file=name) for name in names]
    results = run_tasks(tasks, jobs=2)
    assert [result.file for result in results] == names
    statuses = {result.file: result.status for result in results}
    assert statuses == {"a.xlsx": Status.FINDINGS, "崩溃.xlsx": Status.UNREADABLE,
                        "b.xlsx": Status.FINDINGS, "c.xlsx": Status.FINDINGS}
    assert results[1].findings[0].message.endswith(CRASHED)


def test_annotated_copies_inside_or_around_the_inputs(tmp_path: Path) -> None:
    folder = make_returned(tmp_path / "收回")
    inside = folder / "标注"
    first = invoke(folder, "--jobs", "1", "--annotate", inside, "--fail-on", "never")
    assert first.exit_code == 0, first.output
    again = invoke(folder, "--jobs", "1", "--annotate", inside, "--json", tmp_path / "r.json",
                   "--fail-on", "never")
    assert again.exit_code == 0, again.output
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    files = [item["file"] for item in report["workbooks"]]
    assert not [file for file in files if "/标注/" in file]  # copies are never re-checked
    before = digests(folder)
    around = invoke(folder, "--jobs", "1", "--annotate", tmp_path, "--fail-on", "never")
    assert around.exit_code == 0, around.output  # a folder that contains the inputs: still found
    assert (tmp_path / PUBLISHED).exists()
    assert digests(folder) == before
