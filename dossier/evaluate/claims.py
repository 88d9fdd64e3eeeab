"""Attribution scoring on brat standoff gold (PolNeAR): source, cue and content spans.

Gold: a folder (searched recursively) or one ``.ann`` file. Each ``<name>_<annotator>.ann`` is
read with its text ``<name>.txt`` (next to it, or in a sibling ``text/`` folder, as PolNeAR lays
them out); an article with several annotator files is scored on one, the first in sorted order,
and its second file measures how far two annotators agree (the ceiling the annotation sets).
A span is a tuple of ``(start, end)`` fragments, so discontinuous spans (``10 20;25 40``) keep
their pieces.

Scores (micro-averaged over the documents), for each role (``source``, ``cue``, ``content``):

- **exact**: a predicted span matches a gold span of the same role with the same fragments
  (leading and trailing blanks of each fragment ignored);
- **overlap**: the two spans share at least half of the longer one's characters.

Within a document, the distinct spans of each role are paired one to one (a maximum matching);
an **attribution** matches when its cue and content match and its source matches too (or both
have none). A ratio whose denominator is zero is 0.0.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.errors import ConfigError, InputError
from dossier.evaluate.scoring import prf

logger = logging.getLogger(__name__)

Fragments = tuple[tuple[int, int], ...]
ROLES = ("source", "cue", "content")
MODES = ("exact", "overlap")


@dataclass(frozen=True)
class Attribution:
    """One attribution: its spans as fragments (``source`` is None when the text names none)."""

    cue: Fragments
    content: Fragments
    source: Fragments | None = None


@dataclass
class GoldDoc:
    name: str
    text: str
    attributions: list[Attribution] = field(default_factory=list)
    second: list[Attribution] | None = None  # another annotator's, when the article has two


# ----------------------------------------------------------------------------- gold loading


def parse_offsets(field_text: str) -> Fragments:
    """brat offsets (``10 20;25 40``) as fragments.

    >>> parse_offsets("10 20;25 40")
    ((10, 20), (25, 40))
    """
    frags = []
    for piece in field_text.split(";"):
        start, end = piece.split()
        frags.append((int(start), int(end)))
    return tuple(sorted(frags))


def parse_ann(ann: str) -> list[Attribution]:
    """The attributions of one brat ``.ann`` text (``E`` lines naming Source, Cue, Content).

    >>> ann = "T1\\tSource 0 3\\tBob\\nT2\\tCue 4 8\\tsaid\\nT3\\tContent 9 11\\thi\\n"
    >>> ann += "E1\\tAttribution:T2 Source:T1 Cue:T2 Content:T3\\n"
    >>> parse_ann(ann)
    [Attribution(cue=((4, 8),), content=((9, 11),), source=((0, 3),))]
    """
    spans: dict[str, Fragments] = {}
    events: list[list[tuple[str, str]]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            _, _, offsets = parts[1].partition(" ")
            try:
                spans[parts[0]] = parse_offsets(offsets)
            except ValueError:
                logger.warning("bad brat offsets in %r", line)
        elif parts[0].startswith("E"):
            args = [tuple(a.split(":", 1)) for a in parts[1].split() if ":" in a]
            events.append(args[1:])  # the first argument is the trigger
    out = []
    for args in events:
        roles: dict[str, list[tuple[int, int]]] = {}
        for role, ref in args:
            key = role.lower().rstrip("0123456789")
            if key in ROLES and ref in spans:
                roles.setdefault(key, []).extend(spans[ref])
        if "cue" not in roles or "content" not in roles:
            continue
        out.append(
            Attribution(
                cue=tuple(sorted(roles["cue"])),
                content=tuple(sorted(roles["content"])),
                source=tuple(sorted(roles["source"])) if "source" in roles else None,
            )
        )
    return out


def _text_for(ann: Path) -> Path | None:
    stems = [ann.stem]
    if "_" in ann.stem:
        stems.append(ann.stem.rsplit("_", 1)[0])
    for stem in stems:
        for folder in (ann.parent, ann.parent.parent / "text"):
            candidate = folder / f"{stem}.txt"
            if candidate.is_file():
                return candidate
    return None


def load_gold(path: Path, limit: int | None = None) -> list[GoldDoc]:
    """The gold documents under ``path``: one annotator file per article, the first in order
    (the second, where there is one, is kept as ``second`` to measure agreement).

    Raises InputError when ``path`` does not exist or holds no ``.ann`` file with its text.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"gold path not found: {path}")
    anns = [path] if path.is_file() else sorted(path.rglob("*.ann"))
    chosen: dict[Path, list[Path]] = {}
    for ann in anns:
        text = _text_for(ann)
        if text is None:
            logger.warning("no text file for %s", ann)
            continue
        chosen.setdefault(text, []).append(ann)
    if not chosen:
        raise InputError(f"no brat .ann file with its .txt found under {path}")
    docs = []
    for text, files in sorted(chosen.items(), key=lambda item: str(item[1][0])):
        first, *others = files
        docs.append(
            GoldDoc(
                name=first.name,
                text=text.read_text(encoding="utf-8"),
                attributions=parse_ann(first.read_text(encoding="utf-8")),
                second=parse_ann(others[0].read_text(encoding="utf-8")) if others else None,
            )
        )
        if limit is not None and len(docs) >= limit:
            break
    return docs


# ----------------------------------------------------------------------------- matching


def _strip(text: str, frags: Fragments) -> Fragments:
    out = []
    for start, end in frags:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
    return tuple(out)


def _length(frags: Fragments) -> int:
    return sum(end - start for start, end in frags)


def _shared(a: Fragments, b: Fragments) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def spans_match(a: Fragments, b: Fragments, mode: str) -> bool:
    """Whether two spans match: ``exact`` (same fragments) or ``overlap`` (they share at least
    half of the longer one's characters).

    >>> spans_match(((0, 10),), ((0, 10),), "exact"), spans_match(((0, 10),), ((2, 10),), "exact")
    (True, False)
    >>> a = ((0, 10),)
    >>> spans_match(a, ((5, 12),), "overlap"), spans_match(a, ((6, 12),), "overlap")
    (True, False)
    """
    if mode == "exact":
        return a == b
    longer = max(_length(a), _length(b))
    return longer > 0 and 2 * _shared(a, b) >= longer


def max_matching(n_left: int, n_right: int, ok: Callable[[int, int], bool]) -> int:
    """The size of a maximum one-to-one matching between two lists, given which pairs fit.

    >>> max_matching(2, 2, lambda i, j: j == 0 or i == 1)
    2
    """
    adjacency = [[j for j in range(n_right) if ok(i, j)] for i in range(n_left)]
    right_of: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adjacency[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in right_of or augment(right_of[j], seen):
                right_of[j] = i
                return True
        return False

    return sum(1 for i in range(n_left) if adjacency[i] and augment(i, set()))


@dataclass
class Counts:
    """True positives and totals per metric key (``source_exact``, ``attribution_overlap`` ...)."""

    tp: dict[str, int] = field(default_factory=dict)
    n_gold: dict[str, int] = field(default_factory=dict)
    n_pred: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, tp: int, n_gold: int, n_pred: int) -> None:
        self.tp[key] = self.tp.get(key, 0) + tp
        self.n_gold[key] = self.n_gold.get(key, 0) + n_gold
        self.n_pred[key] = self.n_pred.get(key, 0) + n_pred

    def metrics(self) -> dict[str, float | int]:
        """``<role>_<mode>_{precision,recall,f1}`` plus ``n_gold_<role>``, ``n_pred_<role>``."""
        out: dict[str, float | int] = {}
        for role in (*ROLES, "attribution"):
            for mode in MODES:
                key = f"{role}_{mode}"
                p, r, f = prf(self.tp.get(key, 0), self.n_pred.get(key, 0), self.n_gold.get(key, 0))
                out |= {f"{key}_precision": p, f"{key}_recall": r, f"{key}_f1": f}
        for role in (*ROLES, "attribution"):
            out[f"n_gold_{role}"] = self.n_gold.get(f"{role}_exact", 0)
            out[f"n_pred_{role}"] = self.n_pred.get(f"{role}_exact", 0)
        return out


def _norm(text: str, att: Attribution) -> Attribution:
    source = _strip(text, att.source) if att.source else None
    return Attribution(
        cue=_strip(text, att.cue), content=_strip(text, att.content), source=source or None
    )


def score_document(
    text: str, gold: Sequence[Attribution], pred: Sequence[Attribution], counts: Counts
) -> None:
    """Add one document's role and attribution counts to ``counts``."""
    gold = [_norm(text, a) for a in gold]
    pred = [_norm(text, a) for a in pred]
    for role in ROLES:
        g = sorted({getattr(a, role) for a in gold if getattr(a, role)})
        p = sorted({getattr(a, role) for a in pred if getattr(a, role)})
        for mode in MODES:
            tp = max_matching(
                len(g), len(p), lambda i, j, g=g, p=p, m=mode: spans_match(g[i], p[j], m)
            )
            counts.add(f"{role}_{mode}", tp, len(g), len(p))
    for mode in MODES:

        def fits(i: int, j: int, mode: str = mode) -> bool:
            a, b = gold[i], pred[j]
            if (a.source is None) != (b.source is None):
                return False
            return (
                spans_match(a.cue, b.cue, mode)
                and spans_match(a.content, b.content, mode)
                and (a.source is None or spans_match(a.source, b.source, mode))
            )

        counts.add(
            f"attribution_{mode}", max_matching(len(gold), len(pred), fits), len(gold), len(pred)
        )


def score(documents: Iterable[tuple[str, Sequence[Attribution], Sequence[Attribution]]]) -> Counts:
    """Counts over ``(text, gold, predictions)`` per document."""
    counts = Counts()
    for text, gold, pred in documents:
        score_document(text, gold, pred, counts)
    return counts


# ----------------------------------------------------------------------------- predictors


def _fragments(part: dict[str, Any] | None) -> Fragments | None:
    if not part:
        return None
    pieces = part.get("parts") or [(part["start"], part["end"])]
    return tuple(sorted((int(s), int(e)) for s, e in pieces))


def attributions_from_claims(claims: Iterable[dict[str, Any]]) -> list[Attribution]:
    """dossier's claim dicts (``doc._.dossier_claims``) as attributions to score."""
    out = []
    for claim in claims:
        cue, content = _fragments(claim.get("cue")), _fragments(claim.get("content"))
        if cue and content:
            out.append(
                Attribution(cue=cue, content=content, source=_fragments(claim.get("source")))
            )
    return out


def textacy_quotations() -> Callable[[Any], Iterable[Any]]:
    """textacy's ``direct_quotations`` (the benchmark-only ``bench`` extra).

    Raises ConfigError when textacy is not installed.
    """
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError as exc:
        raise ConfigError(
            "textacy is not installed: pip install -e '.[bench]' (benchmark-only)"
        ) from exc
    return direct_quotations


def textacy_attributions(doc: Any, quotations: Callable[[Any], Iterable[Any]]) -> list[Attribution]:
    """textacy's direct quotations of a parsed Doc as attributions (speaker, cue, content)."""
    found = []
    for triple in quotations(doc):
        cue = _token_fragments(triple.cue)
        content: Fragments = ()
        if len(triple.content):
            first, last = triple.content[0], triple.content[-1]
            content = ((first.idx, last.idx + len(last.text)),)
        source = _token_fragments(triple.speaker) or None
        if cue and content:
            found.append(Attribution(cue=cue, content=content, source=source))
    return found


def _token_fragments(tokens: Sequence[Any]) -> Fragments:
    """Tokens as character fragments, adjacent tokens joined."""
    frags: list[tuple[int, int]] = []
    for tok in sorted(tokens, key=lambda t: t.i):
        start, end = tok.idx, tok.idx + len(tok.text)
        if frags and start - frags[-1][1] <= 1:
            frags[-1] = (frags[-1][0], end)
        else:
            frags.append((start, end))
    return tuple(frags)


def evaluate_docs(
    docs: Sequence[GoldDoc],
    nlp: Any,
    *,
    gold: str,
    batch_size: int = 16,
    textacy: bool = False,
    progress: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """``{"task", "gold", "n", "metrics"}`` for dossier's claims on ``docs`` (run through
    ``nlp``, a dossier pipeline); with ``textacy``, also ``"baseline"``: textacy's direct
    quotations on the same parses, and ``"failed"``, the documents it raised on (scored as
    finding nothing). ``"errors"`` lists ``(name, message)`` for documents dossier failed on.
    Where some articles have a second annotator, ``"agreement"`` gives, on those ``n``
    articles, the second annotator's ``metrics`` against the first and ``dossier``'s."""
    from dossier.extract.errors import ERRORS_KEY

    quotations = textacy_quotations() if textacy else None
    ours, theirs, errors, failed = [], [], [], 0
    texts = [d.text for d in docs]
    for gold_doc, doc in zip(docs, nlp.pipe(texts, batch_size=batch_size), strict=True):
        if doc.user_data.get(ERRORS_KEY):
            errors.append((gold_doc.name, "; ".join(doc.user_data[ERRORS_KEY])))
        claims = (getattr(doc._, "dossier_claims", None) or []) + (
            getattr(doc._, "dossier_claims_unsourced", None) or []
        )
        ours.append(attributions_from_claims(claims))
        if quotations is not None:
            try:
                theirs.append(textacy_attributions(doc, quotations))
            except Exception as exc:  # textacy raises on some articles
                logger.info("textacy failed on %s: %s: %s", gold_doc.name, type(exc).__name__, exc)
                theirs.append([])
                failed += 1
        if progress is not None:
            progress()
    counts = score((d.text, d.attributions, p) for d, p in zip(docs, ours, strict=True))
    result: dict[str, Any] = {
        "task": "claims",
        "gold": gold,
        "n": len(docs),
        "metrics": counts.metrics(),
    }
    if errors:
        result["errors"] = errors
    doubled = [(d, p) for d, p in zip(docs, ours, strict=True) if d.second is not None]
    if doubled:
        # the ceiling the annotation itself sets: the second annotator scored against the first,
        # beside dossier scored against the first on the same articles
        result["agreement"] = {
            "n": len(doubled),
            "metrics": score((d.text, d.attributions, d.second) for d, _ in doubled).metrics(),
            "dossier": score((d.text, d.attributions, p) for d, p in doubled).metrics(),
        }
    if quotations is not None:
        base = score((d.text, d.attributions, p) for d, p in zip(docs, theirs, strict=True))
        result["baseline"] = {"name": "textacy", "metrics": base.metrics(), "failed": failed}
    return result
