"""Cross-language linking on real parallel news: does a Spanish report join its English original?

Gold: MEANTIME English (``temporal/meantime-en/intra_cross-doc_annotation``: 120 Wikinews
articles in four topic corpora, tokens and creation times) and MEANTIME Spanish
(``multilingual/temporal-es/meantime-es/meantime-es.bio.tsv``: the same 120 articles translated
by professionals, tokens only, a ``*!-DCTVALUE="YYYY-MM-DD"-!*`` line opening each document and
blank lines between sentences). Both are read from the shared evaluation folder at run time.

**Alignment.** The Spanish file is not in the English files' order (it runs apple, stock, airbus,
gm, each in its own order) and four of its creation times differ from the English ones, so the
pairs are found, not assumed: each English and Spanish document are scored on their creation
dates (the same: +3; the Spanish date line states the English date: +1), the numbers they share
(digit runs with their separators removed, Jaccard) and the names they share (capitalised
words folded to ASCII, Jaccard), and the one-to-one assignment with the highest total is taken
(:func:`align`). The result reports each pair's score and its margin over the next best
candidate, so that a doubtful pair can be read.

**Run.** Each document's text is rebuilt from its tokens (:func:`detokenise`: no space before
closing punctuation, none after an opening one; sentences on lines of their own, the title
first), with ``published`` = its creation date and ``language`` ``en`` or ``es``. All are
extracted once (:func:`dossier.pipeline.extract`: English through the English pipeline, Spanish
routed to ``language_pipeline("es")``) and stored into two fresh SQLite stores, one with all
the documents and one with the English ones only (the baseline), each linked with
:func:`dossier.link.run.link_all`.

**Scores.**

- ``pair_recall``: the share of aligned pairs whose two documents are in one story;
- ``b3``: B³ precision, recall and F1 of the documents' stories (a document in no story is alone)
  against the gold clusters ``{en_i, es_i}``; and ``wrong_joins``: pairs of documents of
  different articles put in one story (within one topic corpus, across corpora), and the
  documents joined to another article;
- ``english_only``: in the English-only store, how many English-English pairs are joined (no
  two English articles are one event in gold, but several are about related events), and the
  same count in the joint store;
- ``figures``: of the Spanish figures with a measure class, the share in a ledger that holds a
  figure of the aligned English article (and the share in a ledger with any English figure).

``failures`` holds, for each pair not joined, what the story layer saw: the similarity of the
two documents, whether they share enough specific language-neutral features, the features they
share, and each one's story.
"""

from __future__ import annotations

import math
import re
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path
from typing import Any

from dossier.errors import InputError

EN_GOLD = "temporal/meantime-en/intra_cross-doc_annotation"
ES_GOLD = "multilingual/temporal-es/meantime-es/meantime-es.bio.tsv"
TASK = "crosslingual"

_DCT = re.compile(r'\*!-DCTVALUE="([^"]*)"-!\*')
_NO_SPACE_BEFORE = frozenset(",.;:!?)]}%»”’…") | {"'s", "n't", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = frozenset("([{¿¡«“‘")
_QUOTES = {"``": "“", "''": "”"}
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"\b[A-Z][A-Za-z]+\b")


@dataclass(frozen=True)
class ParallelDoc:
    """One document of either language: its text rebuilt from its tokens."""

    name: str  # the English file's doc name, or "es:<index>"
    language: str
    corpus: str | None  # the English topic corpus (the folder); a Spanish one takes its pair's
    dct: str | None
    text: str


# -- reading -----------------------------------------------------------------------------------


def detokenise(tokens: Sequence[str]) -> str:
    """One sentence's tokens as text: no space before closing punctuation, none after an
    opening one; straight double quotes open and close in turn.

    >>> detokenise(["Apple", "(", "Cupertino", ")", "dijo", ":", '"', "hola", '"', "."])
    'Apple (Cupertino) dijo: "hola".'
    >>> print(detokenise(["It", "'s", "a", "``", "deal", "''", ",", "he", "said", "."]))
    It's a “deal”, he said.
    """
    out: list[str] = []
    glue_next = True  # no space before the first token
    quote_open = False
    for raw in tokens:
        token = _QUOTES.get(raw, raw)
        if token == '"':
            if quote_open:
                out.append(token)
                glue_next = False
            else:
                out.append(("" if glue_next else " ") + token)
                glue_next = True
            quote_open = not quote_open
            continue
        money = out and out[-1].endswith("$") and token[:1].isdigit()  # "$40", not "$ en"
        space = not (
            glue_next or money or token in _NO_SPACE_BEFORE or token.lower() in _NO_SPACE_BEFORE
        )
        out.append((" " if space else "") + token)
        glue_next = token in _NO_SPACE_AFTER
    return "".join(out)


def load_english(path: str | Path, limit: int | None = None) -> list[ParallelDoc]:
    """The English MEANTIME documents (sorted file order), text detokenised per sentence."""
    import xml.etree.ElementTree as ET

    from dossier.evaluate.timeml import find_gold_files, load_meantime

    files = [p for p, fmt in find_gold_files(path) if fmt == "meantime"]
    if not files:
        raise InputError("no MEANTIME (.xml) files here", source=str(path))
    docs = []
    for file in files[:limit] if limit is not None else files:
        root = ET.parse(file).getroot()
        sentences: dict[str, list[str]] = {}
        for token in root.iter("token"):
            sentences.setdefault(token.get("sentence", ""), []).append(token.text or "")
        text = "\n".join(detokenise(s) for s in sentences.values())
        name = root.get("doc_name") or file.stem
        docs.append(ParallelDoc(name, "en", file.parent.name, load_meantime(file).dct, text))
    return docs


def load_spanish(path: str | Path) -> list[ParallelDoc]:
    """The Spanish MEANTIME documents of the BIO file, in file order."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        message = f"cannot read the Spanish MEANTIME: {exc.strerror}"
        raise InputError(message, source=str(path)) from None
    raw: list[tuple[str, list[list[str]]]] = []
    for line in lines:
        if match := _DCT.match(line):
            raw.append((match.group(1), [[]]))
        elif not line.strip():
            if raw and raw[-1][1][-1]:
                raw[-1][1].append([])
        elif raw:
            raw[-1][1][-1].append(line.split("\t")[0])
    if not raw:
        raise InputError("no DCTVALUE lines: not the Spanish MEANTIME", source=str(path))
    return [
        ParallelDoc(f"es:{i}", "es", None, dct, "\n".join(detokenise(s) for s in sents if s))
        for i, (dct, sents) in enumerate(raw)
    ]


# -- alignment ---------------------------------------------------------------------------------


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def numbers(text: str) -> set[str]:
    """The digit runs of a text with their separators removed ("10,000" = "10.000").

    >>> sorted(numbers("10,000 jobs in 2007 and 10.000 empleos"))
    ['10000', '2007']
    """
    return {re.sub(r"[.,]", "", m) for m in _DIGITS.findall(text)}


def names(text: str) -> set[str]:
    """Capitalised words folded to ASCII, lower case (names, and sentence-initial words)."""
    return {w.lower() for w in _NAME.findall(_fold(text)) if len(w) > 2}


def pair_score(en: ParallelDoc, es: ParallelDoc) -> float:
    """How likely ``es`` is the translation of ``en`` (see the module doc)."""
    from dossier.link.duplicates import jaccard

    score = 3.0 if en.dct and en.dct == es.dct else 0.0
    lines = es.text.splitlines()
    if en.dct and len(lines) > 1 and en.dct[:4] in lines[1]:
        score += 0.5 if en.dct != es.dct else 0.0
    return (
        score
        + 4 * jaccard(numbers(en.text), numbers(es.text))
        + 4 * jaccard(names(en.text), names(es.text))
    )


def align(english: Sequence[ParallelDoc], spanish: Sequence[ParallelDoc]) -> list[dict[str, Any]]:
    """The one-to-one pairs with the highest total :func:`pair_score`, each with its score,
    its margin over the next best Spanish candidate of its English document, and whether the
    creation dates agree. With fewer English documents than Spanish ones, each English one
    gets its best Spanish partner under the same one-to-one assignment."""
    from scipy.optimize import linear_sum_assignment

    scores = [[pair_score(e, s) for s in spanish] for e in english]
    rows, cols = linear_sum_assignment([[-x for x in row] for row in scores])
    pairs = []
    for i, j in zip(rows, cols, strict=True):
        others = [x for k, x in enumerate(scores[i]) if k != j]
        pairs.append(
            {
                "en": english[i].name,
                "es": spanish[j].name,
                "score": round(scores[i][j], 3),
                "margin": round(scores[i][j] - max(others, default=0.0), 3),
                "same_dct": english[i].dct == spanish[j].dct,
            }
        )
    return pairs


# -- the run -----------------------------------------------------------------------------------


def _documents(docs: Sequence[ParallelDoc]) -> list[tuple[str, Any]]:
    from dossier.model import Document, content_hash

    return [
        (
            d.name,
            Document(id=content_hash(d.text), text=d.text, published=d.dct, language=d.language),
        )
        for d in docs
    ]


def _read(store: Any, sources: dict[str, str]) -> dict[str, Any]:
    """What the scores need from a linked store: each document's story, the figures with a
    measure class (id -> (document, class)), each figure's ledger, and the StoryDocs."""
    from sqlalchemy import select

    from dossier.link.ledgers import list_ledgers
    from dossier.link.stories import list_stories, read_docs
    from dossier.store.schema import figures

    story_of = {r.document: s.id for s in list_stories(store) for r in s.reports}
    ledger_of = {e.figure: ledger.id for ledger in list_ledgers(store) for e in ledger.entries}
    ledger_docs: dict[str, set[str]] = defaultdict(set)
    for ledger in list_ledgers(store):
        ledger_docs[ledger.id] = {e.document for e in ledger.entries}
    with store.engine.connect() as conn:
        query = select(figures.c.id, figures.c.document_id, figures.c.measure_class)
        measured = {
            r.id: (r.document_id, r.measure_class)
            for r in conn.execute(query)
            if r.measure_class is not None
        }
        story_docs = read_docs(conn, list(sources.values()))
    return {
        "story_of": story_of,
        "ledger_of": ledger_of,
        "ledger_docs": dict(ledger_docs),
        "measured": measured,
        "story_docs": story_docs,
    }


def _run(
    articles: Sequence[tuple[str, Any]],
    nlp: Any,
    *,
    english_only: set[str],
    batch_size: int,
    progress: Callable[[], None] | None,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Extract every article once, store them all in one fresh store and the English ones in a
    second, link both; (joint reading, English-only reading, timings and errors)."""
    from dossier.ingest.result import Ingested
    from dossier.link.run import link_all
    from dossier.pipeline import extract
    from dossier.store import open_store

    info: dict[str, Any] = {"errors": []}
    ids = {source: doc.id for source, doc in articles}
    started = time.perf_counter()
    items = [Ingested(source, doc, None) for source, doc in articles]
    with (
        tempfile.TemporaryDirectory(prefix="dossier-xl-") as folder,
        open_store(Path(folder) / "all.db") as joint,
        open_store(Path(folder) / "en.db") as english,
    ):
        for outcome in extract(nlp, items, batch_size=batch_size):
            if progress:
                progress()
            if outcome.error is not None or outcome.extraction is None:
                info["errors"].append(f"{outcome.source}: {outcome.error}")
                continue
            if outcome.notice:
                info["errors"].append(f"{outcome.source}: uncoded: {outcome.notice}")
            joint.add(outcome.extraction)
            if outcome.source in english_only:
                english.add(outcome.extraction)
        info["extract_seconds"] = round(time.perf_counter() - started, 1)
        t = time.perf_counter()
        linked = link_all(joint)
        info["link_seconds"] = round(time.perf_counter() - t, 1)
        info["stories"] = linked.counts.get("stories")
        t = time.perf_counter()
        link_all(english)
        info["link_english_seconds"] = round(time.perf_counter() - t, 1)
        read_joint = _read(joint, ids)
        read_english = _read(english, {s: ids[s] for s in english_only})
    return read_joint, read_english, info


# -- scoring -----------------------------------------------------------------------------------


def _joins(members: dict[str, str | None], article: dict[str, str]) -> list[tuple[str, str]]:
    """Pairs of documents of different articles that share a story (``members``: document ->
    story or None; ``article``: document -> its article)."""
    by_story: dict[str, list[str]] = defaultdict(list)
    for doc, story in members.items():
        if story is not None:
            by_story[story].append(doc)
    return [
        (a, b)
        for docs in by_story.values()
        for a, b in combinations(sorted(docs), 2)
        if article[a] != article[b]
    ]


def _failure(pair: dict[str, Any], ids: dict[str, str], read: dict[str, Any]) -> dict[str, Any]:
    """What the story layer saw of a pair that did not join."""
    from dossier.link.profiles import is_specific
    from dossier.link.stories import shares_words, similarity

    en, es = read["story_docs"].get(ids[pair["en"]]), read["story_docs"].get(ids[pair["es"]])
    out: dict[str, Any] = {"en": pair["en"], "es": pair["es"]}
    if en is None or es is None:
        return out | {"missing": True}
    common = sorted(k for k in en.neutral.keys() & es.neutral.keys() if is_specific(k))
    return out | {
        "similarity": round(similarity(en, es), 3),
        "neutral_cosine": round(_cosine(en.neutral, es.neutral), 3),
        "shares": shares_words(en, es),
        "shared_specific": common[:12],
        "neutral_sizes": (len(en.neutral), len(es.neutral)),
        "specific_sizes": (
            sum(map(is_specific, en.neutral)),
            sum(map(is_specific, es.neutral)),
        ),
        "blocks_meet": bool(set(en.neutral_blocks) & set(es.neutral_blocks)),
        "story_en": read["story_of"].get(ids[pair["en"]]),
        "story_es": read["story_of"].get(ids[pair["es"]]),
    }


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(x * b.get(k, 0.0) for k, x in a.items())
    na, nb = math.sqrt(sum(x * x for x in a.values())), math.sqrt(sum(x * x for x in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def score(
    pairs: Sequence[dict[str, Any]],
    ids: dict[str, str],
    corpus: dict[str, str | None],
    joint: dict[str, Any],
    english: dict[str, Any],
) -> dict[str, Any]:
    """The scores of the module doc from the two stores' readings (``ids``: document name ->
    dossier id; ``corpus``: document name -> topic corpus)."""
    from dossier.evaluate.coref import b_cubed

    story = joint["story_of"]
    article = {}
    for i, p in enumerate(pairs):
        article[p["en"]], article[p["es"]] = str(i), str(i)
    joined = [
        p
        for p in pairs
        if story.get(ids[p["en"]]) and story.get(ids[p["en"]]) == story.get(ids[p["es"]])
    ]
    names_all = [n for p in pairs for n in (p["en"], p["es"])]
    key = [{p["en"], p["es"]} for p in pairs]
    labels = {n: story.get(ids[n]) or f"alone:{n}" for n in names_all}
    response_groups: dict[str, set[str]] = defaultdict(set)
    for n, label in labels.items():
        response_groups[label].add(n)
    p_, r_, f_ = b_cubed(key, list(response_groups.values()))

    wrong = _joins({n: story.get(ids[n]) for n in names_all}, article)
    same_corpus = sum(corpus[a] == corpus[b] for a, b in wrong)
    lang = {n: ("en" if n == p["en"] else "es") for p in pairs for n in (p["en"], p["es"])}
    by_kind = Counter("-".join(sorted((lang[a], lang[b]))) for a, b in wrong)
    with_other = {d for pair in wrong for d in pair}

    en_names = [p["en"] for p in pairs]
    en_only = _joins({n: english["story_of"].get(ids[n]) for n in en_names}, article)
    en_in_joint = [w for w in wrong if lang[w[0]] == lang[w[1]] == "en"]

    return {
        "pairs": len(pairs),
        "pair_recall": len(joined) / len(pairs) if pairs else 0.0,
        "pairs_joined": len(joined),
        "in_a_story": {
            "en": sum(story.get(ids[p["en"]]) is not None for p in pairs),
            "es": sum(story.get(ids[p["es"]]) is not None for p in pairs),
        },
        "b3": {"precision": p_, "recall": r_, "f1": f_},
        "wrong_joins": {
            "pairs": len(wrong),
            "same_corpus": same_corpus,
            "across_corpora": len(wrong) - same_corpus,
            "by_languages": dict(by_kind),
            "documents_joined_to_another_article": len(with_other),
        },
        "english_only": {
            "en_en_joins": len(en_only),
            "en_en_joins_same_corpus": sum(corpus[a] == corpus[b] for a, b in en_only),
            "documents_in_a_story": sum(
                english["story_of"].get(ids[n]) is not None for n in en_names
            ),
            "en_en_joins_in_joint_store": len(en_in_joint),
        },
        "figures": _figure_scores(pairs, ids, joint),
        "failures": [_failure(p, ids, joint) for p in pairs if p not in joined],
    }


def _figure_scores(
    pairs: Sequence[dict[str, Any]], ids: dict[str, str], read: dict[str, Any]
) -> dict[str, Any]:
    """Of the Spanish figures with a measure class: how many are in a ledger with a figure of the
    aligned English article, in a ledger with any English figure, and how many of them have an
    English figure of the same class in the aligned article at all."""
    en_of = {ids[p["es"]]: ids[p["en"]] for p in pairs}
    english_docs = set(en_of.values())
    classes_en: dict[str, set[str]] = defaultdict(set)
    for doc, klass in read["measured"].values():
        if doc in english_docs:
            classes_en[doc].add(klass)
    total = with_aligned = with_english = same_class_available = in_ledger = 0
    for figure, (doc, klass) in read["measured"].items():
        if doc not in en_of:
            continue
        total += 1
        same_class_available += klass in classes_en[en_of[doc]]
        ledger = read["ledger_of"].get(figure)
        docs = read["ledger_docs"].get(ledger, set()) if ledger else set()
        in_ledger += ledger is not None
        with_aligned += en_of[doc] in docs
        with_english += bool(docs & english_docs)
    return {
        "spanish_measured": total,
        "english_measured": sum(1 for d, _ in read["measured"].values() if d in english_docs),
        "aligned_class_in_english": same_class_available,
        "joined_aligned": with_aligned,
        "share_joined_aligned": with_aligned / total if total else 0.0,
        "joined_any_english": with_english,
        "in_any_ledger": in_ledger,
    }


def evaluate_crosslingual(
    eval_dir: str | Path,
    limit: int | None = None,
    *,
    nlp: Any = None,
    batch_size: int = 16,
    english_lead: bool = False,
    progress: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Add MEANTIME's English articles and their Spanish translations to fresh stores, link them
    and score whether each Spanish report joins its English original (module doc). ``limit``:
    the first ``limit`` English files (sorted) and their aligned Spanish documents; ``nlp``: the
    English pipeline (built when not given); ``english_lead``: each English text cut to as many
    lines as its translation has (the Spanish set translates only the annotated lead: title,
    date line and the first sentences, about half of the English text)."""
    started = time.perf_counter()
    root = Path(eval_dir)
    english = load_english(root / EN_GOLD)
    spanish = load_spanish(root / ES_GOLD)
    aligned = sorted(align(english, spanish), key=lambda p: p["en"])
    pairs = aligned[:limit] if limit is not None else aligned
    by_name = {d.name: d for d in [*english, *spanish]}
    if english_lead:
        for p in pairs:
            en, es = by_name[p["en"]], by_name[p["es"]]
            lead = "\n".join(en.text.splitlines()[: len(es.text.splitlines())])
            by_name[p["en"]] = replace(en, text=lead)
    corpus = {p["en"]: by_name[p["en"]].corpus for p in pairs}
    corpus |= {p["es"]: corpus[p["en"]] for p in pairs}
    docs = [by_name[n] for p in pairs for n in (p["en"], p["es"])]
    articles = _documents(docs)
    ids = {name: doc.id for name, doc in articles}
    if nlp is None:
        from dossier.nlp import build_pipeline

        nlp = build_pipeline()
    english_names = {p["en"] for p in pairs}
    joint, english_read, info = _run(
        articles, nlp, english_only=english_names, batch_size=batch_size, progress=progress
    )
    result = score(pairs, ids, corpus, joint, english_read)
    return {
        "task": TASK,
        "gold": [str(root / EN_GOLD), str(root / ES_GOLD)],
        "english_lead": english_lead,
        "alignment": {
            "pairs": aligned,
            "dct_differs": sum(not p["same_dct"] for p in aligned),
            "min_margin": min((p["margin"] for p in aligned), default=0.0),
        },
        **result,
        "run": info | {"seconds": round(time.perf_counter() - started, 1)},
    }
