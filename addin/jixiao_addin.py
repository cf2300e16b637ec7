"""Entry module of the 绩效自评 Excel add-in (``jixiao_addin.xlam``).

The add-in's one VBA callback runs ``import jixiao_addin; jixiao_addin.main('<button id>')``
through xlwings' RunPython: the module name is the add-in's file name, and the button id is the
``id`` of the ribbon button in ``customUI.xml``. Kept tiny: everything runs in ``jixiao.xl``.
"""

from __future__ import annotations


def main(button_id: str = "recalc") -> None:
    """Run one ribbon button on the workbook that was active when it was clicked."""
    import xlwings as xw

    from jixiao.xl.commands import dispatch

    dispatch(xw.Book.caller(), button_id)

