"""Names in any script and any romanisation, reduced to one language-neutral key.

One person is written "Володимир Зеленський" in Ukrainian, "Владимир Зеленский" in Russian,
"Volodymyr Zelensky" or "Zelenskyy" in English, "Vladimir Zelenski" in Spanish. The key of
each of these is ``vldmr zelensk``:

* every script is transliterated to Latin and diacritics go (:func:`romanize`, with
  ``anyascii``: one small, dependency-free library with a table for every Unicode script,
  updated with each Unicode release; ``cyrtranslit`` knows Cyrillic only and needs to be told
  the language, which a name alone does not say);
* spellings of one sound are one letter (:func:`spelling`): sh/sch/sz, zh, kh, ch/tch/cz,
  ts/tz, ph -> f, w -> v, j/y -> i, h -> g (Ukrainian Serhiy, Russian Sergei), c/q/ck -> k,
  x -> ks, doubled letters once;
* the last word (the surname, or a single name) keeps its vowels, less a masculine adjectival
  ending (-y, -yy, -iy, -ij, -yi: Zelensky, Zelenskyy, Zelenskiy, Zelens'kyj), so Lavrov and
  Lavrik, Lavrov and Lavrova, Putin and Patten stay apart;
* a given name is its consonants (Volodymyr and Vladimir, Oleksandr and Aleksandr, Serhiy and
  Sergei meet), with a mark for a word-initial vowel and a final -a or -e (Alexander and
  Alexandra, Michael and Michelle stay apart); patronymics (-ovich, -evna) and initials in
  the middle of a longer name are left out.

Two given names that differ only in their vowels are one key ("Jan" and "Jon"): the surname
carries the identity, and a full name is only compared with full names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from anyascii import anyascii

_SPELLINGS: tuple[tuple[str, str], ...] = (
    # Upper-case letters stand for one sound spelt with several (the input is lower case).
    ("shch", "S"),
    ("sch", "S"),
    ("sh", "S"),
    ("sz", "S"),
    ("zh", "Z"),
    ("kh", "X"),
    ("tch", "C"),
    ("ch", "C"),
    ("cz", "C"),
    ("ts", "T"),
    ("tz", "T"),
    ("ph", "f"),
    ("th", "t"),
    ("gh", "g"),
    ("ck", "k"),
    ("h", "g"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("w", "v"),
    ("j", "i"),
    ("y", "i"),
)
_SPELLING_RE = re.compile("|".join(re.escape(a) for a, _ in _SPELLINGS))
_SPELLING_MAP = dict(_SPELLINGS)
_DOUBLE_RE = re.compile(r"(.)\1+")
_VOWELS = frozenset("aeiou")
_PATRONYMIC_RE = re.compile(r"(ovi|evi|ovn|evn)")  # after spelling: -ovich -> oviC, -ovna
_NON_LETTER_RE = re.compile(r"[^a-z]+")


def romanize(text: str) -> str:
    """``text`` in Latin letters without diacritics (case kept), any script.

    >>> romanize("Владимир Зеленский"), romanize("Łukasz Wałęsa"), romanize("Díaz-Canel")
    ('Vladimir Zelenskiy', 'Lukasz Walesa', 'Diaz-Canel')
    """
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)
    return anyascii(text)


def other_script(text: str) -> bool:
    """Whether a text has letters of another script than Latin.

    >>> other_script("Díaz-Canel — Łukasz"), other_script("Зеленський"), other_script("محمد")
    (False, True, True)
    """
    return any(
        c.isalpha() and not unicodedata.name(c, "LATIN").startswith("LATIN")
        for c in text
        if not c.isascii()
    )


def spelling(word: str) -> str:
    """A lower-case Latin word with each sound's spellings made one, doubled letters once.

    >>> [spelling(w) for w in ("zelenskyy", "zelenskiy", "zelens'kyj", "schoigu", "shoygu")]
    ['zelenski', 'zelenski', 'zelenski', 'Soigu', 'Soigu']
    """
    word = _NON_LETTER_RE.sub("", word)
    word = _SPELLING_RE.sub(lambda m: _SPELLING_MAP[m.group()], word)
    return _DOUBLE_RE.sub(r"\1", word)


def surname_key(word: str) -> str:
    """The key of a surname (or a name used alone): its spelling less a masculine adjectival
    ending.

    >>> [surname_key(w) for w in ("Zelensky", "Zelenskyy", "Zelenskiy", "Zelenski", "Lavrova")]
    ['zelensk', 'zelensk', 'zelensk', 'zelensk', 'lavrova']
    >>> surname_key("Navalnyy"), surname_key("Tolstoy"), surname_key("Putin")
    ('navaln', 'tolsto', 'putin')
    """
    form = spelling(romanize(word).casefold())
    if len(form) > 3 and form.endswith("i") and form[-2] not in _VOWELS:
        form = form[:-1]
    elif len(form) > 3 and form.endswith("oi"):
        form = form[:-1]  # Tolstoy, Tolstoi
    return form


def given_key(word: str) -> str:
    """The key of a given name: its consonants, ``_`` first when it begins with a vowel, and
    its last letter when that is ``a`` or ``e``.

    >>> [given_key(w) for w in ("Volodymyr", "Vladimir", "Володимир", "Serhiy", "Sergei")]
    ['vldmr', 'vldmr', 'vldmr', 'srg', 'srg']
    >>> given_key("Oleksandr"), given_key("Alexander"), given_key("Alexandra")
    ('_lksndr', '_lksndr', '_lksndra')
    """
    form = spelling(romanize(word).casefold())
    if not form:
        return ""
    skeleton = "".join(c for c in form if c not in _VOWELS)
    start = "_" if form[0] in _VOWELS else ""
    end = form[-1] if form[-1] in "ae" and len(form) > 1 else ""
    return start + skeleton + end


def name_tokens(name: str) -> list[str]:
    """The words of a name in Latin letters, lower case, without punctuation; patronymics and
    initials in the middle of a name of three or more words left out.

    >>> name_tokens("Владимир Владимирович Путин"), name_tokens("Donald J. Trump")
    (['vladimir', 'putin'], ['donald', 'trump'])
    """
    words = [w for w in romanize(name).casefold().split() if _NON_LETTER_RE.sub("", w)]
    if len(words) < 3:
        return words
    middle = [
        w
        for w in words[1:-1]
        if len(_NON_LETTER_RE.sub("", w)) > 1
        and not _PATRONYMIC_RE.search(spelling(w)[-5:] if len(spelling(w)) > 5 else "")
    ]
    return [words[0], *middle, words[-1]]


@cache
def entity_key(name: str) -> str:
    """A language-neutral key of a name: the same for one name in any script or romanisation
    (see the module doc); different names stay apart.

    >>> keys = {entity_key(n) for n in ("Володимир Зеленський", "Владимир Зеленский",
    ...     "Volodymyr Zelensky", "Volodymyr Zelenskyy", "Vladimir Zelenski")}
    >>> keys
    {'vldmr zelensk'}
    >>> entity_key("Zelenskiy"), entity_key("Sergei Lavrov") == entity_key("Sergei Lavrik")
    ('zelensk', False)
    """
    words = name_tokens(name)
    if not words:
        return ""
    keys = [given_key(w) for w in words[:-1]] + [surname_key(words[-1])]
    return " ".join(k for k in keys if k)
