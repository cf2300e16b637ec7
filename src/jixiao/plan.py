"""From an evaluation to the cell writes and marks any adapter can apply (spec §7).

A plan is plain frozen data: the openpyxl writer, the live-Excel adapter and the Office.js route
apply the same plan, and it serialises to JSON.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from jixiao.evaluate import CellWrite, Evaluation
from jixiao.findings import Finding, Severity, count_by_severity
from jixiao.layout import Kind
from jixiao.messages import RULES
from jixiao.models import MarkedCell, ParsedWorkbook
from jixiao.values import format_decimal, format_rate

NOTE_PREFIX = "【jixiao】"
FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C"}
COMPUTED_COLOR = "D9D9D9"  # the template's grey for cells the tool computes
INPUT_COLOR = "EEF4FB"  # the template's light blue for cells the accountant fills

# Findings about a computed cell that recalculation itself corrects.
CORRECTED_BY_RECALC = frozenset(
    {"sum-mismatch", "rate-mismatch", "score-above-formula", "score-below-formula",
     "score-exceeds-weight",
     "total-score-mismatch"}
)


class Mode(StrEnum):
    """重新计算 writes computed values and marks; 仅校验 only marks."""

    RECALC = "recalc"
    VALIDATE = "validate"


class Mark(BaseModel):
    """A fill and a note on one cell. ``base_fill`` is the template colour to restore later."""

    model_config = ConfigDict(frozen=True)

    sheet: str
    cell: str
    severity: Severity
    fill: str | None
    note: str
    base_fill: str | None = None


class Plan(BaseModel):
    """Everything an adapter does to a workbook in one run."""

    model_config = ConfigDict(frozen=True)

    mode: Mode
    profile: str
    writes: list[CellWrite] = Field(default_factory=list)
    marks: list[Mark] = Field(default_factory=list)
    clear: list[MarkedCell] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)

    @property
    def summary(self) -> str:
        """The one line the ribbon's alert shows."""
        return summarize(self.findings)


def summarize(findings: list[Finding]) -> str:
    """``发现 1 个错误、4 个警告、2 条提示，详见“校验结果”工作表。``"""
    counts = count_by_severity(findings)
    parts = []
    if counts[Severity.ERROR]:
        parts.append(f"{counts[Severity.ERROR]} 个错误")
    if counts[Severity.WARNING]:
        parts.append(f"{counts[Severity.WARNING]} 个警告")
    if counts[Severity.INFO]:
        parts.append(f"{counts[Severity.INFO]} 条提示")
    if not parts:
        return "未发现问题。"
    return f"发现 {'、'.join(parts)}，详见“校验结果”工作表。"


def _shown(write: CellWrite) -> str:
    if isinstance(write.value, Decimal):
        return format_rate(write.value) if write.kind is Kind.RATE else format_decimal(write.value)
    return write.value


def _corrected(finding: Finding, write: CellWrite) -> Finding:
    """A mismatch that recalculation fixed becomes an info saying what changed."""
    before = finding.value if finding.value is not None else "空"
    message = (
        f"重新计算已将此单元格由 {before} 改为 {_shown(write)}"
        f"（{RULES[finding.rule].title}）。"
    )
    return finding.model_copy(update={"severity": Severity.INFO, "message": message})


def _note(findings: list[Finding]) -> str:
    lines = [f"{f.severity.label}：{f.message}" for f in findings]
    return NOTE_PREFIX + "\n".join(lines)


def make_plan(parsed: ParsedWorkbook, evaluation: Evaluation, mode: Mode) -> Plan:
    """Writes (recalc only) and one mark per cell that has findings."""
    writes = list(evaluation.writes) if mode is Mode.RECALC else []
    written = {(write.sheet, write.cell): write for write in writes}
    findings: list[Finding] = []
    for finding in evaluation.findings:
        write = written.get((finding.sheet, finding.cell))
        if write is not None and finding.rule in CORRECTED_BY_RECALC:
            finding = _corrected(finding, write)
        findings.append(finding)
    findings.sort(key=lambda item: item.sort_key)

    # Indicator scores are entered cells (light blue) that recalc also writes: their template
    # colour is the input one, which is what clearing a mark must restore.
    entered_scores = {
        (indicator.score.sheet, indicator.score.cell)
        for form in (parsed.annex2, *parsed.annex3)
        if form is not None
        for indicator in form.indicators
    }
    computed_cells = {
        (write.sheet, write.cell) for write in evaluation.writes
    } - entered_scores
    from_template = parsed.template is not None
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if finding.cell:
            by_cell.setdefault((finding.sheet, finding.cell), []).append(finding)
    marks: list[Mark] = []
    for (sheet, cell), cell_findings in by_cell.items():
        worst = min((f.severity for f in cell_findings), key=lambda s: s.rank)
        base = None
        if from_template:
            base = COMPUTED_COLOR if (sheet, cell) in computed_cells else INPUT_COLOR
        marks.append(
            Mark(sheet=sheet, cell=cell, severity=worst, fill=FILLS.get(worst),
                 note=_note(cell_findings), base_fill=base)
        )
    return Plan(
        mode=mode,
        profile=evaluation.profile,
        writes=writes,
        marks=marks,
        clear=list(parsed.marked),
        findings=findings,
    )


RESULTS_HEADER = ("序号", "严重程度", "规则", "工作表", "单元格", "指标", "说明")


def result_rows(findings: list[Finding]) -> list[tuple[str | int, ...]]:
    """The rows of the 校验结果 sheet, in the plan's order (errors first)."""
    return [
        (number, finding.severity.label, finding.rule, finding.sheet, finding.cell,
         finding.indicator, finding.message)
        for number, finding in enumerate(findings, start=1)
    ]
