"""The JSON report, version 1 (spec §6): Decimals as strings, one entry per file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jixiao.batch import BatchResult, WorkbookResult
from jixiao.findings import Severity
from jixiao.reports.cells import write_atomically

REPORT_VERSION = 1


def workbook_entry(workbook: WorkbookResult) -> dict[str, Any]:
    """One element of ``workbooks``."""
    return {
        "file": workbook.file,
        "status": workbook.status.value,
        "department": workbook.department,
        "year": workbook.year,
        "forms": [form.model_dump(mode="json") for form in workbook.forms],
        "findings": [item.model_dump(mode="json") for item in workbook.findings],
    }


def _summary(batch: BatchResult) -> dict[str, int]:
    totals = batch.totals
    return {
        "workbooks": len(batch.workbooks),
        "errors": totals[Severity.ERROR],
        "warnings": totals[Severity.WARNING],
        "infos": totals[Severity.INFO],
    }


def json_report(batch: BatchResult) -> dict[str, Any]:
    """The whole report as plain JSON data."""
    return {
        "report_version": REPORT_VERSION,
        "tool": "jixiao",
        "profile": batch.profile,
        "workbooks": [workbook_entry(workbook) for workbook in batch.workbooks],
        "summary": _summary(batch),
    }


def _dump(value: Any, indent: str) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


def write_json_report(batch: BatchResult, path: Path) -> None:
    """Write the report as UTF-8 JSON (Chinese kept readable, not escaped).

    Entries are written one at a time, so a thousand workbooks never sit in memory twice.
    """

    def write(temporary: Path) -> None:
        with temporary.open("w", encoding="utf-8") as handle:
            handle.write(f'{{\n  "report_version": {REPORT_VERSION},\n  "tool": "jixiao",\n')
            handle.write(f'  "profile": {_dump(batch.profile, "")},\n  "workbooks": [')
            for index, workbook in enumerate(batch.workbooks):
                handle.write(("," if index else "") + "\n    ")
                handle.write(_dump(workbook_entry(workbook), "    "))
            handle.write("\n  ],\n" if batch.workbooks else "],\n")
            handle.write(f'  "summary": {_dump(_summary(batch), "  ")}\n}}\n')

    write_atomically(path, write)
