"""Tests for dossier.ingest.decode (reading bytes, binary detection, decoding)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.errors import InputError, UnsupportedFormatError
from dossier.ingest.decode import binary_kind, decode_bytes, read_bytes

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ingest"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"


@pytest.mark.parametrize(
    "data",
    [
        "Müller’s café".encode(),
        "Müller’s café".encode("utf-8-sig"),
        "Müller’s café".encode("utf-16"),
        b"\xfe\xff" + "Müller’s café".encode("utf-16-be"),
        "Müller’s café".encode("utf-32"),
    ],
)
def test_unicode_encodings(data: bytes) -> None:
    assert decode_bytes(data) == "Müller’s café"


def test_latin1_fixture() -> None:
    text = decode_bytes((FIXTURES / "latin1.txt").read_bytes())
    assert text.startswith("Klaus Müller, who has run a small café near the harbour")
    assert "Señor Núñez" in text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Müller", "latin-1"),
        ("Das Café von Herrn Müller bleibt geöffnet.", "latin-1"),
        ("Le président a déclaré que l'économie était en crise à Orléans.", "latin-1"),
        ("The café owner said prices would rise – “sharply”.", "cp1252"),
        ("Москва ратифицировала соглашение с Кубой о военном сотрудничестве.", "cp1251"),
    ],
)
def test_legacy_encodings(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding)) == text


def test_declared_encoding_is_used_when_not_utf8() -> None:
    data = "Zażółć gęślą jaźń".encode("cp1250")
    assert decode_bytes(data, declared="windows-1250") == "Zażółć gęślą jaźń"


def test_wrong_declared_encoding_falls_back_to_utf8() -> None:
    assert decode_bytes("café".encode(), declared="iso-8859-1") == "café"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PNG_HEADER + bytes(range(256)), "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive or Office document"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF document"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip archive"),
    ],
)
def test_known_binary_formats(data: bytes, kind: str) -> None:
    assert binary_kind(data) == kind
    with pytest.raises(UnsupportedFormatError, match=r"^binary file \("):
        decode_bytes(data)


@pytest.mark.parametrize(
    "data",
    [b"text\x00with a NUL", bytes(range(1, 32)) * 20 + b"some text", b"\x01\x02\x03\x04abc"],
)
def test_other_binary_data(data: bytes) -> None:
    assert binary_kind(data) == "binary data"
    with pytest.raises(InputError, match=r"^binary file"):
        decode_bytes(data)


@pytest.mark.parametrize("data", [b"", b"plain text\n", b"tabs\tand\r\nnewlines\x0c"])
def test_text_is_not_binary(data: bytes) -> None:
    assert binary_kind(data) is None


def test_read_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    assert read_bytes(path, max_bytes=100) == b"x" * 100
    with pytest.raises(InputError, match=r"file too large \(100 bytes; the limit is 99\)"):
        read_bytes(path, max_bytes=99)


def test_read_bytes_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_bytes(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="not a regular file"):
        read_bytes(tmp_path)
