"""Entered against computed, at the precision the form displays (spec §3)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.layout import Kind
from jixiao.values import quantize

_STEPS = {Kind.RATE: Decimal("0.0001"), Kind.MONEY: Decimal("0.01"), Kind.SCORE: Decimal("0.01")}


def shown(value: Decimal, kind: Kind) -> Decimal:
    """The value rounded as the cell displays it."""
    return quantize(value, _STEPS.get(kind, Decimal("0.01")))


def same(entered: Decimal, computed: Decimal, kind: Kind) -> bool:
    return shown(entered, kind) == shown(computed, kind)
