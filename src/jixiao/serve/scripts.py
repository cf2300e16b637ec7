"""The xlwings Server scripts behind the ribbon's ExecuteFunction buttons.

Each script runs the same command as the desktop add-in's button of the same id
(``jixiao.xl.commands.HANDLERS``) on the book xlwings Server builds from the Office.js payload;
the writes travel back as actions that the add-in's JavaScript applies. ``xlwings.server.script``
is used directly (not ``xlwings.script``) so the registration never depends on
``XLWINGS_ON_SERVER`` having been set before xlwings was first imported.
"""

from __future__ import annotations

import xlwings as xw
from xlwings.server import script

from jixiao.layout import META_SHEET
from jixiao.xl import commands
from jixiao.xl.reader import read_book
from jixiao.xl.writer import NOTE_FLAG, meta_records, notes_supported

NO_NOTES = (
    "此版本的 Excel 不支持批注（需要 ExcelApi 1.18，例如 Microsoft 365），"
    "问题只用底色和“校验结果”工作表标出。"
)
NO_NOTES_CLEAR = (
    "此版本的 Excel 不支持批注（需要 ExcelApi 1.18），以前运行时加上的工具批注无法在这里删除，"
    "请在支持批注的 Excel 中再点一次“清除标记”。"
)


def run_button(book: xw.Book, button: str) -> commands.Outcome:
    """Run a ribbon button as ``commands.dispatch`` does, saying so in the one alert when this
    client has no notes (an Office dialog cannot open while another is open)."""
    handler = commands.HANDLERS[button]
    try:
        outcome = handler(book)
    except commands.CommandError as error:
        outcome = commands.Outcome(str(error))
    message = outcome.message
    if not notes_supported(book):
        if outcome.plan is not None:
            message = f"{message}\n{NO_NOTES}"
        elif button == "clear_marks" and _tool_notes_recorded(book):
            message = f"{message}\n{NO_NOTES_CLEAR}"
    book.app.alert(message, title=commands.TITLE)
    return commands.Outcome(message, outcome.plan)


def _tool_notes_recorded(book: xw.Book) -> bool:
    """Whether ``_jixiao`` lists notes an earlier run wrote (read from the payload, which the
    writes of this run have not changed)."""
    records = meta_records(read_book(book).grid.sheet(META_SHEET))
    return any(record.flags and NOTE_FLAG in record.flags for record in records)


@script
def recalc(book: xw.Book) -> None:
    """重新计算: write computed values, validate and mark."""
    run_button(book, "recalc")


@script
def validate(book: xw.Book) -> None:
    """仅校验: mark only; every entered value stays as it is."""
    run_button(book, "validate")


@script
def clear_marks(book: xw.Book) -> None:
    """清除标记: remove exactly the tool's marks and the 校验结果 sheet."""
    run_button(book, "clear_marks")
