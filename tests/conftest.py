"""Shared test setup: the tests folder is importable (fixture writers live here)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
