"""The one way through: read → parse → evaluate → plan, for one file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jixiao.evaluate import Evaluation, evaluate
from jixiao.grid import Grid
from jixiao.layout import META_SHEET
from jixiao.messages import finding
from jixiao.models import ParsedWorkbook
from jixiao.parse import parse_grid
from jixiao.plan import Mode, Plan, make_plan
from jixiao.profile import Profile, UnknownProfileError, load_profile


@dataclass(frozen=True, slots=True)
class Analysis:
    """A workbook parsed and evaluated under one profile."""

    parsed: ParsedWorkbook
    profile: Profile
    evaluation: Evaluation

    def plan(self, mode: Mode) -> Plan:
        return make_plan(self.parsed, self.evaluation, mode)


def choose_profile(parsed: ParsedWorkbook, override: str | None) -> Profile:
    """The caller's choice first, then the profile the template embeds, then the default."""
    if override:
        return load_profile(override)
    if parsed.template is not None and parsed.template.profile:
        return load_profile(parsed.template.profile)
    return load_profile(None)


def analyse_grid(grid: Grid, profile: str | None = None) -> Analysis:
    """Parse and evaluate a grid any reader produced.

    A profile named by the caller must exist; one named only by the workbook's ``_jixiao`` sheet
    that this version does not ship falls back to the default with a warning, so the batch goes
    on and the reviewer sees why."""
    parsed = parse_grid(grid)
    try:
        chosen = choose_profile(parsed, profile)
    except UnknownProfileError:
        if profile:
            raise
        chosen = load_profile(None)
        stated = parsed.template.profile if parsed.template is not None else ""
        problem = finding("profile-unknown", sheet=META_SHEET, cell="", indicator="评分口径",
                          value=stated, expected=chosen.name)
        parsed = parsed.model_copy(update={"problems": [*parsed.problems, problem]})
    return Analysis(parsed=parsed, profile=chosen, evaluation=evaluate(parsed, chosen))


def analyse_file(path: Path, profile: str | None = None) -> Analysis:
    """Read a file with the fast value reader and analyse it."""
    from jixiao.readers.calamine_reader import read_grid

    return analyse_grid(read_grid(path), profile)
