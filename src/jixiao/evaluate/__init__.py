"""Evaluation: parsed forms in, computed values and findings out. Pure Python."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from jixiao.evaluate.annex1 import evaluate_annex1
from jixiao.evaluate.collector import CellWrite, Collector
from jixiao.evaluate.self_evaluation import evaluate_self_evaluation
from jixiao.findings import Finding
from jixiao.layout import Form
from jixiao.models import ParsedWorkbook
from jixiao.profile import Profile


class FormResult(BaseModel):
    """One annex sheet's computed values (spec §6 ``computed``)."""

    model_config = ConfigDict(frozen=True)

    form: Form
    sheet: str
    project: str | None = None
    computed: dict[str, str] = Field(default_factory=dict)


class Evaluation(BaseModel):
    """Everything the planner and the reports need from one workbook."""

    model_config = ConfigDict(frozen=True)

    profile: str
    forms: list[FormResult]
    findings: list[Finding]
    writes: list[CellWrite]


def evaluate(parsed: ParsedWorkbook, profile: Profile) -> Evaluation:
    """Compute every value and run every check of spec §5 on a parsed workbook."""
    out = Collector(findings=list(parsed.problems))
    forms: list[FormResult] = []
    if parsed.annex1 is not None:
        computed = evaluate_annex1(parsed.annex1, out)
        forms.append(FormResult(form=Form.ANNEX1, sheet=parsed.annex1.sheet, computed=computed))
    if parsed.annex2 is not None:
        computed = evaluate_self_evaluation(parsed.annex2, out, profile)
        forms.append(FormResult(form=Form.ANNEX2, sheet=parsed.annex2.sheet, computed=computed))
    for project in parsed.annex3:
        computed = evaluate_self_evaluation(project, out, profile)
        forms.append(
            FormResult(
                form=Form.ANNEX3, sheet=project.sheet, project=project.project_name.text or None,
                computed=computed,
            )
        )
    findings = sorted(out.findings, key=lambda item: item.sort_key)
    return Evaluation(profile=profile.name, forms=forms, findings=findings, writes=out.writes)


__all__ = ["CellWrite", "Evaluation", "FormResult", "evaluate"]
