"""Findings: plain frozen data that crosses process boundaries and serialises to JSON."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Severity(StrEnum):
    """How bad a finding is; the order matters for sorting and ``--fail-on``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]

    @property
    def label(self) -> str:
        """The Chinese word an accountant reads."""
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


class Finding(BaseModel):
    """One thing wrong (or worth knowing) about one cell of one sheet (spec §5)."""

    model_config = ConfigDict(frozen=True)

    rule: str
    severity: Severity
    sheet: str
    cell: str
    indicator: str
    message: str
    value: str | None = None
    expected: str | None = None

    @property
    def sort_key(self) -> tuple[int, str, int, str]:
        """Errors first, then by sheet and position."""
        from jixiao.grid import parse_a1

        coord = parse_a1(self.cell) if self.cell else None
        row = coord[0] if coord else 0
        return (self.severity.rank, self.sheet, row, self.cell)


def count_by_severity(findings: list[Finding]) -> dict[Severity, int]:
    """Errors, warnings and infos, always all three keys."""
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts
