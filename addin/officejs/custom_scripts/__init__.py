"""The scripts xlwings Server exposes at /xlwings/custom-scripts-call/<name>.

Only the three button scripts live in this namespace: xlwings Server calls whatever attribute of
this module a request names, so nothing else may be imported here. The code is in
``jixiao.serve.scripts`` (typed and linted with the rest of jixiao).
"""

from jixiao.serve.scripts import clear_marks, recalc, validate

__all__ = ["clear_marks", "recalc", "validate"]
