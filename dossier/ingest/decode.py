"""Reading files as text: size limit, binary detection and character-set decoding."""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

from charset_normalizer import from_bytes

from dossier.errors import InputError, UnsupportedFormatError

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20_000_000

# Signatures of common binary formats that people point a text tool at by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)
# Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls other than tab, newline, vertical tab, form feed and carriage return, and DEL:
# text files practically never contain them, binary files are full of them.
_CONTROL_BYTES = frozenset([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL_SAMPLE = 65536
_CONTROL_SHARE = 0.10
# Single-byte encodings under which Western-European text is written (see _detect).
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_15"})


def read_bytes(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file's bytes, refusing files larger than ``max_bytes``.

    Raises :class:`~dossier.errors.InputError` for a missing, unreadable or too large file.
    """
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError("not a regular file")
        if size > max_bytes:
            raise InputError(f"file too large ({size} bytes; the limit is {max_bytes})")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file or directory") from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # the file grew after stat()
        raise InputError(f"file too large (more than {max_bytes} bytes)")
    return data


def binary_kind(data: bytes) -> str | None:
    """Name the binary format of ``data``, or return None when it may be text.

    >>> binary_kind(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    'PNG image'
    >>> binary_kind(b"plain text\\n") is None
    True
    >>> binary_kind("UTF-16 text".encode("utf-16")) is None
    True
    >>> binary_kind(b"abc\\x00def")
    'binary data'
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None  # UTF-16/32 text has NUL bytes; its byte-order mark says it is text
    if b"\x00" in data:
        return "binary data"
    sample = data[:_CONTROL_SAMPLE]
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    if sample and controls / len(sample) > _CONTROL_SHARE:
        return "binary data"
    return None


def reject_binary(data: bytes) -> None:
    """Raise InputError for binary data (UnsupportedFormatError for a known binary format).

    >>> reject_binary(b"%PDF-1.7 ...")
    Traceback (most recent call last):
    ...
    dossier.errors.UnsupportedFormatError: binary file (PDF document), not a text article
    """
    kind = binary_kind(data)
    if kind == "binary data":
        raise InputError("binary file (not text)")
    if kind is not None:
        raise UnsupportedFormatError(f"binary file ({kind}), not a text article")


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode a file's bytes to text.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded directly; then the
    ``declared`` encoding (an HTML meta charset, say) is tried; anything else goes to
    charset_normalizer. Raises :class:`~dossier.errors.InputError` for binary data
    (:class:`~dossier.errors.UnsupportedFormatError` for known binary formats) and for bytes
    in no recognisable encoding.

    >>> decode_bytes("Müller".encode("utf-8-sig"))
    'Müller'
    >>> decode_bytes("Müller und das Café".encode("latin-1"))
    'Müller und das Café'
    """
    reject_binary(data)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding} text: {exc.reason}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(_codec(declared))
        except (LookupError, UnicodeDecodeError):
            logger.debug("declared encoding %r does not fit; detecting", declared)
    return _detect(data)


def _codec(label: str) -> str:
    """The Python codec for an encoding label; Latin-1 and ASCII labels mean cp1252 (WHATWG).

    >>> _codec("ISO-8859-1"), _codec("windows-1251")
    ('cp1252', 'cp1251')
    """
    name = codecs.lookup(label.strip()).name
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _detect(data: bytes) -> str:
    """Decode non-UTF-8 bytes with charset_normalizer's guess."""
    matches = list(from_bytes(data))
    if not matches:
        raise InputError("cannot decode text: not UTF-8 and no other encoding fits")
    best = matches[0]
    # On short Western-European texts charset_normalizer often ties between single-byte code
    # pages and returns an arbitrary one (cp1250, cp775, even utf_16_le for "Müller"), which
    # garbles ü, é and ñ. Among the guesses as clean as the best one, prefer cp1252 when it
    # fits: it is a superset of Latin-1's printable range and the usual legacy encoding of
    # news text (WHATWG decodes "latin1" labels as windows-1252 for the same reason).
    for match in matches:
        if match.chaos <= best.chaos + 0.01 and _WESTERN & set(match.could_be_from_charset):
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                break
            logger.debug("decoded as cp1252 (charset_normalizer's best: %s)", best.encoding)
            return text
    logger.debug("decoded as %s", best.encoding)
    return str(best)
