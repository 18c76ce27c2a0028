"""Bytes -> text, or a reason why a file is not text.

Stage: file bytes -> str.  The crawler hands us whatever it fetched: UTF-8
with or without a BOM, UTF-16, a stray Windows-1252 file, a PNG saved as
.txt.  Text is decoded as faithfully as it can be (with a warning saying
what was done); anything that is not text is refused with a reason that the
build summary shows next to the path.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = ["Decoded", "NotText", "decode_bytes", "normalize_newlines"]

# Magic numbers of the binary formats a crawler most often saves by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"RIFF", "a RIFF (WebP/WAV/AVI) file"),
    (b"\x7fELF", "an ELF executable"),
    (b"\xd0\xcf\x11\xe0", "an MS Office (OLE) document"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
)

# Share of undecodable bytes up to which a UTF-8 file is repaired rather
# than re-read as Windows-1252: a few bad bytes in a long Bengali article
# are damage; many are a different encoding.
_MAX_BAD_UTF8_SHARE = 0.01
# Share of control characters above which a decoded text is called binary.
_MAX_CONTROL_SHARE = 0.05


class NotText(Exception):
    """The bytes are not a text article; the message says why."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


# Category Cc is exactly U+0000-001F and U+007F-009F; line breaks and tabs
# (U+0009-000D) are not counted.  (A regex: a per-character category lookup
# cost a fifth of preparing an article.)
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROLS.findall(text)) / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    # ASCII/Latin text in UTF-16 has a NUL in every other byte.
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0) / (len(data) / 2)
    odd_nuls = data[1::2].count(0) / (len(data) / 2)
    encoding = "utf-16-le" if odd_nuls > 0.3 and even_nuls < 0.05 else None
    if even_nuls > 0.3 and odd_nuls < 0.05:
        encoding = "utf-16-be"
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_bytes(data: bytes) -> Decoded:
    """Decode an article file; raise :class:`NotText` when it is not text."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        head = "UTF-8 with BOM"
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return _checked(data.decode("utf-32", errors="replace"), "UTF-32", ())
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
        return _checked(text, "UTF-16", _replacement_warning(text))
    else:
        head = "UTF-8"
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise NotText(f"binary file: {what}")
    # UTF-16 text of Latin letters is valid UTF-8 full of NULs: look for it first.
    utf16 = _utf16_without_bom(data) if b"\x00" in data[:4096] else None
    if utf16 is not None:
        return _checked(utf16, "UTF-16 (no BOM)", ())
    try:
        return _checked(data.decode("utf-8"), head, ())
    except UnicodeDecodeError:
        pass
    repaired = data.decode("utf-8", errors="replace")
    bad = repaired.count("\ufffd")
    if bad <= max(1, len(data) * _MAX_BAD_UTF8_SHARE):
        return _checked(repaired, head, (f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD",))
    text = data.decode("cp1252", errors="replace")
    return _checked(text, "Windows-1252", ("not valid UTF-8: decoded as Windows-1252",))


def _replacement_warning(text: str) -> tuple[str, ...]:
    bad = text.count("\ufffd")
    return (f"{bad} invalid code unit(s) replaced with U+FFFD",) if bad else ()


def _checked(text: str, encoding: str, warnings: tuple[str, ...]) -> Decoded:
    if "\x00" in text:
        share = text.count("\x00") / len(text)
        if share > _MAX_CONTROL_SHARE:
            raise NotText(f"binary file: {share:.0%} NUL characters")
        text = text.replace("\x00", "")
        warnings = (*warnings, "NUL characters removed")
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise NotText("binary file: too many control characters for text")
    return Decoded(text=text, encoding=encoding, warnings=warnings)


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a leading BOM character is dropped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
