"""附件1: control rates, the 三公经费 and 项目支出 totals, and their consistency checks."""

from __future__ import annotations

from decimal import Decimal

from jixiao.evaluate.collector import Collector, show
from jixiao.evaluate.compare import same
from jixiao.layout import Kind
from jixiao.models import Annex1, ExpenseLine, Located
from jixiao.values import quantize_rate

_SUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("vehicles", ("vehicle_purchase", "vehicle_running")),
    ("three_public", ("vehicles", "overseas", "reception")),
)
_PUBLIC_SUBSETS = ("office", "utilities_travel", "meetings_training")
_THREE_PUBLIC_ITEMS = ("three_public", "vehicles", "overseas", "reception")
_COLUMNS = ("prev_final", "budget", "final")


def _cell(line: ExpenseLine, column: str) -> Located:
    located: Located = getattr(line, column)
    return located


def _rate(
    out: Collector,
    numerator: Decimal | None,
    denominator: Decimal | None,
    at: Located,
    *,
    field: str,
    denominator_label: str,
    formula: str,
    quiet_when_zero: bool,
) -> Decimal | None:
    """A control rate, written to ``at`` and checked against what was entered there."""
    if numerator is None or denominator is None:
        return None
    if denominator == 0:
        out.write(at, None, Kind.RATE)
        if not (quiet_when_zero and numerator == 0):
            out.add("division-by-zero", at, field, denominator=denominator_label,
                    hint="请核实分母是否填写正确。")
        return None
    rate = quantize_rate(numerator / denominator)
    out.write(at, rate, Kind.RATE)
    entered = out.number(at, field, required=None, rate=True, allow_negative=True)
    if entered is not None and not same(entered, rate, Kind.RATE):
        out.add("rate-mismatch", at, field, value=show(entered, Kind.RATE),
                expected=show(rate, Kind.RATE), formula=formula)
    return rate


def evaluate_annex1(form: Annex1, out: Collector) -> dict[str, str]:
    """Findings and writes for 附件1; returns its ``computed`` entry of the JSON report."""
    computed: dict[str, str] = {}
    quota = out.number(form.staff_quota, "编制数")
    actual = out.number(form.staff_actual, "实际在职人数")
    staff_rate = _rate(
        out, actual, quota, form.staff_control_rate, field="财政供养人员控制率",
        denominator_label="编制数", formula="实际在职人数 ÷ 编制数", quiet_when_zero=True,
    )
    computed["staff_control_rate"] = str(staff_rate) if staff_rate is not None else "—"

    # Money cells: an empty cell counts as zero; text is an error.
    amounts: dict[tuple[str, str], Decimal] = {}
    lines = {**form.expenses, **{line.key: line for line in form.projects}}
    for key, line in lines.items():
        for column in _COLUMNS:
            at = _cell(line, column)
            value = out.number(at, line.label, required=None, money=True)
            amounts[(key, column)] = value if value is not None else Decimal(0)

    def check_sum(total_key: str, part_keys: tuple[str, ...], parts_label: str) -> None:
        total_line = form.expenses.get(total_key)
        if total_line is None:
            return
        for column in _COLUMNS:
            at = _cell(total_line, column)
            if at.text in ("——", "—"):
                continue
            expected = sum((amounts.get((part, column), Decimal(0)) for part in part_keys),
                           Decimal(0))
            out.write(at, expected, Kind.MONEY)
            entered = amounts.get((total_key, column)) if not at.is_blank else None
            amounts[(total_key, column)] = expected
            if entered is not None and not same(entered, expected, Kind.MONEY):
                out.add("sum-mismatch", at, total_line.label, value=show(entered, Kind.MONEY),
                        expected=show(expected, Kind.MONEY), parts=parts_label)

    for total_key, part_keys in _SUMS:
        labels = "、".join(form.expenses[key].label for key in part_keys if key in form.expenses)
        check_sum(total_key, part_keys, labels)
    check_sum("projects", tuple(line.key for line in form.projects), "各项目支出行")

    public = form.expenses.get("public")
    if public is not None:
        for column in _COLUMNS:
            parts = [amounts.get((key, column), Decimal(0)) for key in _PUBLIC_SUBSETS]
            total = amounts.get(("public", column), Decimal(0))
            if sum(parts, Decimal(0)) > total:
                out.add("subset-exceeds-total", _cell(public, column), public.label,
                        value=show(sum(parts, Decimal(0)), Kind.MONEY),
                        expected=show(total, Kind.MONEY), parts="“其中”各项")

    for key in _THREE_PUBLIC_ITEMS:
        item = form.expenses.get(key)
        if item is None:
            continue
        budget, final = amounts[(key, "budget")], amounts[(key, "final")]
        if final > budget:
            out.add("three-public-over-budget", item.final, item.label,
                    value=show(final, Kind.MONEY), expected=show(budget, Kind.MONEY))

    scale_totals = [Decimal(0), Decimal(0)]
    investment_totals = [Decimal(0), Decimal(0)]
    for building in form.buildings:
        label = building.name.text or "楼堂馆所"
        approved = out.number(building.approved_scale, f"{label}批复规模", required=None)
        built = out.number(building.actual_scale, f"{label}实际规模", required=None)
        budgeted = out.number(building.budget_investment, f"{label}预算投资", required=None,
                              money=True)
        spent = out.number(building.actual_investment, f"{label}实际投资", required=None,
                           money=True)
        zero = Decimal(0)
        approved, built = approved or zero, built or zero
        budgeted, spent = budgeted or zero, spent or zero
        _rate(out, built, approved, building.scale_rate, field=f"{label}规模控制率",
              denominator_label="批复规模", formula="实际规模 ÷ 批复规模", quiet_when_zero=True)
        _rate(out, spent, budgeted, building.investment_rate, field=f"{label}投资概算控制率",
              denominator_label="预算投资", formula="实际投资 ÷ 预算投资", quiet_when_zero=True)
        scale_totals = [scale_totals[0] + built, scale_totals[1] + approved]
        investment_totals = [investment_totals[0] + spent, investment_totals[1] + budgeted]
    if scale_totals[1] > 0:
        computed["scale_control_rate"] = str(quantize_rate(scale_totals[0] / scale_totals[1]))
    if investment_totals[1] > 0:
        computed["investment_control_rate"] = str(
            quantize_rate(investment_totals[0] / investment_totals[1])
        )
    return computed
