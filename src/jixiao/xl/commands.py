"""What the buttons of the 绩效自评 ribbon tab do, written against ``xlwings.Book``.

The add-in's entry module calls :func:`dispatch` with ``xw.Book.caller()`` and the id of the
button (the ``id`` in ``customUI.xml``); a later Office.js route can call the same functions
with the book xlwings Server hands it. Nothing here imports openpyxl, typer or rich: the
ribbon path pays only for ``import xlwings`` and the core.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jixiao.grid import SheetGrid
from jixiao.layout import META_SHEET
from jixiao.parse.meta import read_template_info
from jixiao.pipeline import analyse_grid
from jixiao.plan import Mode, Plan
from jixiao.profile import UnknownProfileError, load_profile
from jixiao.xl.reader import read_book, read_values, used_extent
from jixiao.xl.writer import apply_plan, clear_marks

if TYPE_CHECKING:
    import xlwings as xw

TITLE = "绩效自评"


class CommandError(Exception):
    """A condition the accountant can fix; shown as a message, not as a traceback."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a button did, for the alert and for tests."""

    message: str
    plan: Plan | None = None


def _screen_off(book: xw.Book) -> Callable[[], None]:
    """Turn screen updating off for the writes; returns the function that turns it back on."""
    app = book.app
    try:
        app.screen_updating = False
    except NotImplementedError:
        return lambda: None

    def restore() -> None:
        app.screen_updating = True

    return restore


def run_plan(book: xw.Book, mode: Mode, profile: str | None = None) -> Outcome:
    """重新计算 / 仅校验: read, analyse with the pure core, apply the plan."""
    snapshot = read_book(book)
    try:
        analysis = analyse_grid(snapshot.grid, profile)
    except UnknownProfileError as error:
        raise CommandError(str(error)) from error
    plan = analysis.plan(mode)
    restore = _screen_off(book)
    try:
        apply_plan(book, plan, snapshot)
    finally:
        restore()
    return Outcome(plan.summary, plan)


def recalc(book: xw.Book) -> Outcome:
    """重新计算: write computed values, validate and mark."""
    return run_plan(book, Mode.RECALC)


def validate(book: xw.Book) -> Outcome:
    """仅校验: mark only; every entered value stays as it is."""
    return run_plan(book, Mode.VALIDATE)


def clear(book: xw.Book) -> Outcome:
    """清除标记: remove exactly the tool's marks and the 校验结果 sheet."""
    snapshot = read_book(book)
    restore = _screen_off(book)
    try:
        count = clear_marks(book, snapshot)
    finally:
        restore()
    if not count:
        return Outcome("没有需要清除的标记。")
    return Outcome(f"已清除 {count} 处标记，并删除了“校验结果”工作表。")


def add_project(book: xw.Book) -> Outcome:
    """新增项目表: another 附件3 laid out from the template."""
    from jixiao.xl.project_sheet import ProjectSheetError, add_project_sheet

    try:
        name = add_project_sheet(book)
    except ProjectSheetError as error:
        raise CommandError(str(error)) from error
    return Outcome(f"已新增项目表“{name}”，请填写项目名称、资金和绩效指标。")


def about(book: xw.Book) -> Outcome:
    """关于: the version, and which scoring profile this workbook is checked under."""
    import jixiao

    profile_name = ""
    year = None
    if META_SHEET in [sheet.name for sheet in book.sheets]:
        meta = book.sheets[META_SHEET]
        info = read_template_info(SheetGrid(META_SHEET, read_values(meta, *used_extent(meta))))
        if info.from_template:
            profile_name, year = info.profile, info.year
    try:
        profile = load_profile(profile_name or None)
    except UnknownProfileError:
        profile = load_profile(None)
    lines = [
        f"jixiao 绩效自评工具 {jixiao.__version__}",
        f"评分口径：{profile.title}（{profile.name}，{'模板指定' if profile_name else '默认'}）",
    ]
    if year:
        lines.append(f"模板年度：{year}")
    lines.append("按钮：重新计算、仅校验、清除标记、新增项目表。")
    return Outcome("\n".join(lines))


HANDLERS: dict[str, Callable[[xw.Book], Outcome]] = {
    "recalc": recalc,
    "validate": validate,
    "clear_marks": clear,
    "add_project": add_project,
    "about": about,
}


def dispatch(book: xw.Book, button_id: str) -> Outcome:
    """Run the button's command and show its outcome in an alert."""
    handler = HANDLERS.get(button_id)
    if handler is None:
        outcome = Outcome(f"未知的按钮：{button_id}。请重新安装绩效自评加载项。")
    else:
        try:
            outcome = handler(book)
        except CommandError as error:
            outcome = Outcome(str(error))
    book.app.alert(outcome.message, title=TITLE)
    return outcome
