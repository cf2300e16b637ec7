"""Writes the hostile corpus: files a returned-workbook folder may hold by accident or by intent.

Each writer makes one real file; nothing is mocked. ``SECRET`` is planted in a local file that an
external-entity attack points at, so a test can assert it never reaches any output.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

SECRET = "绝密-jixiao-xxe-canary-7f3a"


def _base_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "附件2"
    sheet["A1"] = "2024年度部门（单位）整体支出绩效自评表"
    sheet["B2"] = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(replace: dict[str, Callable[[bytes], bytes]], extra: dict[str, bytes] | None = None,
             compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_base_xlsx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename in replace:
                data = replace[item.filename](data)
            target.writestr(item.filename, data, compress_type=compression)
        for name, data in (extra or {}).items():
            target.writestr(name, data, compress_type=compression)
    return buffer.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def not_a_zip(path: Path) -> None:
    path.write_text("这不是 Excel 文件，只是改了扩展名的文本。", encoding="utf-8")


def empty(path: Path) -> None:
    path.write_bytes(b"")


def truncated(path: Path) -> None:
    data = _base_xlsx()
    path.write_bytes(data[: len(data) // 2])


def encrypted(path: Path) -> None:
    import msoffcrypto.format.ooxml as ooxml

    plain = io.BytesIO(_base_xlsx())
    out = io.BytesIO()
    ooxml.OOXMLFile(plain).encrypt("密码123", out)
    path.write_bytes(out.getvalue())


def zip_bomb(path: Path, size: int = 1024**3 + 1) -> None:
    """A worksheet part that inflates to more than 1 GiB (about 1 MB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        source = zipfile.ZipFile(io.BytesIO(_base_xlsx()))
        for item in source.infolist():
            if item.filename == SHEET:
                continue
            target.writestr(item.filename, source.read(item.filename))
        with target.open(SHEET, "w", force_zip64=True) as stream:
            block = b" " * (1 << 20)
            written = 0
            while written < size:
                chunk = block[: min(len(block), size - written)]
                stream.write(chunk)
                written += len(chunk)


def billion_laughs(path: Path) -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    doctype = "<!DOCTYPE sst [" + "".join(entities) + "]>"
    strings = (
        '<?xml version="1.0"?>' + doctype
        + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    ).encode()
    path.write_bytes(_rewrite({}, {"xl/sharedStrings.xml": strings}))


def external_entity(path: Path, secret_file: Path) -> None:
    secret_file.write_text(SECRET, encoding="utf-8")

    def inject(data: bytes) -> bytes:
        text = data.decode()
        head, _, body = text.partition("?>")
        doctype = f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'
        body = body.replace("<c r=\"B2\"", '<c r="C3" t="inlineStr"><is><t>&xxe;</t></is></c><c r="B2"')
        return (head + "?>" + doctype + body).encode()

    path.write_bytes(_rewrite({SHEET: inject}))


def giant_dimension(path: Path) -> None:
    """Claims A1:XFD1048576 but holds two cells: must be read without a dense grid."""
    import re

    path.write_bytes(_rewrite({
        SHEET: lambda data: re.sub(rb'<dimension ref="[^"]+"\s*/>',
                                   b'<dimension ref="A1:XFD1048576"/>', data)
    }))


def giant_cell_address(path: Path) -> None:
    """One cell at XFD1048576: a dense read of this sheet aborts the process."""
    path.write_bytes(_rewrite({SHEET: lambda data: data.replace(b'r="B2"', b'r="XFD1048576"')}))


def legacy_xls(path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("附件2")
    sheet.write(0, 0, "2024年度部门（单位）整体支出绩效自评表")
    sheet.write(2, 0, "市直部门预算单位名称")
    sheet.write(2, 3, "株洲市示例局")
    book.save(str(path))


def macro_workbook(path: Path) -> None:
    """An .xlsm carrying the VBA project of xlwings' quickstart workbook: never run."""
    import xlwings

    template = Path(xlwings.__file__).parent / "quickstart.xlsm"
    path.write_bytes(template.read_bytes())


WRITERS: dict[str, Callable[[Path], None]] = {
    "不是压缩包.xlsx": not_a_zip,
    "空文件.xlsx": empty,
    "截断.xlsx": truncated,
    "加密.xlsx": encrypted,
    "压缩炸弹.xlsx": zip_bomb,
    "实体炸弹.xlsx": billion_laughs,
    "超大范围.xlsx": giant_dimension,
    "超远单元格.xlsx": giant_cell_address,
    "旧格式.xls": legacy_xls,
    "含宏.xlsm": macro_workbook,
}


def write_corpus(folder: Path, secret_file: Path) -> dict[str, Path]:
    """Every hostile file into ``folder``; returns name → path."""
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, writer in WRITERS.items():
        writer(folder / name)
        written[name] = folder / name
    external_entity(folder / "外部实体.xlsx", secret_file)
    written["外部实体.xlsx"] = folder / "外部实体.xlsx"
    return written
