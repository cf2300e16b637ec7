"""The add-in built on Linux: a valid package, the 绩效自评 ribbon on one callback, VBA stored as
source only (olevba decodes it, oletools sees no stomping), and the config sheet filled."""

from __future__ import annotations

import io
import random
import struct
import sys
import warnings
import zipfile
from pathlib import Path

import olefile
import pytest
import python_calamine
from defusedxml import ElementTree
from typer.testing import CliRunner

from jixiao.addin import build, ovba
from jixiao.addin.build import (
    ADDIN_FILE,
    CALLBACK,
    CONFIG_SHEET,
    VBA_MODULE,
    AddinConfig,
    assets_dir,
    build_addin,
    template_path,
)
from jixiao.addin.install import APPLESCRIPT, MAC_SCRIPTS, MAC_STARTUP, install_addin
from jixiao.xl.commands import HANDLERS

with warnings.catch_warnings():  # oletools still uses pyparsing's old names
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser, decompress_stream

NS = "{http://schemas.microsoft.com/office/2006/01/customui}"
CONFIG = AddinConfig(
    interpreter_win=r"%LOCALAPPDATA%\jixiao\python\pythonw.exe",
    interpreter_mac="/Users/Shared/jixiao/bin/python3",
    pythonpath=r"%LOCALAPPDATA%\jixiao\app",
)


@pytest.fixture(scope="module")
def addin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin"), CONFIG)


def _vba(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {
            stream.rpartition("/")[2]: code
            for _, stream, _, code in parser.extract_macros()
        }
    finally:
        parser.close()


def _ole(path: Path) -> olefile.OleFileIO:
    with zipfile.ZipFile(path) as archive:
        return olefile.OleFileIO(archive.read("xl/vbaProject.bin"))


def test_package_is_a_valid_zip_with_the_templates_parts(addin: Path) -> None:
    assert addin.name == ADDIN_FILE
    with zipfile.ZipFile(addin) as built, zipfile.ZipFile(template_path()) as template:
        assert built.testzip() is None
        assert built.namelist() == template.namelist()
        workbook = built.read("xl/workbook.xml").decode()
    assert f'name="{CONFIG_SHEET}"' in workbook


def test_build_is_reproducible(addin: Path, tmp_path: Path) -> None:
    again = build_addin(tmp_path, CONFIG)
    assert again.read_bytes() == addin.read_bytes()


def test_custom_ui_has_the_tab_and_every_button_on_the_one_callback(addin: Path) -> None:
    with zipfile.ZipFile(addin) as archive:
        root = ElementTree.fromstring(archive.read("customUI/customUI.xml"))
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    tab = next(root.iter(f"{NS}tab"))
    assert tab.get("label") == "绩效自评"
    buttons = list(root.iter(f"{NS}button"))
    labels = {button.get("id"): button.get("label") for button in buttons}
    assert labels == {
        "recalc": "重新计算", "validate": "仅校验", "clear_marks": "清除标记",
        "add_project": "新增项目表", "about": "关于",
    }
    assert set(labels) == set(HANDLERS)
    for button in buttons:
        assert button.get("onAction") == CALLBACK
        assert button.get("imageMso")
    assert {element.get("onAction") for element in root.iter() if element.get("onAction")} == {
        CALLBACK
    }


def test_vba_decodes_and_forwards_the_control_id(addin: Path) -> None:
    modules = _vba(addin)
    code = modules[VBA_MODULE]
    assert 'RunPython "import " & m & ";" & m & ".main(\'" & control.Id & "\')"' in code
    assert "Sub RunMain(control As IRibbonControl)" in code
    assert code.isascii()
    expected = (assets_dir() / f"{VBA_MODULE}.bas").read_text("ascii").replace("\r\n", "\n")
    assert code.replace("\r\n", "\n").strip() in expected.strip()
    assert "Public Const XLWINGS_VERSION As String = \"0.37.8\"" in modules["xlwings"]


def test_chinese_messages_are_hex_that_decodes(addin: Path) -> None:
    code = _vba(addin)[VBA_MODULE]
    texts = []
    for part in code.split('U("')[1:]:
        hexcodes = part.split('"')[0]
        texts.append("".join(chr(int(hexcodes[i : i + 4], 16)) for i in range(0, len(hexcodes), 4)))
    assert "绩效自评" in texts
    assert any("启用编辑" in text for text in texts)
    assert any("myaddin.conf" in text for text in texts)


def test_no_vba_stomping_and_source_only(addin: Path) -> None:
    parser = VBA_Parser(str(addin))
    try:
        assert parser.detect_vba_stomping() is False
    finally:
        parser.close()
    ole = _ole(addin)
    template = olefile.OleFileIO(zipfile.ZipFile(template_path()).read("xl/vbaProject.bin"))
    try:
        for entry in template.listdir():
            name = "/".join(entry)
            assert ole.get_size(name) == template.get_size(name), name
        directory = ovba.decompress(ole.openstream("VBA/dir").read())
        offsets = {}
        module = ""
        for record_id, payload in build._records(directory):
            if record_id == 0x0019:
                module = payload.decode("latin-1")
            elif record_id == 0x0031:
                offsets[module] = struct.unpack("<I", payload)[0]
        assert offsets[VBA_MODULE] == 0
        stream = ole.openstream(f"VBA/{VBA_MODULE}").read()
        assert bytes(decompress_stream(bytearray(stream))) == ovba.decompress(stream)
    finally:
        ole.close()
        template.close()


def test_config_sheet(addin: Path) -> None:
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(addin.read_bytes()))
    assert workbook.sheet_names == [CONFIG_SHEET]
    rows = {row[0]: row[1] for row in workbook.get_sheet_by_name(CONFIG_SHEET).to_python()}
    assert rows["Interpreter_Win"] == CONFIG.interpreter_win
    assert rows["Interpreter_Mac"] == CONFIG.interpreter_mac
    assert rows["PYTHONPATH"] == CONFIG.pythonpath
    assert rows["ADD_WORKBOOK_TO_PYTHONPATH"] == "false"
    assert rows["Use UDF Server"] is False


# ---------------------------------------------------------------------------------------------
# The MS-OVBA compressor


def _vba_like(rng: random.Random, size: int) -> bytes:
    words = [b"Dim", b"As", b"String", b"If", b"Then", b"End", b"Sub", b"RunPython", b"'", b"&",
             b"control.Id", b"=", b"Next", b"For", b"i", b"x", b"\r\n", b"    "]
    out = bytearray()
    while len(out) < size:
        out += rng.choice(words) + b" "
    return bytes(out[:size])


@pytest.mark.parametrize("size", [0, 1, 3, 100, 4095, 4096, 4097, 9000])
def test_compress_round_trips_with_oletools(size: int) -> None:
    data = _vba_like(random.Random(size), size)
    packed = ovba.compress(data)
    assert ovba.decompress(packed) == data
    if data:
        assert bytes(decompress_stream(bytearray(packed))) == data


@pytest.mark.parametrize("seed", range(6))
def test_compress_to_exact_sizes(seed: int) -> None:
    rng = random.Random(seed)
    data = _vba_like(rng, rng.choice([700, 1500, 5000]))
    smallest = len(ovba.compress(data)) - 8
    for extra in (8, 9, 10, 16, 33, 120):
        target = smallest + extra
        try:
            packed = ovba.compress_to_size(data, target)
        except ovba.CompressionError:
            continue
        assert len(packed) == target
        assert bytes(decompress_stream(bytearray(packed))) == data
    assert len(ovba.compress_to_size(data, len(ovba.compress(data)) + 20)) == len(
        ovba.compress(data)
    ) + 20


def test_compress_to_size_refuses_too_little_room() -> None:
    data = _vba_like(random.Random(1), 2000)
    with pytest.raises(ovba.CompressionError, match="needs at least"):
        ovba.compress_to_size(data, 100)


# ---------------------------------------------------------------------------------------------
# Installing


def test_install_on_windows_copies_to_xlstart(tmp_path: Path) -> None:
    target = install_addin(tmp_path / "XLSTART", platform="win32")
    assert target == tmp_path / "XLSTART" / ADDIN_FILE
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(target.read_bytes()))
    rows = {row[0]: row[1] for row in workbook.get_sheet_by_name(CONFIG_SHEET).to_python()}
    assert rows["Interpreter_Win"] == sys.executable
    assert rows["Interpreter_Mac"] == ""
    assert (Path(str(rows["PYTHONPATH"])) / "jixiao_addin.py").is_file()


def test_install_on_macos_uses_the_startup_folder_and_applescript(tmp_path: Path) -> None:
    target = install_addin(platform="darwin", home=tmp_path)
    assert target == tmp_path / MAC_STARTUP / ADDIN_FILE
    assert (tmp_path / MAC_SCRIPTS / APPLESCRIPT).is_file()


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="Excel exists there")
def test_install_where_there_is_no_excel_says_so() -> None:
    from jixiao.cli import _register, app

    _register()
    result = CliRunner().invoke(app, ["addin", "install"])
    assert result.exit_code == 2
    assert "Excel" in result.output and "jixiao addin build" in result.output


def test_cli_build(tmp_path: Path) -> None:
    from jixiao.cli import _register, app

    _register()
    result = CliRunner().invoke(app, ["addin", "build", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / ADDIN_FILE).is_file()
