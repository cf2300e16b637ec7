"""Shared test setup: the tests folder is importable (fixture writers live here)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# xlwings reads these once, when it is first imported: the remote engine (xw.Book(json=...))
# that the adapter tests run on needs a key, and @script metadata needs the server flag.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
os.environ.setdefault("XLWINGS_ON_SERVER", "true")
