"""What the batch adds in front of the reader, and a Chinese reason for every way a file can fail.

Hostile files (zip bombs, entity attacks, giant cell addresses, encryption) are refused by
:mod:`jixiao.readers.guard` inside the reader. Here are only the cases a folder of returned files
adds: a file named on the command line that is not a workbook at all, and the web-system export
(an HTML or XML table) saved as ``.xls``, which deserves a more useful reason than "unknown format".
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from jixiao.errors import UnreadableWorkbookError

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls")
ANNOTATABLE_SUFFIXES = (".xlsx", ".xlsm")
_HEAD_BYTES = 1024

CRASHED = "读取此文件时程序异常退出（文件可能过大或已损坏），已跳过。请在 Excel 中打开并另存后重新提交。"


def _markup_kind(head: bytes) -> str | None:
    """Web systems often export an HTML or XML table and name it .xls."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        return "Excel 2003 XML 表格"
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")):
        return "网页（HTML）"
    return None


def precheck(path: Path) -> None:
    """Raise UnreadableWorkbookError for files the reader would only call "not a workbook"."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableWorkbookError(
            f"不支持的文件格式“{path.suffix or '无扩展名'}”，只能检查 .xlsx、.xlsm、.xls 工作簿。"
        )
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    kind = _markup_kind(head)
    if kind is not None:
        raise UnreadableWorkbookError(
            f"文件实际是{kind}格式，只是扩展名为 {suffix}。请在 Excel 中打开并另存为 .xlsx 后重新提交。"
        )


def describe_failure(error: BaseException) -> str:
    """A Chinese reason for an exception raised while reading, checking or annotating a file."""
    import python_calamine

    from jixiao.errors import UserError
    from jixiao.profile import UnknownProfileError

    if isinstance(error, UserError | UnknownProfileError):
        return str(error)
    if isinstance(error, python_calamine.PasswordError):
        return "文件已加密（设置了打开密码），请去掉密码后重新提交。"
    if isinstance(error, python_calamine.ZipError | zipfile.BadZipFile):
        return "文件已损坏或不完整（不是有效的 xlsx 压缩包）。"
    if isinstance(error, python_calamine.XmlError):
        return "文件内部的 XML 内容已损坏，无法解析。请在 Excel 中打开并另存后重新提交。"
    if isinstance(error, python_calamine.CalamineError):
        return f"文件内容无法解析：{error}"
    if type(error).__module__.startswith("defusedxml"):
        return "文件中含有 XML 实体声明（DOCTYPE/ENTITY），已拒绝读取。"
    if isinstance(error, MemoryError):
        return "文件过大，内存不足，无法读取。"
    if isinstance(error, PermissionError):
        return "没有读取或写入此文件的权限。"
    if isinstance(error, FileNotFoundError):
        return "文件在检查过程中被移走或删除。"
    if isinstance(error, OSError):
        return f"无法读取或写入文件（{error.strerror or error}）。"
    return f"程序无法处理此文件（{type(error).__name__}: {error}）。请把文件发给软件维护人员。"
