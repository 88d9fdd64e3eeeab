"""Loaders for TIMEX3 gold: TimeML (``.tml``: TimeBank, AQUAINT, TempEval-3), MEANTIME (``.xml``).

Both give the same structure, a list of :class:`GoldDoc`: the document's text, its creation time
(the DCT, an ISO date), its gold timexes as character offsets into that text, and the character
ranges where predictions are scored.

- TimeML: the text is what lies between the ``<TEXT>`` tags with every tag removed (and XML
  entities decoded); offsets are offsets into it. The DCT is the value of ``<DCT><TIMEX3>``. The
  whole text is scored.
- MEANTIME: the text is rebuilt from the ``<token>`` elements, single spaces between the tokens
  of a sentence and ``"\\n"`` between sentences; each TIMEX3 markable spans its anchored tokens.
  The DCT is the ``functionInDocument="CREATION_TIME"`` timex (day-first values such as
  ``03-02-2009`` are read as 3 February 2009); without one, the date line's timex (the first
  DATE timex that covers a whole sentence) is used. Only the title and the first sentences are
  annotated: the scored ranges are the sentences up to the last one that holds any markable,
  less the date line. Timexes without tokens are not gold.

``load_gold`` takes a file or a folder (searched recursively) and tells the formats apart.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NamedTuple

from dossier.errors import InputError, UnsupportedFormatError

GoldFormat = Literal["timeml", "meantime"]


class GoldTimex(NamedTuple):
    """One gold time expression: ``text[start:end]`` is its text."""

    start: int
    end: int
    type: str
    value: str | None


@dataclass(frozen=True)
class GoldDoc:
    """One gold document."""

    name: str
    text: str
    dct: str | None  # ISO date (YYYY-MM-DD), or None where the file gives none
    timexes: list[GoldTimex]
    scored_ranges: list[tuple[int, int]]  # character ranges where predictions count
    source: str = ""  # the file it was read from
    format: str = ""  # "timeml" or "meantime"


_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:$|T|\s)")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def normalise_dct(value: str | None) -> str | None:
    """The ISO date (YYYY-MM-DD) in a TIMEX3 creation-time value, or None.

    >>> normalise_dct("1998-01-08T12:00:00")
    '1998-01-08'
    >>> normalise_dct("19980108")
    '1998-01-08'
    >>> normalise_dct("03-02-2009")  # day first, as in one MEANTIME file
    '2009-02-03'
    >>> normalise_dct("XXXX-XX-XX") is None
    True
    """
    if not value:
        return None
    value = value.strip()
    if m := _ISO.match(value):
        year, month, day = m.groups()
    elif m := _DAY_FIRST.match(value):
        day, month, year = m.groups()
    else:
        return None
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return f"{year}-{int(month):02d}-{int(day):02d}"


def detect_format(path: Path) -> GoldFormat | None:
    """``"timeml"`` for ``.tml`` files (or ``.xml`` ones whose root is ``<TimeML>``),
    ``"meantime"`` for ``.xml`` files with a ``<Document>`` root and ``<token>`` elements,
    else None."""
    suffix = path.suffix.lower()
    if suffix == ".tml":
        return "timeml"
    if suffix != ".xml":
        return None
    try:
        with path.open("rb") as f:
            head = f.read(65536).decode("utf-8", errors="replace")
    except OSError:
        return None
    if re.search(r"<Document\b", head) and re.search(r"<token\b", head):
        return "meantime"
    if re.search(r"<TimeML\b", head):
        return "timeml"
    return None


def find_gold_files(path: str | Path) -> list[tuple[Path, GoldFormat]]:
    """The gold files at ``path`` (a file, or a folder searched recursively, in sorted order)."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file or folder", source=str(path))
    if path.is_file():
        fmt = detect_format(path)
        if fmt is None:
            raise UnsupportedFormatError(
                "not TimeML (.tml) or MEANTIME (.xml with <Document><token>) gold",
                source=str(path),
            )
        return [(path, fmt)]
    found = []
    for p in sorted(path.rglob("*")):
        if p.is_file() and (fmt := detect_format(p)) is not None:
            found.append((p, fmt))
    if not found:
        raise InputError("no TimeML (.tml) or MEANTIME (.xml) gold files here", source=str(path))
    return found


def load_gold(path: str | Path, limit: int | None = None) -> list[GoldDoc]:
    """The gold documents at ``path`` (a file or folder), the first ``limit`` of them if given."""
    files = find_gold_files(path)
    if limit is not None:
        files = files[:limit]
    return [load_file(p, fmt) for p, fmt in files]


def iter_gold(path: str | Path) -> Iterator[GoldDoc]:
    """Like :func:`load_gold`, one document at a time."""
    for p, fmt in find_gold_files(path):
        yield load_file(p, fmt)


def load_file(path: str | Path, fmt: GoldFormat | None = None) -> GoldDoc:
    path = Path(path)
    fmt = fmt or detect_format(path)
    if fmt == "timeml":
        return load_timeml(path)
    if fmt == "meantime":
        return load_meantime(path)
    raise UnsupportedFormatError("not TimeML or MEANTIME gold", source=str(path))


def _parse(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"malformed XML: {exc}", source=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=str(path)) from None


# TimeML


def load_timeml(path: str | Path) -> GoldDoc:
    """One TimeML document: the text inside ``<TEXT>`` without tags, its TIMEX3s, its DCT."""
    path = Path(path)
    root = _parse(path)
    body = root.find("TEXT") if root.tag != "TEXT" else root
    if body is None:
        body = next(root.iter("TEXT"), None)
    if body is None:
        raise InputError("TimeML file without a <TEXT> element", source=str(path))

    pieces: list[str] = []
    found: list[GoldTimex] = []
    offset = 0

    def walk(element: ET.Element) -> None:
        nonlocal offset
        start = offset
        if element.text:
            pieces.append(element.text)
            offset += len(element.text)
        for child in element:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
                offset += len(child.tail)
        if element.tag == "TIMEX3":
            found.append(
                GoldTimex(start, offset, element.get("type", ""), element.get("value") or None)
            )

    walk(body)
    text = "".join(pieces)
    # Timexes without text (empty TIMEX3 elements) are not gold.
    timexes = sorted(t for t in found if text[t.start : t.end].strip())
    return GoldDoc(
        name=path.stem,
        text=text,
        dct=_timeml_dct(root),
        timexes=timexes,
        scored_ranges=[(0, len(text))],
        source=str(path),
        format="timeml",
    )


def _timeml_dct(root: ET.Element) -> str | None:
    dct = root.find("DCT")
    if dct is not None:
        for timex in dct.iter("TIMEX3"):
            if value := normalise_dct(timex.get("value")):
                return value
        if value := normalise_dct("".join(dct.itertext())):
            return value
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME" and (
            value := normalise_dct(timex.get("value"))
        ):
            return value
    return None


# MEANTIME


def load_meantime(path: str | Path) -> GoldDoc:
    """One MEANTIME document, its text rebuilt from its tokens (see the module's docstring)."""
    path = Path(path)
    root = _parse(path)
    tokens = root.findall("token") or list(root.iter("token"))
    if not tokens:
        raise InputError("MEANTIME file without <token> elements", source=str(path))

    # Rebuild the text: tokens joined by spaces within a sentence, sentences by newlines.
    pieces: list[str] = []
    token_span: dict[str, tuple[int, int, int]] = {}  # t_id -> (start, end, sentence index)
    sentences: list[list[int]] = []  # per sentence: [start, end]
    sentence_of_token: dict[str, int] = {}
    offset = 0
    current: str | None = None
    for token in tokens:
        sentence = token.get("sentence", "")
        if current is None or sentence != current:
            if current is not None:
                pieces.append("\n")
                offset += 1
            sentences.append([offset, offset])
            current = sentence
        elif pieces:
            pieces.append(" ")
            offset += 1
        word = token.text or ""
        index = len(sentences) - 1
        token_span[token.get("t_id", "")] = (offset, offset + len(word), index)
        sentence_of_token[token.get("t_id", "")] = index
        pieces.append(word)
        offset += len(word)
        sentences[index][1] = offset
    text = "".join(pieces)

    markables = root.find("Markables")
    anchored: list[tuple[ET.Element, list[tuple[int, int, int]]]] = []
    for markable in markables if markables is not None else []:
        spans = [
            token_span[a.get("t_id", "")]
            for a in markable.iter("token_anchor")
            if a.get("t_id", "") in token_span
        ]
        if spans:
            anchored.append((markable, sorted(spans)))

    timexes = [(m, spans) for m, spans in anchored if m.tag == "TIMEX3"]
    creation = next(
        ((m, spans) for m, spans in timexes if m.get("functionInDocument") == "CREATION_TIME"),
        None,
    )
    dct: str | None = None
    date_line: int | None = None
    dct_timex: ET.Element | None = None
    if creation is not None:
        dct_timex, spans = creation
        dct = normalise_dct(dct_timex.get("value"))
        date_line = spans[0][2]
    else:
        unanchored = next(
            (
                m
                for m in root.iter("TIMEX3")
                if m.get("functionInDocument") == "CREATION_TIME" and normalise_dct(m.get("value"))
            ),
            None,
        )
        dct = normalise_dct(unanchored.get("value")) if unanchored is not None else None
    if date_line is None:
        # The date line: the first sentence that is one DATE timex and nothing else.
        for markable, spans in sorted(timexes, key=lambda ms: ms[1][0]):
            index = spans[0][2]
            whole = sentences[index]
            if (
                markable.get("type") == "DATE"
                and spans[0][0] == whole[0]
                and spans[-1][1] == whole[1]
                and normalise_dct(markable.get("value"))
            ):
                date_line, dct_timex = index, markable
                dct = dct or normalise_dct(markable.get("value"))
                break

    last = max((spans[-1][2] for _, spans in anchored), default=-1)
    scored = [i for i in range(last + 1) if i != date_line]
    ranges: list[tuple[int, int]] = []
    previous = None
    for i in scored:
        start, end = sentences[i]
        if ranges and previous == i - 1:  # the next sentence: extend over the newline
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
        previous = i
    scored_set = set(scored)

    gold = sorted(
        GoldTimex(spans[0][0], spans[-1][1], m.get("type", ""), m.get("value") or None)
        for m, spans in timexes
        if m is not dct_timex
        and m.get("functionInDocument") != "CREATION_TIME"
        and spans[0][2] in scored_set
    )
    return GoldDoc(
        name=root.get("doc_name") or path.stem,
        text=text,
        dct=dct,
        timexes=gold,
        scored_ranges=ranges,
        source=str(path),
        format="meantime",
    )
