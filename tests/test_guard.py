"""Hostile files are refused with a Chinese reason before any parser sees them (spec §9)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hostile_corpus import SECRET, write_corpus

from jixiao.errors import UnreadableWorkbookError
from jixiao.readers.calamine_reader import read_grid

REFUSED = {
    "不是压缩包.xlsx": "不是 Excel 工作簿",
    "空文件.xlsx": "文件是空的",
    "截断.xlsx": "损坏",
    "加密.xlsx": "加密",
    "压缩炸弹.xlsx": "压缩炸弹",
    "实体炸弹.xlsx": "实体",
    "外部实体.xlsx": "实体",
    "超远单元格.xlsx": "数据范围过大",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return write_corpus(folder / "收回", folder / "secret.txt")


@pytest.mark.parametrize(("name", "reason"), sorted(REFUSED.items()))
def test_refused_with_reason(corpus: dict[str, Path], name: str, reason: str) -> None:
    started = time.monotonic()
    with pytest.raises(UnreadableWorkbookError) as raised:
        read_grid(corpus[name])
    assert reason in str(raised.value)
    assert SECRET not in str(raised.value)
    assert time.monotonic() - started < 10


def test_giant_dimension_reads_sparse(corpus: dict[str, Path]) -> None:
    grid = read_grid(corpus["超大范围.xlsx"])
    assert grid.sheets[0].cells[(2, 2)] == 1
    assert len(grid.sheets[0].cells) == 2


def test_legacy_xls_reads_values(corpus: dict[str, Path]) -> None:
    grid = read_grid(corpus["旧格式.xls"])
    assert grid.sheets[0].name == "附件2"
    assert grid.sheets[0].cells[(3, 4)] == "株洲市示例局"
    assert grid.names == ()


def test_macro_workbook_reads_without_running(corpus: dict[str, Path]) -> None:
    grid = read_grid(corpus["含宏.xlsm"])
    assert grid.sheets


def test_check_on_the_hostile_corpus(tmp_path: Path, corpus: dict[str, Path]) -> None:
    """``jixiao check`` on every hostile file next to a good sample: each one reported, the good
    one checked, no traceback, nothing from the planted local file in any output, and within
    30 s and 500 MB."""
    import json
    import resource
    import shutil
    import subprocess
    import sys
    import zipfile

    folder = tmp_path / "收回"
    shutil.copytree(next(iter(corpus.values())).parent, folder)
    good = Path(__file__).parent.parent / "sample_workbooks" / "株洲市科学技术局-2024.xlsx"
    shutil.copy2(good, folder / "市科技局.xlsx")
    out = tmp_path / "out"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "jixiao", "check", str(folder), "--json", str(out / "r.json"),
         "--report", str(out / "r.xlsx"), "--annotate", str(out / "标注"), "--jobs", "2"],
        capture_output=True, text=True, timeout=120,
    )
    elapsed = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert result.returncode == 1, result.stderr
    assert elapsed < 30
    assert peak_mb < 500
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    report = json.loads((out / "r.json").read_text(encoding="utf-8"))
    by_name = {Path(entry["file"]).name: entry for entry in report["workbooks"]}
    assert set(by_name) == {path.name for path in folder.iterdir()}
    assert by_name["市科技局.xlsx"]["status"] == "findings"
    assert by_name["市科技局.xlsx"]["department"] == "株洲市科学技术局"
    for name in REFUSED:
        assert by_name[name]["status"] == "unreadable", name
        assert by_name[name]["findings"][0]["rule"] == "file-unreadable"
    assert by_name["旧格式.xls"]["status"] != "unreadable"
    texts = [output, (out / "r.json").read_text(encoding="utf-8")]
    for produced in out.rglob("*.xlsx"):
        with zipfile.ZipFile(produced) as archive:
            texts.extend(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    assert not any(SECRET in text for text in texts)
