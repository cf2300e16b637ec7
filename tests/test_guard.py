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
