"""Every indicator row of every workbook as one table (pandas), for the bureau's own analysis.

CSV is written as UTF-8 with a byte-order mark so Excel on Chinese Windows opens it correctly;
text that a spreadsheet would evaluate gets a leading apostrophe. In the xlsx it is stored as
text instead, so nothing visible changes.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.batch import BatchResult, IndicatorRow, WorkbookResult
from jixiao.errors import UserError
from jixiao.layout import Form
from jixiao.reports.cells import clean_text, csv_safe, display_width, write_atomically

if TYPE_CHECKING:
    import pandas as pd

EXPORT_COLUMNS = (
    "文件", "单位", "年度", "工作表", "表", "项目", "一级指标", "二级指标", "三级指标",
    "年度指标值", "实际完成值", "分值", "得分", "计算得分", "偏差原因分析", "行号",
)
EXPORT_SUFFIXES = (".csv", ".xlsx")
EXPORT_SHEET = "指标明细"
_FORM_LABELS = {Form.ANNEX1: "附件1", Form.ANNEX2: "附件2", Form.ANNEX3: "附件3"}
_MAX_WIDTH = 50


def _record(workbook: WorkbookResult, row: IndicatorRow) -> list[Any]:
    return [
        workbook.file, workbook.department or "", workbook.year, row.sheet,
        _FORM_LABELS[row.form], row.project or "", row.level1, row.level2, row.name, row.target,
        row.actual, row.weight, row.score, row.computed_score,
        row.reason, row.row,
    ]


def export_frame(batch: BatchResult) -> pd.DataFrame:
    """One row per 三级指标, in file order; unreadable files contribute none.

    分值, 得分 and 计算得分 hold Decimals where the cell held a number, the entered text otherwise.
    """
    import pandas as pd

    records = [
        _record(workbook, row) for workbook in batch.workbooks for row in workbook.indicators
    ]
    frame = pd.DataFrame(records, columns=list(EXPORT_COLUMNS))
    frame["年度"] = frame["年度"].astype("Int64")
    return frame


def _plain(value: Decimal) -> str:
    """``10.0`` → ``10``, ``14.910`` → ``14.91``: numbers as an accountant writes them."""
    return format(value.normalize(), "f")


def _cells(frame: pd.DataFrame, text: Any, number: Any) -> pd.DataFrame:
    """Apply ``text`` to every string and ``number`` to every Decimal."""

    def convert(value: Any) -> Any:
        if isinstance(value, str):
            return text(value)
        if isinstance(value, Decimal):
            return number(value)
        return value

    import pandas as pd

    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):  # object or pandas' str dtype
            safe[column] = safe[column].map(convert).astype(object)
    return safe


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    import pandas as pd

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=EXPORT_SHEET, index=False)
        sheet = writer.sheets[EXPORT_SHEET]
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":  # text that starts with "=": keep it text
                    cell.data_type = "s"
        for index, column in enumerate(frame.columns, start=1):
            values = [str(column), *(str(value) for value in frame[column] if pd.notna(value))]
            widest = max((display_width(value) for value in values), default=6)
            letter = sheet.cell(1, index).column_letter
            sheet.column_dimensions[letter].width = min(max(widest + 2, 8), _MAX_WIDTH)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions


def write_export(batch: BatchResult, path: Path) -> int:
    """Write the table as CSV or xlsx (by suffix); returns the number of indicator rows."""
    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise UserError(f"--export 只能写 .csv 或 .xlsx 文件：{path}")
    frame = export_frame(batch)
    if suffix == ".csv":
        safe = _cells(frame, lambda text: csv_safe(clean_text(text)), _plain)
        write_atomically(
            path, lambda temporary: safe.to_csv(temporary, index=False, encoding="utf-8-sig")
        )
    else:
        safe = _cells(frame, clean_text, float)  # numbers as numbers, to sum and sort
        write_atomically(path, lambda temporary: _write_xlsx(safe, temporary))
    return len(frame)
