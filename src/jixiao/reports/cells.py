"""Putting workbook text into report files safely: never a formula, never an illegal character."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Spreadsheet programs run a CSV cell that starts with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Control characters XML 1.0 forbids; openpyxl refuses them and Excel cannot open them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean_text(text: str) -> str:
    """Text without the control characters an xlsx cannot hold."""
    return _ILLEGAL.sub("", text)


def csv_safe(text: str) -> str:
    """Prefix an apostrophe where a spreadsheet would otherwise evaluate the text."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def set_text(cell: Any, text: str) -> None:
    """Store ``text`` in an openpyxl cell as a string, even when it starts with ``=``."""
    cell.value = clean_text(text)
    if cell.data_type == "f":
        cell.data_type = "s"


def display_width(text: str) -> int:
    """Width in Excel columns of the longest line: CJK characters count double."""
    widest = 0
    for line in text.splitlines() or [""]:
        width = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)
        widest = max(widest, width)
    return widest


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder, so a half-written report never
    replaces a good one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.jixiao-tmp{path.suffix}")
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()
