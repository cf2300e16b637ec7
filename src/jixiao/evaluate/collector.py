"""Collects findings and computed values while a form is evaluated."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from jixiao.evaluate.compare import shown
from jixiao.findings import Finding, Severity
from jixiao.layout import Kind
from jixiao.messages import finding
from jixiao.models import Located
from jixiao.values import (
    UNIT_FAMILIES,
    CellStatus,
    NumberReading,
    format_decimal,
    format_rate,
)

DASH = "—"


class CellWrite(BaseModel):
    """A computed value for one cell: a Decimal, or ``—`` when it cannot be computed."""

    model_config = ConfigDict(frozen=True)

    sheet: str
    cell: str
    value: Decimal | str
    kind: Kind
    entered: str | None = None  # what the cell held before, for the recalc note


def show(value: Decimal | None, kind: Kind) -> str:
    """A value as the accountant sees it in messages."""
    if value is None:
        return DASH
    if kind is Kind.RATE:
        return format_rate(value)
    return format_decimal(value)


def _hint(reading: NumberReading) -> str:
    if reading.status is CellStatus.DATE:
        return "单元格被 Excel 识别成了日期，请把单元格格式改为“数值”后重新输入。"
    if reading.status is CellStatus.ERROR:
        return "单元格是错误值，请改为数字。"
    if reading.status is CellStatus.OUT_OF_RANGE:
        return "数值大小超出合理范围，请核对是否多输或少输了位数。"
    return "如不适用请填“—”。"


@dataclass(slots=True)
class Collector:
    """Findings and writes of one workbook evaluation."""

    findings: list[Finding] = field(default_factory=list)
    writes: list[CellWrite] = field(default_factory=list)

    def add(
        self,
        rule: str,
        at: Located,
        indicator: str,
        *,
        value: str | None = None,
        expected: str | None = None,
        severity: Severity | None = None,
        **params: str,
    ) -> None:
        self.findings.append(
            finding(
                rule, sheet=at.sheet, cell=at.cell, indicator=indicator, value=value,
                expected=expected, severity=severity, **params,
            )
        )

    def missing(self, at: Located, indicator: str, *, severity: Severity | None = None,
                hint: str = "") -> None:
        """An empty cell: ``cache-missing`` when it is a formula nobody calculated."""
        if at.uncached:
            self.add("cache-missing", at, indicator)
        else:
            self.add("missing-value", at, indicator, severity=severity, hint=hint)

    def number(
        self,
        at: Located,
        indicator: str,
        *,
        required: Severity | None = Severity.ERROR,
        allow_negative: bool = False,
        rate: bool = False,
        money: bool = False,
    ) -> Decimal | None:
        """The cell's number, or None with a finding saying why there is none.

        Money is held in 万元: ``13875300元`` and ``0.138753亿元`` convert, another unit is
        an error."""
        reading = at.rate() if rate else at.number()
        if money and reading.status is CellStatus.NUMBER and reading.value is not None \
                and reading.unit:
            family, factor = UNIT_FAMILIES.get(reading.unit, ("", Decimal(1)))
            if family != "万元":
                self.add("not-a-number", at, indicator, value=at.text,
                         hint="金额以万元为单位，请只填写数字。")
                return None
            reading = NumberReading(CellStatus.NUMBER, reading.value * factor)
        if reading.status is CellStatus.NUMBER and reading.value is not None:
            if reading.value < 0 and not allow_negative:
                self.add("negative-value", at, indicator, value=at.text)
            return reading.value
        if reading.status in (CellStatus.EMPTY, CellStatus.NOT_APPLICABLE):
            if required is not None:
                hint = "这是计算所需的数字。" if required is Severity.ERROR else "请补充填写。"
                self.missing(at, indicator, severity=required, hint=hint)
            elif at.uncached:
                self.add("cache-missing", at, indicator)
            return None
        self.add("not-a-number", at, indicator, value=at.text, hint=_hint(reading))
        return None

    def write(self, at: Located, value: Decimal | str | None, kind: Kind) -> None:
        """Record what recalculation puts into a computed cell (``—`` for no value)."""
        if not at.found:
            return
        if isinstance(value, Decimal):
            value = shown(value, kind)
        self.writes.append(
            CellWrite(
                sheet=at.sheet, cell=at.cell, value=DASH if value is None else value, kind=kind,
                entered=at.text or None,
            )
        )
