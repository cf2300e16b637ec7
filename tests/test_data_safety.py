"""Never lose data (spec §9): ``recalc --in-place`` killed at any moment leaves a complete
workbook, keeps its backup, and a recalc round trip keeps what the template holds."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from jixiao.parse import parse_grid
from jixiao.readers.calamine_reader import read_grid

SAMPLE = Path(__file__).parent.parent / "sample_workbooks" / "株洲市科学技术局-2024.xlsx"


def _recalc_command(target: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "jixiao", "recalc", str(target), *extra]


def _complete(path: Path) -> bool:
    """Opens in openpyxl and parses to the same forms as the sample (original or recalculated)."""
    with zipfile.ZipFile(path) as archive:
        if archive.testzip() is not None:
            return False
    openpyxl.load_workbook(path)
    parsed = parse_grid(read_grid(path))
    return parsed.annex2 is not None and len(parsed.annex3) == 2


def test_in_place_keeps_a_backup_and_writes(tmp_path: Path) -> None:
    target = tmp_path / "附件.xlsx"
    shutil.copy2(SAMPLE, target)
    result = subprocess.run(_recalc_command(target, "--in-place", "--profile", "national"),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    backups = list(tmp_path.glob("附件.备份-*.xlsx"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == SAMPLE.read_bytes()
    assert openpyxl.load_workbook(target)["附件2"]["H25"].value == 4.64
    assert not list(tmp_path.glob(".*jixiao-tmp"))


def test_killed_at_random_moments_leaves_a_complete_workbook(tmp_path: Path) -> None:
    """Start the in-place recalculation, kill it with SIGKILL after a random delay spread over
    its whole run time, and check the file every time."""
    target = tmp_path / "附件.xlsx"
    shutil.copy2(SAMPLE, target)
    started = time.monotonic()
    subprocess.run(_recalc_command(target, "--in-place"), check=True, capture_output=True,
                   timeout=120)
    duration = time.monotonic() - started
    generator = random.Random(20241231)
    outcomes = {"original": 0, "recalculated": 0}
    original = SAMPLE.read_bytes()
    for attempt in range(12):
        shutil.copy2(SAMPLE, target)
        process = subprocess.Popen(_recalc_command(target, "--in-place"),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(generator.uniform(0.0, duration * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        assert _complete(target), f"attempt {attempt}: broken workbook"
        outcomes["original" if target.read_bytes() == original else "recalculated"] += 1
        for leftover in tmp_path.glob(".*jixiao-tmp"):
            os.unlink(leftover)  # a killed run leaves its temporary file, never the target
        for backup in tmp_path.glob("附件.备份-*.xlsx"):
            assert backup.read_bytes() == original  # complete or absent, never half a copy
            backup.unlink()
    assert sum(outcomes.values()) == 12


def test_round_trip_keeps_the_template_structure(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    result = subprocess.run(_recalc_command(SAMPLE, "--out", str(target)),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    before, after = openpyxl.load_workbook(SAMPLE), openpyxl.load_workbook(target)
    for sheet in before.worksheets:
        copy = after[sheet.title]
        assert copy.sheet_state == sheet.sheet_state
        assert set(map(str, copy.merged_cells.ranges)) == set(map(str, sheet.merged_cells.ranges))
        assert [(v.sqref, v.formula1) for v in copy.data_validations.dataValidation] == [
            (v.sqref, v.formula1) for v in sheet.data_validations.dataValidation
        ]
        assert {n: d.attr_text for n, d in copy.defined_names.items()} == {
            n: d.attr_text for n, d in sheet.defined_names.items()
        }
        assert {k: d.width for k, d in copy.column_dimensions.items()} == {
            k: d.width for k, d in sheet.column_dimensions.items()
        }
        assert copy.page_setup.paperSize == sheet.page_setup.paperSize
        assert copy.page_setup.orientation == sheet.page_setup.orientation
        assert copy.page_setup.fitToWidth == sheet.page_setup.fitToWidth
        assert copy.print_title_rows == sheet.print_title_rows
        assert copy.freeze_panes == sheet.freeze_panes
        for row in sheet.iter_rows():
            for cell in row:
                other = copy[cell.coordinate]
                assert repr(other.font) == repr(cell.font), cell.coordinate
                assert repr(other.border) == repr(cell.border), cell.coordinate
                assert repr(other.alignment) == repr(cell.alignment), cell.coordinate
    def meta(book: openpyxl.Workbook) -> list[tuple[object, ...]]:
        rows = [tuple(row) for row in book["_jixiao"].values if row[0] != "marked"]
        return [row[: max((i + 1 for i, v in enumerate(row) if v is not None), default=0)]
                for row in rows]

    meta_before, meta_after = meta(before), meta(after)
    assert meta_after[: len(meta_before)] == meta_before


@pytest.mark.parametrize("suffix", [".xlsx"])
def test_in_place_refuses_content_openpyxl_would_drop(tmp_path: Path, suffix: str) -> None:
    """An image in the workbook: refuse to rewrite it in place, explain in Chinese."""
    target = tmp_path / f"带图片{suffix}"
    shutil.copy2(SAMPLE, target)
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr("xl/media/image1.png", b"\x89PNG\r\n\x1a\n")
    before = target.read_bytes()
    result = subprocess.run(_recalc_command(target, "--in-place"), capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert "图片" in result.stderr and "--out" in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_bytes() == before
