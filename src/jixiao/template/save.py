"""Saving a workbook so that the same content gives the same bytes.

openpyxl stamps the core properties with the current time and every zip entry with the local
time, so two runs of ``jixiao template`` would differ in every file. Committed templates should
only change when their content does.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter


def workbook_bytes(workbook: Workbook) -> bytes:
    """The xlsx bytes, with the workbook's own ``modified`` date on every zip entry."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()
    stamp = workbook.properties.modified or dt.datetime(1980, 1, 1)
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, 0)
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return fixed.getvalue()


def save_workbook(workbook: Workbook, path: Path) -> None:
    """Write next to the target and rename over it, so a failed write leaves no half file."""
    data = workbook_bytes(workbook)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)
