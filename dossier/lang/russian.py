"""The Russian base pipeline: natasha (razdel segmentation, slovnet morphology, syntax and NER,
pymorphy lemmas) wrapped as a spaCy ``Language``.

The tokenizer turns razdel's tokens into a ``Doc`` whose text is exactly the input (the
whitespace between tokens becomes trailing spaces or whitespace tokens). The component
``dossier_ru_natasha`` then runs natasha once per doc, sentence by sentence, and sets lemmas,
UD part-of-speech tags, morphology, a dependency tree per natasha sentence and ``doc.ents``
(PER, LOC, ORG). natasha's models ship inside its wheels; they are loaded once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import numpy
import razdel
import spacy
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

# A razdel sentence longer than this is given to the taggers in pieces (the parser's cost grows
# with the square of a sentence's length).
MAX_SENT_TOKENS = 200
_NER_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class _Natasha:
    """natasha's taggers, built once."""

    morph: Any
    syntax: Any
    ner: Any
    vocab: Any


@cache
def natasha_models() -> _Natasha:
    """natasha's news models (navec embeddings + slovnet taggers) and pymorphy vocabulary."""
    from natasha import (
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
    )

    emb = NewsEmbedding()
    return _Natasha(NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb), MorphVocab())


def razdel_offsets(text: str) -> list[tuple[int, int]]:
    """Character offsets ``(start, stop)`` of razdel's tokens, sentence by sentence."""
    offsets: list[tuple[int, int]] = []
    for sent in razdel.sentenize(text):
        for tok in razdel.tokenize(sent.text):
            offsets.append((sent.start + tok.start, sent.start + tok.stop))
    return offsets


class RazdelTokenizer:
    """A spaCy tokenizer over razdel; ``doc.text`` always equals the input string."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0

        def gap(stop: int) -> None:
            piece = text[pos:stop]
            if not piece:
                return
            if words and not spaces[-1] and piece[0] == " ":
                spaces[-1] = True
                piece = piece[1:]
            if piece:
                words.append(piece)
                spaces.append(False)

        for start, stop in razdel_offsets(text):
            if start < pos:  # never expected from razdel; keep the text intact anyway
                start = pos
            if start >= stop:
                continue
            gap(start)
            words.append(text[start:stop])
            spaces.append(False)
            pos = stop
        gap(len(text))
        doc = Doc(self.vocab, words=words, spaces=spaces)
        assert doc.text == text, "razdel tokenizer lost text"
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: Any) -> RazdelTokenizer:
        return self

    def to_disk(self, _path: Any, **_: Any) -> None:
        return None

    def from_disk(self, _path: Any, **_: Any) -> RazdelTokenizer:
        return self


def _sentences(doc: Doc) -> list[list[int]]:
    """Indices of the non-space tokens of each razdel sentence, cut at ``MAX_SENT_TOKENS``."""
    groups: list[list[int]] = []
    bounds = [(s.start, s.stop) for s in razdel.sentenize(doc.text)]
    b = 0
    current: list[int] = []
    for token in doc:
        if token.is_space:
            continue
        while b < len(bounds) and token.idx >= bounds[b][1]:
            b += 1
            if current:
                groups.append(current)
                current = []
        if len(current) >= MAX_SENT_TOKENS:
            groups.append(current)
            current = []
        current.append(token.i)
    if current:
        groups.append(current)
    return groups


def _tree(heads: list[int], rels: list[str]) -> tuple[list[int], list[str]]:
    """A single-rooted tree from slovnet's head guesses (0-based heads, -1 for the root):
    extra roots and cycles are attached to the first root."""
    n = len(heads)
    heads = [h if 0 <= h < n and h != i else -1 for i, h in enumerate(heads)]
    rels = list(rels)
    roots = [i for i, h in enumerate(heads) if h < 0]
    root = roots[0] if roots else 0
    for i in range(n):
        if i != root and heads[i] < 0:
            heads[i] = root
            rels[i] = "parataxis" if rels[i] == "root" else rels[i]
    heads[root] = -1
    rels[root] = "root"
    for i in range(n):  # break cycles: follow heads; a walk longer than n is a cycle
        seen = set()
        j = i
        while heads[j] >= 0 and j not in seen:
            seen.add(j)
            j = heads[j]
        if heads[j] >= 0:  # stopped on a repeat: j is in a cycle
            heads[j] = root
    return heads, rels


@lru_cache(maxsize=200_000)
def _lemma(word: str, pos: str, feats: tuple[tuple[str, str], ...]) -> str:
    if not _WORD.search(word):
        return word
    return natasha_models().vocab.lemmatize(word, pos, dict(feats))


def _annotate(doc: Doc, groups: list[list[int]]) -> None:
    """Morphology, lemmas and a dependency tree for each group of tokens."""
    models = natasha_models()
    chunk = [[doc[i].text for i in group] for group in groups]
    morphs = list(models.morph.map(chunk)) if chunk else []
    parses = list(models.syntax.map(chunk)) if chunk else []
    heads = numpy.zeros(len(doc), dtype="int64")  # relative offsets, as Doc.from_array wants
    deps = [""] * len(doc)
    last = -1  # the last non-space token seen, for attaching whitespace tokens
    for group, morph, parse in zip(groups, morphs, parses, strict=True):
        sent_heads = [int(t.head_id) - 1 for t in parse.tokens]
        sent_heads, rels = _tree(sent_heads, [t.rel for t in parse.tokens])
        for k, (i, mt) in enumerate(zip(group, morph.tokens, strict=True)):
            token = doc[i]
            feats = tuple(sorted((mt.feats or {}).items()))
            token.pos_ = mt.pos
            if feats:
                token.set_morph("|".join(f"{a}={v}" for a, v in feats))
            token.lemma_ = _lemma(token.text, mt.pos, feats).lower()
            head = group[sent_heads[k]] if sent_heads[k] >= 0 else i
            heads[i] = head - i
            deps[i] = "ROOT" if rels[k] == "root" else rels[k]
    for token in doc:
        if token.is_space:  # whitespace joins the token before it (or after, at the start)
            token.pos_ = "SPACE"
            token.lemma_ = token.text
            target = last if last >= 0 else _next_word(doc, token.i)
            if target is not None:
                heads[token.i] = target - token.i
                deps[token.i] = "dep"
        else:
            last = token.i
    if not any(deps):
        return
    dep_ids = [doc.vocab.strings.add(d or "dep") for d in deps]
    array = numpy.stack([heads.astype("uint64"), numpy.array(dep_ids, dtype="uint64")], axis=1)
    doc.from_array([HEAD, DEP], array)


def _next_word(doc: Doc, i: int) -> int | None:
    for token in doc[i + 1 :]:
        if not token.is_space:
            return token.i
    return None


def natasha_entities(doc: Doc, groups: list[list[int]]) -> list[tuple[int, int, str]]:
    """natasha's NER spans ``(start, stop, label)`` as character offsets, sentence by sentence."""
    texts, offsets = [], []
    for group in groups:
        first, last = doc[group[0]], doc[group[-1]]
        offsets.append(first.idx)
        texts.append(doc.text[first.idx : last.idx + len(last.text)])
    spans = []
    markups = list(natasha_models().ner.map(texts)) if texts else []
    for offset, markup in zip(offsets, markups, strict=True):
        for span in markup.spans:
            if span.type in _NER_LABELS:
                spans.append((offset + span.start, offset + span.stop, _NER_LABELS[span.type]))
    return spans


def set_entities(doc: Doc, spans: list[tuple[int, int, str]]) -> None:
    """Set ``doc.ents`` from character spans, expanding each to whole tokens."""
    ents: list[Span] = []
    for start, stop, label in spans:
        span = doc.char_span(start, stop, label=label, alignment_mode="expand")
        if span is not None and len(span):
            ents.append(span)
    doc.ents = filter_spans(ents)


_EDGE = " \t\n,;:.!?-–—()[]\"'«»„“”"
_OPEN_QUOTES = '«„“"'
_PAREN = re.compile(r"^(?P<a>[^()]*?)\s*\((?P<b>[^()]*)\)?\s*$")


def _trim(text: str, start: int, stop: int) -> tuple[int, int]:
    """Shrink ``[start, stop)`` past edge punctuation (a final dot stays after a short word,
    as in "В.Л." or "им.")."""
    while start < stop and text[start] in _EDGE:
        start += 1
    while stop > start and text[stop - 1] in _EDGE:
        if text[stop - 1] == "." and stop - start > 1 and _short_word_before(text, start, stop - 1):
            break
        stop -= 1
    return start, stop


def _short_word_before(text: str, start: int, dot: int) -> bool:
    word = text[start:dot].split()[-1] if text[start:dot].split() else ""
    return 0 < len(word.split(".")[-1]) <= 3


def _split_span(text: str, start: int, stop: int, label: str) -> list[tuple[int, int, str]]:
    """ "Name (Alias)" becomes two spans; "ОАО «Name»" (an ORG with a quoted name after its
    descriptor) becomes the quoted name."""
    piece = text[start:stop]
    match = _PAREN.match(piece)
    if match and match.group("a").strip() and match.group("b").strip():
        return [
            (start + match.start("a"), start + match.end("a"), label),
            (start + match.start("b"), start + match.end("b"), label),
        ]
    if label == "ORG":
        quote = next((k for k, ch in enumerate(piece) if ch in _OPEN_QUOTES), -1)
        if quote > 0 and piece[quote - 1] == " " and _WORD.search(piece[quote:]):
            return [(start + quote, stop, label)]
    return [(start, stop, label)]


def refine_entities(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Generic clean-up of natasha's spans: parenthesised aliases become spans of their own,
    an ORG's descriptor before its quoted name is dropped, and edge punctuation and quotes are
    trimmed. Written from factRuEval's devset only (``dossier.evaluate.factru``)."""
    refined = []
    for start, stop, label in spans:
        start, stop = max(0, start), min(len(text), stop)
        for s, e, lab in _split_span(text, start, stop, label):
            s, e = _trim(text, s, e)
            if e > s and _WORD.search(text[s:e]):
                refined.append((s, e, lab))
    return refined


@Language.component("dossier_ru_natasha")
def natasha_component(doc: Doc) -> Doc:
    """Run natasha once over ``doc``: lemmas, POS, morphology, dependencies, sentences, ents."""
    groups = _sentences(doc)
    if not groups:
        for token in doc:
            token.pos_ = "SPACE"
            token.lemma_ = token.text
        return doc
    _annotate(doc, groups)
    set_entities(doc, refine_entities(doc.text, natasha_entities(doc, groups)))
    return doc


def build_russian() -> spacy.language.Language:
    """The Russian base pipeline: razdel tokenizer + the natasha component."""
    nlp = spacy.blank("ru")
    nlp.tokenizer = RazdelTokenizer(nlp.vocab)
    nlp.add_pipe("dossier_ru_natasha")
    natasha_models()
    return nlp
