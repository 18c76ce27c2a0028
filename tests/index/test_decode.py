"""Decoding whatever a crawler saved: text is kept, non-text refused with a reason."""

from __future__ import annotations

import codecs

import pytest

from index.corpus.decode import NotText, decode_bytes, normalize_newlines

BN = "ক্যান থো শহরে ডিজিটাল রূপান্তর।"


def test_utf8_plain_and_with_bom() -> None:
    assert decode_bytes(BN.encode()).text == BN
    decoded = decode_bytes(codecs.BOM_UTF8 + BN.encode())
    assert (decoded.text, decoded.encoding) == (BN, "UTF-8 with BOM")


def test_utf16_with_and_without_bom() -> None:
    assert decode_bytes(BN.encode("utf-16")).text == BN
    assert decode_bytes("Hello Can Tho".encode("utf-16-le")).text == "Hello Can Tho"


def test_a_few_bad_bytes_are_replaced_and_reported() -> None:
    data = BN.encode() * 50 + b"\xff" + BN.encode()
    decoded = decode_bytes(data)
    assert decoded.text == BN * 50 + "\ufffd" + BN
    assert decoded.warnings == ("1 invalid UTF-8 byte sequence(s) replaced with U+FFFD",)


def test_latin1_file_is_read_as_windows_1252() -> None:
    decoded = decode_bytes("Café à Hà Nội, résumé".encode("latin-1", errors="replace"))
    assert decoded.encoding == "Windows-1252"
    assert decoded.text.startswith("Café à H")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary file: a PNG image"),
        (b"PK\x03\x04" + bytes(100), "binary file: a ZIP archive (or DOCX/XLSX)"),
        (bytes(range(32)) * 20, "binary file: too many control characters for text"),
    ],
)
def test_binary_files_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(NotText) as info:
        decode_bytes(data)
    assert str(info.value) == reason


def test_stray_nul_bytes_are_dropped_with_a_warning() -> None:
    decoded = decode_bytes((BN * 20).encode() + b"\x00")
    assert (decoded.text, decoded.warnings) == (BN * 20, ("NUL characters removed",))


def test_newlines() -> None:
    assert normalize_newlines("\ufeffa\r\nb\rc\n") == "a\nb\nc\n"


def test_control_characters_are_exactly_category_cc_without_line_breaks() -> None:
    import unicodedata

    from index.corpus.decode import _CONTROLS

    for code in range(0x110000):
        ch = chr(code)
        expected = unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v"
        assert bool(_CONTROLS.match(ch)) == expected, hex(code)
