"""Experiment: would a trained tagger beat the claim rules on PolNeAR? (not part of dossier)

    .venv/bin/pip install -e ".[bench]"   # python-crfsuite
    .venv/bin/python benchmarks/claims_tagger.py [--train DIR] [--dev DIR] [--iterations 150]

Trains a linear-chain CRF (CRFsuite) on PolNeAR train, one sequence per paragraph, each token
labelled B-/I- source, cue or content (a token in several spans takes cue, then source, then
content), and scores it on dev with dossier's own scorer, beside the rules, in two variants:

- ``crf``: parse features (words, lemmas, tags, dependencies, the head, the relation under the
  nearest cue-lexicon verb and its distance, quotation marks) in a window of two tokens;
- ``crf+rules``: the same plus the rules' own labels as features (stacking).

A cue takes the nearest source in its paragraph and every content span nearer to it than to any
other cue. The model is written to a temporary folder and never shipped: PolNeAR has no licence.
This is why dossier's claims stay rules: see the issue note for the figures it printed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "eval" / "attribution" / "polnear"
PRIORITY = {"content": 1, "source": 2, "cue": 3}


def token_roles(doc, attributions) -> list[tuple[str, tuple] | None]:
    """Each token's (role, span key), by PRIORITY where spans overlap."""
    starts = [(t.idx, t.idx + len(t.text), t.i) for t in doc if not t.is_space]
    roles: list[tuple[str, tuple] | None] = [None] * len(doc)
    for k, att in enumerate(attributions):
        for role in ("content", "source", "cue"):
            for piece, (s, e) in enumerate(getattr(att, role) or ()):
                for ts, te, i in starts:
                    if ts < e and te > s:
                        old = roles[i]
                        if old is None or PRIORITY[role] >= PRIORITY[old[0]]:
                            roles[i] = (role, (k, role, piece))
    return roles


def bio(roles, seq: list[int]) -> list[str]:
    out, prev = [], None
    for i in seq:
        if roles[i] is None:
            out.append("O")
            prev = None
            continue
        out.append(("I-" if prev == roles[i][1] else "B-") + roles[i][0])
        prev = roles[i][1]
    return out


def paragraphs(doc) -> list[list[int]]:
    seqs, cur = [], []
    for t in doc:
        if t.is_space:
            if "\n" in t.text and cur:
                seqs.append(cur)
                cur = []
            continue
        cur.append(t.i)
    return seqs + ([cur] if cur else [])


def cue_anchor(token, verbs) -> tuple[str, int, str]:
    """The relation under the nearest cue-lexicon ancestor, its distance and its class."""
    if token.lemma_.lower() in verbs and token.pos_ in ("VERB", "AUX"):
        return "SELF", 0, verbs[token.lemma_.lower()].cls
    child, node, depth = token, token.head, 1
    while node is not child and depth < 12:
        if node.lemma_.lower() in verbs and node.pos_ in ("VERB", "AUX", "NOUN"):
            return child.dep_, depth, verbs[node.lemma_.lower()].cls
        child, node, depth = node, node.head, depth + 1
    return "NONE", 99, "-"


def features(doc, rule_roles, verbs, quotes, with_rules: bool) -> list[list[dict]]:
    rule_tags = {}
    for seq in paragraphs(doc):
        rule_tags.update(zip(seq, bio(rule_roles, seq), strict=True))
    base = {}
    for t in doc:
        if t.is_space:
            continue
        rel, dist, cls = cue_anchor(t, verbs)
        h = t.head
        f = {
            "w": t.lower_, "lem": t.lemma_.lower(), "pos": t.pos_, "tag": t.tag_, "dep": t.dep_,
            "shape": t.shape_[:4], "ent": t.ent_iob_ + t.ent_type_, "hlem": h.lemma_.lower(),
            "hpos": h.pos_, "hdep": h.dep_, "dep_hlem": f"{t.dep_}|{h.lemma_.lower()}",
            "quoted": str(any(s <= t.idx < e for s, e in quotes)), "rel": rel,
            "dist": str(min(dist, 5)), "cls": cls, "start": str(t.is_sent_start),
        }  # fmt: skip
        if with_rules:
            f["rule"] = rule_tags.get(t.i, "O")
            f["rel_rule"] = f"{rel}|{f['rule']}"
        base[t.i] = f
    out = []
    for seq in paragraphs(doc):
        rows = []
        for k, i in enumerate(seq):
            f = {"bias": "1", **base[i]}
            for off in (-2, -1, 1, 2):
                j = k + off
                g = base[seq[j]] if 0 <= j < len(seq) else None
                f[f"{off}:w"] = g["w"] if g else "<pad>"
                if g and abs(off) == 1:
                    f.update({f"{off}:{a}": g[a] for a in ("pos", "dep", "rel")})
                    if with_rules:
                        f[f"{off}:rule"] = g["rule"]
            rows.append(f)
        out.append(rows)
    return out


def spans(seq: list[int], tags: list[str]) -> list[tuple[str, list[int]]]:
    found: list[tuple[str, list[int]]] = []
    for i, tag in zip(seq, tags, strict=True):
        if tag == "O":
            continue
        role = tag[2:]
        if tag.startswith("B-") or not found or found[-1][0] != role or found[-1][1][-1] != i - 1:
            found.append((role, [i]))
        else:
            found[-1][1].append(i)
    return found


def assemble(doc, per_paragraph, Attribution) -> list:
    """Attributions from tagged spans: each cue with its nearest source and content spans."""

    def chars(ids):
        return (doc[ids[0]].idx, doc[ids[-1]].idx + len(doc[ids[-1]].text))

    cues = [
        (p, ids) for p, found in enumerate(per_paragraph) for role, ids in found if role == "cue"
    ]
    if not cues:
        return []
    parts: dict[int, dict[str, list]] = {k: {"source": [], "content": []} for k in range(len(cues))}
    for p, found in enumerate(per_paragraph):
        for role, ids in found:
            if role == "cue":
                continue
            k = min(
                range(len(cues)), key=lambda k: (abs(cues[k][0] - p), abs(cues[k][1][0] - ids[0]))
            )
            if role == "content" or cues[k][0] == p:
                parts[k][role].append(ids)
    out = []
    for k, (_, cue) in enumerate(cues):
        content = tuple(sorted(chars(ids) for ids in parts[k]["content"]))
        sources = sorted(parts[k]["source"], key=lambda ids: abs(ids[0] - cue[0]))
        if content:
            source = (chars(sources[0]),) if sources else None
            out.append(Attribution(cue=(chars(cue),), content=content, source=source))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=POLNEAR / "train")
    parser.add_argument("--dev", type=Path, default=POLNEAR / "dev")
    parser.add_argument("--iterations", type=int, default=150)
    args = parser.parse_args()
    try:
        import pycrfsuite
    except ImportError:
        print("this experiment needs python-crfsuite: pip install -e '.[bench]'", file=sys.stderr)
        return 2

    from dossier.evaluate.claims import Attribution, attributions_from_claims, load_gold, score
    from dossier.extract.claims import load_lexicon
    from dossier.extract.quotes import find_quotes
    from dossier.nlp import build_pipeline

    nlp = build_pipeline()
    verbs = load_lexicon().verbs

    def parsed(path: Path):
        gold = load_gold(path)
        started = time.perf_counter()
        out = []
        texts = [d.text for d in gold]
        for g, doc in zip(gold, nlp.pipe(texts, batch_size=16, n_process=2), strict=True):
            claims = (doc._.dossier_claims or []) + (doc._.dossier_claims_unsourced or [])
            out.append((g, doc, attributions_from_claims(claims)))
        print(f"parsed {path.name}: {len(gold)} articles in {time.perf_counter() - started:.0f} s")
        return out

    train, dev = parsed(args.train), parsed(args.dev)
    rules = score((g.text, g.attributions, r) for g, _, r in dev).metrics()
    results = {"rules": rules}
    with tempfile.TemporaryDirectory() as folder:
        for name, with_rules in (("crf", False), ("crf+rules", True)):
            started = time.perf_counter()
            trainer = pycrfsuite.Trainer(verbose=False)
            for g, doc, rule in train:
                feats = features(
                    doc, token_roles(doc, rule), verbs, find_quotes(doc.text), with_rules
                )
                gold_roles = token_roles(doc, g.attributions)
                for seq, x in zip(paragraphs(doc), feats, strict=True):
                    trainer.append(x, bio(gold_roles, seq))
            trainer.set_params({"c1": 0.1, "c2": 0.01, "max_iterations": args.iterations})
            model = str(Path(folder) / f"{name}.crfsuite")
            trainer.train(model)
            tagger = pycrfsuite.Tagger()
            tagger.open(model)
            predicted = []
            for g, doc, rule in dev:
                feats = features(
                    doc, token_roles(doc, rule), verbs, find_quotes(doc.text), with_rules
                )
                tagged = [
                    spans(seq, tagger.tag(x)) for seq, x in zip(paragraphs(doc), feats, strict=True)
                ]
                predicted.append((g.text, g.attributions, assemble(doc, tagged, Attribution)))
            results[name] = score(predicted).metrics()
            print(f"trained and tagged {name} in {time.perf_counter() - started:.0f} s")
    print(f"PolNeAR {args.dev.name}, F1 (exact / overlap)")
    print(f"{'role':12}" + "".join(f"{name:>20}" for name in results))
    for role in ("source", "cue", "content", "attribution"):
        cells = [
            f"{m[f'{role}_exact_f1']:.3f} / {m[f'{role}_overlap_f1']:.3f}" for m in results.values()
        ]
        print(f"{role:12}" + "".join(f"{c:>20}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
