"""Generate ``dossier/resources/lang/<code>/countries.tsv`` for es, fr, ru, uk and pt.

Each file has the columns ``form``, ``iso3``, ``kind`` (name | adjective | demonym | none) and
``source`` (iso3166 | hand). Rows marked ``iso3166`` come from pycountry's gettext translations
of ISO 3166-1 (the short, official and common name of each country; pt reads pt and pt_BR);
rows marked ``hand`` are kept as they stand in the file (short and common forms, adjectives,
demonyms), so the file is its own source for them: add a ``hand`` row, rerun, and the generated
rows are laid out again around it. A ``hand`` row of kind ``none`` removes a generated form
that misleads (an ISO name that is also a common word).

A generated form that two countries share ("Corée, République de" -> "Corée") is left out,
and so is a name pycountry leaves untranslated in a Cyrillic language.

    python scripts/lang_countries.py           # rewrite the files
    python scripts/lang_countries.py --check   # exit 1 if a file differs from what it would be
"""

from __future__ import annotations

import argparse
import gettext
import sys
from collections import defaultdict
from pathlib import Path

import pycountry

LANGS = {"es": ("es",), "fr": ("fr",), "ru": ("ru",), "uk": ("uk",), "pt": ("pt", "pt_BR")}
CYRILLIC = {"ru", "uk"}
ROOT = Path(__file__).resolve().parent.parent / "dossier" / "resources" / "lang"
HEADER = "form\tiso3\tkind\tsource"
COMMENT = (
    "# Country names, adjectives and demonyms: rows 'iso3166' are generated from pycountry's\n"
    "# ISO 3166-1 translations by scripts/lang_countries.py; rows 'hand' are kept by hand and\n"
    "# read back by it. Adjectives and demonyms are given in their lemma (masculine singular);\n"
    "# dossier.lang.entities inflects them (es, fr, pt) or matches by lemma (ru, uk).\n"
)


def hand_rows(path: Path) -> list[tuple[str, str, str]]:
    """The ``hand`` rows of an existing file, as (form, iso3, kind)."""
    if not path.is_file():
        return []
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line == HEADER:
            continue
        form, iso3, kind, source = line.split("\t")
        if source == "hand":
            rows.append((form, iso3, kind))
    return rows


def iso_forms(lang: str) -> dict[str, set[str]]:
    """Form -> the countries pycountry's translations give it, in language ``lang``."""
    forms: dict[str, set[str]] = defaultdict(set)
    for locale in LANGS[lang]:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
        for country in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                english = getattr(country, attr, None)
                if not english:
                    continue
                form = translation.gettext(english).replace("\u0301", "").strip()
                if lang in CYRILLIC and form == english:
                    continue  # untranslated: a Latin name in a Cyrillic text is no form of it
                if "," in form:
                    form = form.split(",")[0].strip()  # "Venezuela, República Bolivariana de"
                if form:
                    forms[form].add(country.alpha_3)
    return forms


def generate(lang: str, hand: list[tuple[str, str, str]]) -> str:
    """The full text of ``lang``'s countries.tsv, from pycountry and the hand rows."""
    hand_forms = {form for form, _, _ in hand}
    rows = {(form, iso3, kind, "hand") for form, iso3, kind in hand}
    for form, countries in iso_forms(lang).items():
        if len(countries) == 1 and form not in hand_forms:
            rows.add((form, next(iter(countries)), "name", "iso3166"))
    ordered = sorted(rows, key=lambda r: (r[1], r[2], r[0].casefold(), r[0], r[3]))
    body = "\n".join("\t".join(row) for row in ordered)
    return f"{COMMENT}{HEADER}\n{body}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args(argv)
    differ = []
    for lang in LANGS:
        path = ROOT / lang / "countries.tsv"
        text = generate(lang, hand_rows(path))
        current = path.read_text("utf-8") if path.is_file() else None
        if text == current:
            continue
        differ.append(lang)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
    if differ:
        print(("differ: " if args.check else "written: ") + ", ".join(differ))
    return 1 if args.check and differ else 0


if __name__ == "__main__":
    sys.exit(main())
