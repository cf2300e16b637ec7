"""附件2 and 附件3: the budget block, the goals and the indicator table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from jixiao.layout import (
    ACTUAL,
    ADJUSTED,
    BUDGET_HEADERS,
    EXECUTED,
    EXPENDITURE_ROWS,
    INCOME_ROWS,
    INITIAL,
    LEVEL1,
    LEVEL2,
    LEVEL3,
    PROJECT_SOURCES,
    RATE,
    SCORE,
    TARGET,
    TOTAL_SCORE_LABEL,
    WEIGHT,
)
from jixiao.models import (
    AmountLine,
    Annex2,
    Annex3,
    BudgetLine,
    Group,
    Indicator,
    Located,
    Totals,
)
from jixiao.parse.fields import FormReader, year_from_title
from jixiao.sheet_index import core_key, matches
from jixiao.values import normalize_text

_GROUP_WEIGHT = re.compile(r"^(?P<name>.*?)[（(](?P<weight>\d+(?:\.\d+)?)分[)）]$")
_REASON_HEADERS = ("偏差原因分析及改进措施", "偏差原因分析", "未完成原因分析", "偏差原因")
_LAST = 10**7


def split_group_label(text: str) -> tuple[str, Decimal | None]:
    """``效益指标（20分）`` → (效益指标, 20); a label without a weight keeps None."""
    folded = normalize_text(text)
    match = _GROUP_WEIGHT.match(folded)
    if match is None:
        return folded, None
    return match.group("name") or folded, Decimal(match.group("weight"))


def _budget_block(reader: FormReader) -> tuple[int, dict[str, int]]:
    """The header row of the budget block and the column of each of its headers."""
    index = reader.index
    found = index.find((ADJUSTED,))
    if found is None:
        return 0, {}
    header_row = found[0]
    return header_row, index.header_columns(header_row, BUDGET_HEADERS)


def _budget_line(
    reader: FormReader,
    block: str,
    anchors: tuple[str, ...],
    header_row: int,
    columns: dict[str, int],
    *,
    scored: bool,
    last_row: int,
) -> BudgetLine:
    index = reader.index
    found = index.find(anchors, rows=(header_row + 1, last_row)) if header_row else None

    def cell(header: str, key: str) -> Located:
        if found is not None and header in columns:
            return reader.at((found[0], columns[header]), header)
        return reader.at(reader.named(f"{block}.{key}"), header)

    return BudgetLine(
        label=core_key(anchors[0]),
        initial=cell(INITIAL, "initial"),
        adjusted=cell(ADJUSTED, "adjusted"),
        executed=cell(EXECUTED, "executed"),
        weight=cell(WEIGHT, "weight") if scored else None,
        rate=cell(RATE, "rate") if scored else None,
        score=cell(SCORE, "score") if scored else None,
    )


def _goal_fields(reader: FormReader, after_row: int) -> tuple[Located, Located, int]:
    """预期目标 / 实际完成情况: the header row, then the first row below with text in it."""
    index = reader.index
    header = index.find(("预期目标",), rows=(after_row, _LAST))
    if header is None:
        return reader.at(None, "预期目标"), reader.at(None, "实际完成情况"), after_row
    columns = index.header_columns(header[0], ("预期目标", "实际完成情况"))
    expected_col = columns.get("预期目标", header[1])
    actual_col = columns.get("实际完成情况", expected_col + 1)
    text_row = header[0] + 1
    for row in range(header[0] + 1, header[0] + 4):
        if index.value((row, expected_col)) is not None or index.value((row, actual_col)):
            text_row = row
            break
    return (
        reader.at((text_row, expected_col), "预期目标"),
        reader.at((text_row, actual_col), "实际完成情况"),
        text_row,
    )


def _indicator_table(
    reader: FormReader, after_row: int
) -> tuple[list[Group], list[Indicator], Totals | None, int]:
    index = reader.index
    sheet = index.sheet
    header = index.find((LEVEL3,), rows=(after_row, _LAST))
    if header is None:
        return [], [], None, after_row
    header_row = header[0]
    columns = index.header_columns(
        header_row, (LEVEL1, LEVEL2, LEVEL3, TARGET, ACTUAL, WEIGHT, SCORE)
    )
    reason_col = None
    for col, text in index.row_texts(header_row):
        if any(matches(text, anchor) for anchor in _REASON_HEADERS):
            reason_col = col
            break
    name_col = columns[LEVEL3]
    level1_col = columns.get(LEVEL1, name_col - 2)
    level2_col = columns.get(LEVEL2, name_col - 1)
    total = index.find((TOTAL_SCORE_LABEL,), rows=(header_row + 1, _LAST), max_col=name_col)
    last_row = total[0] - 1 if total is not None else sheet.max_row

    groups: list[Group] = []
    indicators: list[Indicator] = []
    level1, level2 = "", ""
    for row in range(header_row + 1, last_row + 1):
        level1_anchor = sheet.anchor(row, level1_col)
        level1_text = sheet.value(row, level1_col)
        if isinstance(level1_text, str) and level1_text.strip():
            name, weight = split_group_label(level1_text)
            if not groups or groups[-1].cell.cell != index.ref(level1_anchor):
                groups.append(
                    Group(name=name, stated_weight=weight, cell=reader.at(level1_anchor, LEVEL1))
                )
            level1 = name
        level2_text = sheet.value(row, level2_col)
        if isinstance(level2_text, str) and level2_text.strip():
            level2 = normalize_text(level2_text)

        def cell(header: str, col: int | None, row: int = row) -> Located:
            return reader.at((row, col) if col is not None else None, header)

        indicator = Indicator(
            row=row,
            level1=level1,
            level2=level2,
            name=cell(LEVEL3, name_col),
            target=cell(TARGET, columns.get(TARGET)),
            actual=cell(ACTUAL, columns.get(ACTUAL)),
            weight=cell(WEIGHT, columns.get(WEIGHT)),
            score=cell(SCORE, columns.get(SCORE)),
            reason=cell("偏差原因分析", reason_col),
        )
        parts = (indicator.name, indicator.target, indicator.actual, indicator.weight,
                 indicator.score, indicator.reason)
        if any(part.text for part in parts):
            indicators.append(indicator)

    totals = None
    if total is not None:
        totals = Totals(
            weight=reader.at((total[0], columns[WEIGHT]) if WEIGHT in columns else None, WEIGHT),
            score=reader.at((total[0], columns[SCORE]) if SCORE in columns else None, SCORE),
            grade=reader.at((total[0], reason_col) if reason_col else None, "等级"),
        )
    return groups, indicators, totals, (total[0] if total is not None else last_row)


def _title_year(reader: FormReader) -> int | None:
    return year_from_title(reader.index.leading_texts(12))


@dataclass(frozen=True, slots=True)
class _Shared:
    """What 附件2 and 附件3 have in common, read once by the same code."""

    header_row: int
    columns: dict[str, int]
    block_end: int
    fields: dict[str, object]


def _shared(reader: FormReader) -> _Shared:
    header_row, columns = _budget_block(reader)
    goal_row = reader.index.find(("年度总体目标", "预期目标"), rows=(header_row + 1, _LAST))
    block_end = goal_row[0] - 1 if goal_row is not None else _LAST
    funds = _budget_line(
        reader, "funds", ("年度资金总额",), header_row, columns, scored=True, last_row=block_end
    )
    expected, actual, goal_end = _goal_fields(reader, max(header_row, 1))
    groups, indicators, totals, end = _indicator_table(reader, goal_end)
    fields: dict[str, object] = {
        "sheet": reader.sheet,
        "year": _title_year(reader),
        "funds": funds,
        "goal_expected": expected,
        "goal_actual": actual,
        "groups": groups,
        "indicators": indicators,
        "totals": totals,
        "footer": reader.footer(end),
    }
    return _Shared(header_row, columns, block_end, fields)


def parse_annex2(reader: FormReader) -> Annex2:
    """附件2 部门（单位）整体支出绩效自评表."""
    shared = _shared(reader)
    rows = (shared.header_row + 1 if shared.header_row else 1, shared.block_end)

    def amounts(prefix: str, specs: tuple[tuple[str, str, tuple[str, ...]], ...]) -> list[AmountLine]:
        return [
            AmountLine(
                key=key,
                label=core_key(text),
                amount=reader.beside(f"{prefix}.{key}", (text, *extra), rows=rows, embedded=True),
            )
            for key, text, extra in specs
        ]

    return Annex2.model_validate({
        **shared.fields,
        "unit_name": reader.beside(
            "unit.name",
            ("市直部门预算单位名称", "预算单位名称", "部门（单位）名称", "单位名称"),
            rows=(1, shared.header_row or _LAST),
        ),
        "income": amounts("income", INCOME_ROWS),
        "expenditure": amounts("expenditure", EXPENDITURE_ROWS),
    })


def parse_annex3(reader: FormReader) -> Annex3:
    """附件3 项目支出绩效自评表."""
    shared = _shared(reader)
    head = (1, shared.header_row or _LAST)
    return Annex3.model_validate({
        **shared.fields,
        "project_name": reader.beside("project.name", ("项目名称",), rows=head),
        "department": reader.beside("project.department", ("主管部门",), rows=head),
        "implementer": reader.beside("project.implementer", ("实施单位",), rows=head),
        "sources": [
            _budget_line(
                reader, f"source.{key}", (text, *extra), shared.header_row, shared.columns,
                scored=False, last_row=shared.block_end,
            )
            for key, text, extra in PROJECT_SOURCES
        ],
    })
