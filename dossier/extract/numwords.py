"""Numbers written in words or digits -> int: "twenty four" -> 24, "a" -> 1, "1,000" -> 1000.

Written here because the libraries that do this (word2number, text2num) either raise on anything
unexpected or pull heavy dependencies, and both the time and figure extractors need the same small,
total function: None for what is not a number.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "couple": 2, "dozen": 12,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")


def parse_int(text: str) -> int | None:
    """An integer written in digits or English words; None when it is not one.

    >>> parse_int("twenty four"), parse_int("twenty-four"), parse_int("1,000"), parse_int("a")
    (24, 24, 1000, 1)
    >>> parse_int("two hundred and fifty"), parse_int("several") is None
    (250, True)
    """
    text = text.strip().lower()
    if DIGITS.match(text):
        return int(text.replace(",", ""))
    words = [w for w in re.split(r"[\s-]+", text) if w and w != "and"]
    if not words:
        return None
    total, current = 0, 0
    for word in words:
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0
        elif DIGITS.match(word):
            current += int(word.replace(",", ""))
        else:
            return None
    return total + current
