"""The public API is one sorted ``__all__``, and the core never imports an adapter library."""

from __future__ import annotations

import subprocess
import sys

import jixiao


def test_exported_members_are_sorted_and_public() -> None:
    assert jixiao.__all__ == sorted(jixiao.__all__)
    for name in jixiao.__all__:
        assert hasattr(jixiao, name), name


def test_core_imports_no_adapter() -> None:
    """Parsing, evaluating and planning know nothing of openpyxl, calamine or xlwings."""
    code = (
        "import sys; import jixiao.parse, jixiao.evaluate, jixiao.plan, jixiao.pipeline; "
        "print(sorted(m for m in ('openpyxl', 'python_calamine', 'xlwings', 'pandas') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
