"""Build ``jixiao_addin.xlam`` from xlwings' ribbon add-in template, without Excel.

xlwings 0.37.8 ships ``quickstart_addin_ribbon.xlam``: a ribbon tab whose one button calls the
VBA ``RibbonMyAddin.RunMain``, the xlwings VBA module (RunPython) and a config sheet. The build
keeps all of it and changes four parts:

* ``customUI/customUI.xml``: the 绩效自评 tab from ``addin/customUI.xml``;
* ``xl/vbaProject.bin``: the ``RibbonMyAddin`` module replaced by ``addin/RibbonMyAddin.bas``,
  stored as source only (MODULEOFFSET 0, no p-code, as the template stores its ``xlwings``
  module), so there is no compiled code that could differ from the source ("VBA stomping");
  the compound file keeps its layout because both changed streams are compressed to their old
  sizes (:mod:`jixiao.addin.ovba`);
* the config sheet ``myaddin.conf`` (renamed from the inactive ``_myaddin.conf``) with the
  interpreters, PYTHONPATH, and ``ADD_WORKBOOK_TO_PYTHONPATH`` off, so that Python never imports
  code lying next to a workbook someone sent;
* ``docProps/core.xml``: title and author.

The ``myaddin`` project name stays: it is only the VBA project's and the config sheet's name,
never shown on the ribbon, and renaming it would mean rewriting the 80 KB xlwings module.
"""

from __future__ import annotations

import importlib.util
import os
import re
import struct
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from jixiao.addin.ovba import CompressionError, compress_to_size, decompress

XLWINGS_VERSION = "0.37.8"
ADDIN_NAME = "jixiao_addin"
ADDIN_FILE = f"{ADDIN_NAME}.xlam"
TEMPLATE_FILE = "quickstart_addin_ribbon.xlam"
VBA_MODULE = "RibbonMyAddin"
CONFIG_SHEET = "myaddin.conf"
CALLBACK = f"{VBA_MODULE}.RunMain"
_DOCSTRING = "jixiao: every ribbon button runs jixiao_addin.main(control.Id)"

# dir stream record ids (MS-OVBA 2.3.4.2)
_PROJECTVERSION = 0x0009
_MODULENAME = 0x0019
_MODULEDOCSTRING = 0x001C
_MODULEDOCSTRINGUNICODE = 0x0048
_MODULEOFFSET = 0x0031
_MODULETERMINATOR = 0x002B


class AddinBuildError(Exception):
    """The add-in cannot be built (wrong xlwings, missing files, source too long)."""


@dataclass(frozen=True, slots=True)
class AddinConfig:
    """What goes into the add-in's config sheet; empty means xlwings' default."""

    interpreter_win: str = ""
    interpreter_mac: str = ""
    pythonpath: str = ""


def assets_dir() -> Path:
    """``customUI.xml``, ``RibbonMyAddin.bas`` and the entry module: in the wheel, or the repo."""
    for candidate in (
        Path(__file__).resolve().parent / "assets",
        Path(__file__).resolve().parents[3] / "addin",
    ):
        if (candidate / "customUI.xml").is_file():
            return candidate
    raise AddinBuildError("找不到加载项的界面和 VBA 源文件（addin/customUI.xml）。")


def template_path() -> Path:
    """The ribbon template inside the installed xlwings, which must be the pinned version."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise AddinBuildError("没有安装 xlwings，无法生成加载项。")
    package = Path(spec.origin).parent
    version = _xlwings_version(package)
    if version != XLWINGS_VERSION:
        raise AddinBuildError(
            f"需要 xlwings {XLWINGS_VERSION}（加载项中的 VBA 与之配套），当前为 {version}。"
        )
    path = package / TEMPLATE_FILE
    if not path.is_file():
        raise AddinBuildError(f"xlwings 中缺少模板 {TEMPLATE_FILE}。")
    return path


def _xlwings_version(package: Path) -> str:
    """Read ``__version__`` without importing xlwings (which loads pandas and numpy)."""
    match = re.search(r'__version__\s*=\s*"([^"]+)"', (package / "__init__.py").read_text("utf-8"))
    return match.group(1) if match else "unknown"


# ---------------------------------------------------------------------------------------------
# vbaProject.bin


def _records(data: bytes) -> Iterator[tuple[int, bytes]]:
    pos = 0
    while pos < len(data):
        record_id, size = struct.unpack_from("<HI", data, pos)
        if record_id == _PROJECTVERSION:  # its size field says 4, but 6 bytes follow
            size = 6
        yield record_id, data[pos + 6 : pos + 6 + size]
        pos += 6 + size


def _record(record_id: int, payload: bytes) -> bytes:
    size = 4 if record_id == _PROJECTVERSION else len(payload)
    return struct.pack("<HI", record_id, size) + payload


def patch_dir(data: bytes, module: str, docstring: str) -> bytes:
    """The decompressed ``dir`` stream with ``module`` stored source-only and a docstring."""
    out = bytearray()
    current = ""
    found = False
    for record_id, payload in _records(data):
        if record_id == _MODULENAME:
            current = payload.decode("latin-1")
        elif record_id == _MODULETERMINATOR:
            current = ""
        if current == module:
            found = True
            if record_id == _MODULEOFFSET:
                payload = struct.pack("<I", 0)
            elif record_id == _MODULEDOCSTRING:
                payload = docstring.encode("ascii")
            elif record_id == _MODULEDOCSTRINGUNICODE:
                payload = docstring.encode("utf-16-le")
        out += _record(record_id, payload)
    if not found:
        raise AddinBuildError(f"模板的 VBA 工程中没有模块 {module}。")
    return bytes(out)


def _fit_dir(stream: bytes) -> bytes:
    """The new ``dir`` stream, compressed to the old one's size.

    Usually it fits as it is; if the changed offset makes it one byte too short in a way no
    re-encoding can pad, a (shortened) module description is the slack.
    """
    data = decompress(stream)
    for length in range(len(_DOCSTRING) + 1):
        patched = patch_dir(data, VBA_MODULE, _DOCSTRING[:length])
        try:
            return compress_to_size(patched, len(stream))
        except CompressionError:
            continue
    raise AddinBuildError("无法在原有大小内写入 VBA 工程目录（dir）。")


def _fit_module(source: bytes, size: int) -> bytes:
    """The module's source, compressed to ``size`` bytes; comment lines pad a short source."""
    if not source.isascii():
        raise AddinBuildError(f"{VBA_MODULE}.bas 只能包含 ASCII 字符（VBA 工程的代码页是 1252）。")
    for padding in range(400):
        padded = source + b"'\r\n" * padding
        try:
            return compress_to_size(padded, size)
        except CompressionError as error:
            if "needs at least" in str(error):
                raise AddinBuildError(f"{VBA_MODULE}.bas 太长，压缩后超过 {size} 字节。") from error
    raise AddinBuildError(f"无法把 {VBA_MODULE}.bas 写成 {size} 字节。")


def rewrite_vba_project(data: bytes, source: bytes) -> bytes:
    """``vbaProject.bin`` with ``RibbonMyAddin`` replaced by ``source`` (CRLF line ends)."""
    import olefile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "vbaProject.bin"
        path.write_bytes(data)
        ole = olefile.OleFileIO(str(path), write_mode=True)
        try:
            dir_stream = ole.openstream("VBA/dir").read()
            module_size = ole.get_size(f"VBA/{VBA_MODULE}")
            ole.write_stream("VBA/dir", _fit_dir(dir_stream))
            ole.write_stream(f"VBA/{VBA_MODULE}", _fit_module(source, module_size))
        finally:
            ole.close()
        check = olefile.OleFileIO(str(path))
        try:
            stored = decompress(check.openstream(f"VBA/{VBA_MODULE}").read())
        finally:
            check.close()
        written = path.read_bytes()
    if not stored.startswith(source):
        raise AddinBuildError("写入的 VBA 源代码读回后不一致。")
    return written


# ---------------------------------------------------------------------------------------------
# Workbook parts


def _cell(ref: str, value: str) -> str:
    return f'<c r="{ref}" s="1" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def fill_config_sheet(xml: str, config: AddinConfig) -> str:
    """Values in column B of the config sheet, and ``ADD_WORKBOOK_TO_PYTHONPATH`` = false."""
    values = {1: config.interpreter_win, 2: config.interpreter_mac, 3: config.pythonpath}
    for row, value in values.items():
        if not value:
            continue
        pattern = re.compile(rf'(<row r="{row}" )spans="1:1"([^>]*>)(.*?)(</row>)')
        match = pattern.search(xml)
        if match is None:
            raise AddinBuildError(f"模板配置表第 {row} 行的格式与预期不同。")
        xml = (
            xml[: match.start()]
            + f'{match.group(1)}spans="1:2"{match.group(2)}{match.group(3)}'
            + _cell(f"B{row}", value) + match.group(4)
            + xml[match.end() :]
        )
    extra = (
        '<row r="10" spans="1:2" ht="15.75">'
        + _cell("A10", "ADD_WORKBOOK_TO_PYTHONPATH") + _cell("B10", "false") + "</row>"
    )
    if '<row r="13"' not in xml:
        raise AddinBuildError("模板配置表的格式与预期不同。")
    return xml.replace('<row r="13"', extra + '<row r="13"', 1)


def _workbook_xml(xml: str) -> str:
    if f'name="_{CONFIG_SHEET}"' not in xml:
        raise AddinBuildError("模板中没有配置表 _myaddin.conf。")
    return xml.replace(f'name="_{CONFIG_SHEET}"', f'name="{CONFIG_SHEET}"', 1)


def _core_xml(xml: str) -> str:
    xml = re.sub(r"<dc:title\s*/>|<dc:title>.*?</dc:title>", "<dc:title>绩效自评加载项</dc:title>", xml)
    xml = re.sub(r"<dc:creator>.*?</dc:creator>", "<dc:creator>jixiao</dc:creator>", xml)
    return re.sub(
        r"<cp:lastModifiedBy>.*?</cp:lastModifiedBy>", "<cp:lastModifiedBy>jixiao</cp:lastModifiedBy>", xml
    )


def build_addin(out_dir: Path, config: AddinConfig | None = None) -> Path:
    """Write ``jixiao_addin.xlam`` into ``out_dir``; returns its path. Same input, same bytes."""
    config = config or AddinConfig()
    assets = assets_dir()
    custom_ui = (assets / "customUI.xml").read_bytes()
    source = (assets / f"{VBA_MODULE}.bas").read_bytes().replace(b"\r\n", b"\n")
    source = source.replace(b"\n", b"\r\n")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / ADDIN_FILE
    partial = out_dir / f".{ADDIN_FILE}.partial"
    with zipfile.ZipFile(template_path()) as template, zipfile.ZipFile(
        partial, "w", zipfile.ZIP_DEFLATED
    ) as out:
        for info in template.infolist():
            data = template.read(info.filename)
            if info.filename == "customUI/customUI.xml":
                data = custom_ui
            elif info.filename == "xl/vbaProject.bin":
                data = rewrite_vba_project(data, source)
            elif info.filename == "xl/worksheets/sheet1.xml":
                data = fill_config_sheet(data.decode("utf-8"), config).encode("utf-8")
            elif info.filename == "xl/workbook.xml":
                data = _workbook_xml(data.decode("utf-8")).encode("utf-8")
            elif info.filename == "docProps/core.xml":
                data = _core_xml(data.decode("utf-8")).encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            out.writestr(entry, data)
    os.replace(partial, target)
    return target
