"""Writing a user's file without ever leaving a broken one behind (spec §9)."""

from __future__ import annotations

import os
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl.workbook.workbook import Workbook

# Parts of an xlsx that openpyxl does not carry through a load/save round trip.
_DROPPED_PREFIXES = {
    "xl/media/": "图片",
    "xl/charts/": "图表",
    "xl/pivotTables/": "数据透视表",
    "xl/pivotCache/": "数据透视表缓存",
    "xl/slicers/": "切片器",
    "xl/timelines/": "日程表",
    "xl/ctrlProps/": "表单控件",
    "xl/embeddings/": "嵌入对象",
}


def content_openpyxl_drops(path: Path) -> list[str]:
    """What a round trip through openpyxl would lose, in Chinese (empty: nothing)."""
    lost: set[str] = set()
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            for prefix, label in _DROPPED_PREFIXES.items():
                if name.startswith(prefix):
                    lost.add(label)
            if name.startswith("xl/drawings/") and not name.startswith("xl/drawings/vml") \
                    and name.endswith(".xml"):
                lost.add("图形或文本框")
            if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
                info = archive.getinfo(name)
                if info.file_size > 50_000_000:
                    continue
                data = archive.read(name)
                if b"<extLst" in data and (b"x14:dataValidation" in data
                                          or b"x14:conditionalFormatting" in data
                                          or b"x14:sparkline" in data):
                    lost.add("扩展数据验证、条件格式或迷你图（x14 扩展）")
    return sorted(lost)


def backup_path(path: Path, now: datetime | None = None) -> Path:
    """``报表.xlsx`` → ``报表.备份-20250301-101500.xlsx`` beside the original."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.备份-{stamp}{path.suffix}")
    counter = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.备份-{stamp}-{counter}{path.suffix}")
        counter += 1
    return candidate


def _fsync_dir(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def save_atomically(workbook: Workbook, target: Path, *, keep_backup: bool) -> Path | None:
    """Save to a temporary file in the target's folder, then rename it over the target.

    A crash at any moment leaves either the old file or the complete new one. With
    ``keep_backup`` the old file is first copied beside it; returns the backup's path.
    """
    folder = target.parent
    temporary = folder / f".{target.name}.{os.getpid()}.jixiao-tmp"
    try:
        workbook.save(temporary)
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        backup = None
        if keep_backup and target.exists():
            backup = backup_path(target)
            partial = folder / f".{backup.name}.{os.getpid()}.jixiao-tmp"
            shutil.copy2(target, partial)  # a backup is complete or absent, never half
            with open(partial, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(partial, backup)
        os.replace(temporary, target)
        _fsync_dir(folder)
        return backup
    finally:
        if temporary.exists():
            temporary.unlink()
