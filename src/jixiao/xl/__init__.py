"""The xlwings adapter: the same read → analyse → plan → apply, on a live workbook.

Written against the xlwings API (``Book``, ``Sheet``, ``Range``) only, so that the desktop add-in
(``xw.Book.caller()`` over COM or AppleScript) and an Office.js route (xlwings' remote engine) run
the same code. Imports no openpyxl and nothing of xlwings' PRO code; the caller brings the book.
"""

from __future__ import annotations

from jixiao.xl.commands import HANDLERS, CommandError, Outcome, dispatch, run_plan
from jixiao.xl.reader import BookSnapshot, read_book
from jixiao.xl.writer import apply_plan, clear_marks

__all__ = [
    "HANDLERS",
    "BookSnapshot",
    "CommandError",
    "Outcome",
    "apply_plan",
    "clear_marks",
    "dispatch",
    "read_book",
    "run_plan",
]
