"""Checks on an untrusted file before any parser sees it (spec §9).

Returned workbooks come from outside the bureau. A zip bomb, an XML entity attack or a sheet
that claims a cell at XFD1048576 must be refused here: python-calamine materialises a sheet as a
dense rectangle, and a rectangle of 17 billion cells aborts the whole process.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.errors import UnreadableWorkbookError
from jixiao.grid import Coord
from jixiao.readers.formula_cache import sheet_parts, uncached_formulas

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class Limits:
    """Generous for any real annex workbook (a few hundred rows), tight for attacks."""

    file_bytes: int = 100 * 1024 * 1024
    total_uncompressed: int = 300 * 1024 * 1024
    part_uncompressed: int = 150 * 1024 * 1024
    ratio: int = 200  # uncompressed / compressed, for parts above ``ratio_floor`` bytes
    ratio_floor: int = 2 * 1024 * 1024
    entries: int = 5000
    max_row: int = 200_000
    max_col: int = 2_000
    max_cells: int = 20_000_000  # area of the used rectangle


DEFAULT_LIMITS = Limits()

# In a worksheet part only cells carry an ``r`` attribute with letters (rows have digits only).
_CELL_REF = re.compile(rb" r=\"([A-Z]{1,3})(\d{1,7})\"")
_WHOLE_PART = 4 * 1024 * 1024  # parts up to this size are read in one go
_ENTITY = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _col_index(letters: bytes) -> int:
    index = 0
    for byte in letters:
        index = index * 26 + (byte - 64)
    return index


def _check_zip(path: Path, limits: Limits) -> CheckedFile:
    """Check the archive and every XML part; keep what the readers need from that pass."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise UnreadableWorkbookError("文件已损坏或不完整（不是有效的 xlsx 压缩包）。") from error
    with archive:
        members = archive.infolist()
        if len(members) > limits.entries:
            raise UnreadableWorkbookError(f"压缩包内文件过多（{len(members)} 个），疑似恶意文件。")
        if "xl/workbook.xml" not in {member.filename for member in members}:
            raise UnreadableWorkbookError("压缩包中没有 Excel 工作簿内容（缺少 xl/workbook.xml）。")
        total = 0
        for member in members:
            total += member.file_size
            if member.file_size > limits.part_uncompressed or total > limits.total_uncompressed:
                raise UnreadableWorkbookError("解压后体积过大，疑似“压缩炸弹”，已拒绝读取。")
            if (member.file_size > limits.ratio_floor
                    and member.file_size > limits.ratio * max(member.compress_size, 1)):
                raise UnreadableWorkbookError("压缩比异常，疑似“压缩炸弹”，已拒绝读取。")
        kept: dict[str, bytes] = {}
        uncached: dict[str, frozenset[Coord]] = {}
        for member in members:
            if not member.filename.endswith((".xml", ".rels", ".vml")):
                continue
            try:
                data = _check_part(archive, member, limits)
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise UnreadableWorkbookError("文件已损坏或不完整（压缩数据无法解开）。") from error
            if member.filename in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
                kept[member.filename] = data
            elif member.filename.startswith("xl/worksheets/") and data:
                formulas = uncached_formulas(data)
                if formulas:
                    uncached[member.filename] = formulas
        workbook_xml = kept.get("xl/workbook.xml", b"")
        by_sheet: dict[str, frozenset[Coord]] = {}
        if uncached:
            names = sheet_parts(workbook_xml, kept.get("xl/_rels/workbook.xml.rels", b""))
            by_sheet = {names[part]: cells for part, cells in uncached.items() if part in names}
        return CheckedFile("xlsx", workbook_xml, by_sheet)


def _chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """Small parts in one read; large ones streamed so a lying header cannot exhaust memory."""
    if member.file_size <= _WHOLE_PART:
        yield archive.read(member)
        return
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            yield chunk


def _check_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits) -> bytes:
    """Refuse entity declarations anywhere and oversized cell addresses in worksheets."""
    is_sheet = member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
    max_row = max_col = 0
    tail = b""
    first = b""
    for chunk in _chunks(archive, member):
        if not first:
            first = chunk
            if _ENTITY.search(chunk[:65536]):
                raise UnreadableWorkbookError(
                    "文件中含有 XML 实体声明（DOCTYPE/ENTITY），可能是“实体炸弹”或外部实体攻击，已拒绝读取。"
                )
        if not is_sheet:
            continue
        found = _CELL_REF.findall(tail + chunk)
        if found:
            letters, digits = zip(*found, strict=True)
            max_col = max(max_col, *map(_col_index, set(letters)))
            max_row = max(max_row, *map(int, set(digits)))
        tail = chunk[-64:]
    if is_sheet and (max_row > limits.max_row or max_col > limits.max_col
                     or max_row * max_col > limits.max_cells):
        raise UnreadableWorkbookError(
            f"工作表文件 {member.filename.rsplit('/', 1)[-1]} 的数据范围过大"
            f"（最远到第 {max_row} 行、第 {max_col} 列），不是正常的附件表，已拒绝读取。"
        )
    return first if member.file_size <= _WHOLE_PART else b""


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """A file that passed the checks: its format, and the workbook part for xlsx."""

    format: str
    workbook_xml: bytes = b""
    uncached: dict[str, frozenset[Coord]] = field(default_factory=dict)  # sheet → formula cells


def check_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> CheckedFile:
    """Refuse what must not be parsed; say what passed."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise UnreadableWorkbookError(f"无法打开文件（{error.strerror or error}）。") from error
    if size == 0:
        raise UnreadableWorkbookError("文件是空的（0 字节）。")
    if size > limits.file_bytes:
        raise UnreadableWorkbookError(f"文件过大（{size // (1024 * 1024)} MB），不是正常的附件表。")
    if head.startswith(OLE_MAGIC):
        if path.suffix.lower() in (".xlsx", ".xlsm") or _is_encrypted_package(path):
            raise UnreadableWorkbookError("文件已加密（设置了打开密码），请去掉密码后重新提交。")
        return CheckedFile("xls")
    if not head.startswith(ZIP_MAGIC):
        raise UnreadableWorkbookError("不是 Excel 工作簿（文件格式无法识别）。")
    return _check_zip(path, limits)


def _is_encrypted_package(path: Path) -> bool:
    """An encrypted xlsx is an OLE file with an ``EncryptionInfo`` stream (name in UTF-16)."""
    with open(path, "rb") as handle:
        data = handle.read(1 << 20)
    return "EncryptionInfo".encode("utf-16-le") in data
