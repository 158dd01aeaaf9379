"""Turning bytes into text: UTF-8 (with or without BOM), UTF-16, Windows-1256, or a given encoding."""

from __future__ import annotations

import codecs

from khabar.errors import BinaryInputError, DecodingError, EmptyInputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte is NUL for ASCII, or 0x06 for Arabic."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        share = (zeros.count(0) + zeros.count(6)) / len(zeros)
        if share > 0.9:
            return codec
    return None


def decode_bytes(data: bytes, encoding: str | None = None, *, name: str = "input") -> str:
    """Decode an article's bytes. Raises a typed error for empty, binary or undecodable input.

    Without ``encoding``: a BOM decides; else UTF-16 if the byte pattern says so; else
    UTF-8 if it decodes; else Windows-1256 when the bytes look like Arabic in it. Text
    with lone surrogates (which no UTF encoder accepts) is turned away.

    >>> decode_bytes("خبر".encode("cp1256"))
    'خبر'
    """
    text = _decode_guess(data, encoding, name)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise DecodingError(f"{name} decodes to text with a lone surrogate (character "
                            f"{exc.start}); check --encoding") from None
    return text


def _decode_guess(data: bytes, encoding: str | None, name: str) -> str:
    if not data.strip():
        raise EmptyInputError(f"{name} is empty: there is no text to analyse")
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise DecodingError(f"unknown encoding {encoding!r}; try utf-8, utf-16 or cp1256") from None
        except UnicodeDecodeError as exc:
            raise DecodingError(f"{name} is not valid {encoding} (byte {exc.start}); "
                                "check --encoding") from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode(data, codec, name)
    utf16 = _looks_utf16(data)
    if utf16:
        return _decode(data, utf16, name)
    if b"\x00" in data[:8192]:
        raise BinaryInputError(f"{name} looks like a binary file (it holds NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            raise DecodingError(f"{name} is UTF-8 with invalid bytes (first at byte "
                                f"{exc.start}); repair the file or name its encoding with "
                                "--encoding") from None
    text = _decode(data, "cp1256", name)
    sample = text[:100_000]  # enough to judge, and quick on a 10 MB file
    arabic = sum(1 for ch in sample if "\u0600" <= ch <= "\u06ff")
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters and arabic / letters > 0.5:
        return text
    raise DecodingError(f"{name} is neither UTF-8, UTF-16 nor Windows-1256 Arabic; "
                        "name its encoding with --encoding")


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few broken bytes (a truncated download, a bad copy), not Windows-1256:
    most non-ASCII bytes form valid UTF-8 sequences."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    wide = len(text) - len(text.encode("ascii", "ignore")) - broken
    return wide > 0 and broken <= max(2, wide // 50)


def _decode(data: bytes, codec: str, name: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DecodingError(f"{name} is not valid {codec} (byte {exc.start}); "
                            "name its encoding with --encoding") from None
    control = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if control > max(8, len(text[:8192]) // 100):
        raise BinaryInputError(f"{name} looks like a binary file, not text")
    return text
