"""jixiao（绩效）: checks and recalculates 预算绩效自评 annex workbooks.

The way through is read → parse → evaluate → plan → apply; everything public is listed in
``__all__`` and nothing here imports openpyxl or xlwings.
"""

from __future__ import annotations

from jixiao.evaluate import CellWrite, Evaluation, FormResult, evaluate
from jixiao.findings import Finding, Severity
from jixiao.grid import Grid
from jixiao.layout import Form
from jixiao.models import ParsedWorkbook
from jixiao.parse import parse_grid
from jixiao.pipeline import Analysis, analyse_file, analyse_grid
from jixiao.plan import Mark, Mode, Plan, make_plan
from jixiao.profile import Profile, UnknownProfileError, available_profiles, load_profile

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "CellWrite",
    "Evaluation",
    "Finding",
    "Form",
    "FormResult",
    "Grid",
    "Mark",
    "Mode",
    "ParsedWorkbook",
    "Plan",
    "Profile",
    "Severity",
    "UnknownProfileError",
    "__version__",
    "analyse_file",
    "analyse_grid",
    "available_profiles",
    "evaluate",
    "load_profile",
    "make_plan",
    "parse_grid",
]
