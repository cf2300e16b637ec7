"""Shared pieces of form parsing: locating a field by label, by header, or by defined name."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from jixiao.grid import Coord, parse_a1
from jixiao.layout import LAYOUTS, Role
from jixiao.models import Footer, Located, located
from jixiao.sheet_index import SheetIndex, core_key
from jixiao.values import number_at

_YEAR_IN_TITLE = re.compile(r"(\d{4})\s*年")
_FOOTER_LABELS = {
    "filler": ("填表人",),
    "date": ("填报日期",),
    "phone": ("联系电话",),
    "head": ("单位负责人", "单位负责人签字", "单位负责人（签字）"),
}


def _form_labels() -> frozenset[str]:
    labels: set[str] = set()
    for layout in LAYOUTS.values():
        for spec in layout.rows:
            labels.update(core_key(anchor) for anchor in spec.anchors)
            labels.update(
                core_key(slot.text) for slot in spec.slots
                if slot.role in (Role.LABEL, Role.FIXED) and slot.text and "{" not in slot.text
            )
    labels.discard("")
    return frozenset(labels)


_FORM_LABELS = _form_labels()


def is_form_label(text: str) -> bool:
    """True for a label of one of the forms (a value cell never holds one)."""
    return core_key(text) in _FORM_LABELS


@dataclass(slots=True)
class FormReader:
    """One sheet being read as one form."""

    index: SheetIndex
    names: dict[str, str]

    @property
    def sheet(self) -> str:
        return self.index.name

    def at(self, coord: Coord | None, label: str = "") -> Located:
        """The field at a coordinate; a missing coordinate gives an empty, unlocated field."""
        if coord is None:
            return Located(sheet=self.sheet, label=label)
        return located(self.sheet, self.index.ref(coord), self.index.value(coord), label,
                       uncached=coord in self.index.sheet.uncached)

    def named(self, field_key: str) -> Coord | None:
        """The cell a ``jx_`` defined name gives for a field, if the workbook has one."""
        ref = self.names.get("jx_" + field_key.replace(".", "_"))
        return parse_a1(ref.split(":")[0]) if ref else None

    def beside(
        self,
        field_key: str,
        anchors: Iterable[str],
        *,
        rows: tuple[int, int] = (1, 10**7),
        label: str = "",
        embedded: bool = False,
    ) -> Located:
        """The value right of a label. Labels win over a defined name that disagrees with them,
        because names go stale when rows are inserted by programs that do not update them.
        With ``embedded``, ``其中：一般公共预算：1387.53`` in one cell counts as label and value."""
        wanted = tuple(anchors)
        found = self.index.find(wanted, rows=rows)
        title = label or (wanted[0] if wanted else field_key)
        if found is None:
            return self.at(self.named(field_key), core_key(title))
        value_coord = self.index.right_of(*found)
        named = self.named(field_key)
        if named is not None and named[0] == found[0] and named[1] > found[1]:
            value_coord = named  # the template's own name, still on the label's row
        elif self.index.value(value_coord) is None:
            # Without merge information (xlwings' remote engine has none) the value may sit
            # further right: take the next filled cell on the row unless it is another label.
            for col in range(found[1] + 1, found[1] + 12):
                value = self.index.value((found[0], col))
                if value is None:
                    continue
                if not (isinstance(value, str) and is_form_label(value)):
                    value_coord = (found[0], col)
                break
        if embedded and self.index.value(value_coord) is None:
            text = str(self.index.value(found))
            if number_at(text.rpartition("：")[2]) is not None and "：" in text.rstrip("："):
                amount = text.rpartition("：")[2]
                return located(self.sheet, self.index.ref(found), amount, core_key(title))
        return self.at(value_coord, core_key(title))

    def footer(self, after_row: int) -> Footer:
        """填表人／填报日期／联系电话／单位负责人, also when typed as ``填表人：张三`` in one cell."""
        fields: dict[str, Located] = {}
        for key, anchors in _FOOTER_LABELS.items():
            found = self.index.find(anchors, rows=(after_row, 10**7))
            if found is None:
                fields[key] = self.at(None, anchors[0])
                continue
            text = str(self.index.value(found))
            inline = text.partition("：")[2].strip() if "：" in text else ""
            if inline:
                fields[key] = located(self.sheet, self.index.ref(found), inline, anchors[0])
            else:
                fields[key] = self.beside(f"footer.{key}", anchors, rows=(found[0], found[0]),
                                          label=anchors[0])
        return Footer(**fields)


def year_from_title(texts: Iterable[str]) -> int | None:
    """``2024年度部门（单位）整体支出绩效自评表`` → 2024."""
    for text in texts:
        match = _YEAR_IN_TITLE.search(text)
        if match is not None and 1990 <= int(match.group(1)) <= 2100:
            return int(match.group(1))
    return None
