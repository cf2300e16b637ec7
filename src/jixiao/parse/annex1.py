"""附件1 部门（单位）整体支出绩效评价基础数据表."""

from __future__ import annotations

from jixiao.layout import BUILDING_HEADERS, EXPENSE_ROWS
from jixiao.models import Annex1, Building, ExpenseLine, Located
from jixiao.parse.fields import FormReader, year_from_title
from jixiao.sheet_index import core_key

_LAST = 10**7
_PLACEHOLDER = frozenset({"", ".....", "......", "…", "……", "...", "…………"})


def _staff(reader: FormReader) -> tuple[Located, Located, Located]:
    index = reader.index
    header = index.find(("编制数",))
    if header is None:
        return (
            reader.at(reader.named("staff.quota"), "编制数"),
            reader.at(reader.named("staff.actual"), "实际在职人数"),
            reader.at(reader.named("staff.control_rate"), "控制率"),
        )
    row = header[0]
    quota_col = header[1]
    actual_col = next(
        (col for col, text in index.row_texts(row) if "实际在职人数" in core_key(text)),
        quota_col + 1,
    )
    rate_col = index.header_columns(row, ("控制率",)).get("控制率", actual_col + 1)
    named = reader.named("staff.quota")
    value_row = named[0] if named is not None and named[0] > row else row + 1
    if named is None:
        # Blank rows may have been inserted: take the first row below that holds a value,
        # but never go past the next block's header.
        expense = index.find(("经费控制情况",), rows=(row + 1, row + 6))
        stop = expense[0] if expense is not None else row + 4
        for candidate in range(row + 1, stop):
            if any(index.value((candidate, col)) is not None for col in (quota_col, actual_col)):
                value_row = candidate
                break
    return (
        reader.at((value_row, quota_col), "编制数"),
        reader.at((value_row, actual_col), "实际在职人数"),
        reader.at((value_row, rate_col), "财政供养人员控制率"),
    )


def _expense_columns(reader: FormReader) -> tuple[int, list[int]]:
    """The 经费控制情况 header row and its three value columns (上年决算, 预算, 决算)."""
    index = reader.index
    header = index.find(("经费控制情况",))
    if header is None:
        return 0, []
    cols = [col for col, _ in index.row_texts(header[0]) if col > header[1]]
    return header[0], cols[:3]


def _line(
    reader: FormReader, key: str, label: str, row: int, cols: list[int]
) -> ExpenseLine:
    cells = [reader.at((row, col), label) if col else reader.at(None, label) for col in cols]
    while len(cells) < 3:
        cells.append(reader.at(None, label))
    return ExpenseLine(
        key=key, label=label, row=row, prev_final=cells[0], budget=cells[1], final=cells[2]
    )


def parse_annex1(reader: FormReader) -> Annex1:
    index = reader.index
    quota, actual, rate = _staff(reader)
    header_row, cols = _expense_columns(reader)
    building_header = index.find(("楼堂馆所控制情况",), rows=(header_row + 1, _LAST))
    block_end = building_header[0] - 1 if building_header else _LAST
    first_value_col = cols[0] if cols else 2

    expenses: dict[str, ExpenseLine] = {}
    for key, text, extra, _computed in EXPENSE_ROWS:
        found = index.find(
            (text, *extra), rows=(header_row + 1, block_end), max_col=first_value_col - 1
        )
        if found is not None:
            expenses[key] = _line(reader, key, core_key(text), found[0], cols)

    projects: list[ExpenseLine] = []
    if "projects" in expenses and "public" in expenses:
        for row in range(expenses["projects"].row + 1, expenses["public"].row):
            label_text = " ".join(
                text for col, text in index.row_texts(row) if col < first_value_col
            ).strip()
            values = [index.value((row, col)) for col in cols]
            if label_text in _PLACEHOLDER and all(value is None for value in values):
                continue
            label = label_text if label_text not in _PLACEHOLDER else f"第{row}行项目"
            projects.append(_line(reader, f"project{len(projects) + 1}", label, row, cols))

    buildings: list[Building] = []
    thrift_at = index.find(("厉行节约保障措施",))
    if building_header is not None:
        columns = {
            header: next(
                (col for col, text in index.row_texts(building_header[0])
                 if core_key(header).split("（")[0] in core_key(text)),
                0,
            )
            for header in BUILDING_HEADERS
        }
        end = thrift_at[0] - 1 if thrift_at else building_header[0] + 50
        for row in range(building_header[0] + 1, end + 1):
            values = [index.value((row, col)) for col in columns.values() if col]
            name_raw = index.value((row, building_header[1]))
            if all(value is None for value in values) and name_raw is None:
                continue

            def cell(header: str, row: int = row) -> Located:
                col = columns[header]
                return reader.at((row, col) if col else None, core_key(header))

            buildings.append(
                Building(
                    row=row,
                    name=reader.at((row, building_header[1]), "项目名称"),
                    approved_scale=cell(BUILDING_HEADERS[0]),
                    actual_scale=cell(BUILDING_HEADERS[1]),
                    scale_rate=cell(BUILDING_HEADERS[2]),
                    budget_investment=cell(BUILDING_HEADERS[3]),
                    actual_investment=cell(BUILDING_HEADERS[4]),
                    investment_rate=cell(BUILDING_HEADERS[5]),
                )
            )

    thrift = reader.beside("thrift.measures", ("厉行节约保障措施",))
    footer_from = thrift_at[0] + 1 if thrift_at else (building_header or (header_row, 0))[0]
    return Annex1(
        sheet=reader.sheet,
        year=year_from_title(index.leading_texts(8)),
        staff_quota=quota,
        staff_actual=actual,
        staff_control_rate=rate,
        expenses=expenses,
        projects=projects,
        buildings=buildings,
        thrift=thrift,
        footer=reader.footer(footer_from),
    )
