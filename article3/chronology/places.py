"""Comparing place names as people write them: accents, case, punctuation and detail vary.

"Bamenda", "bamenda." and "Bamenda, North-West Region" name the same place at different
levels of detail, so they agree; "Bamenda" and "Buea" do not.
"""

from __future__ import annotations

import re
import unicodedata

# Parts of a place written from the most to the least specific: "Town, Region (Country)".
_COMPONENT_SEPARATORS = re.compile(r"[,;()\[\]]")


def normalise_place(text: str) -> str:
    """Accents removed, case-folded, punctuation to spaces, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = "".join(ch if ch.isalnum() else " " for ch in bare)
    return " ".join(words.split())


def place_components(text: str) -> tuple[str, ...]:
    """The normalised comma-separated parts of a place, empty parts dropped."""
    parts = (normalise_place(part) for part in _COMPONENT_SEPARATORS.split(text))
    return tuple(part for part in parts if part)


def places_agree(a: str, b: str) -> bool:
    """Both can name the same place: equal, or one is a less detailed form of the other.

    Less detailed means its words start the other's words ("Bamenda" and "Bamenda North-West")
    or its parts are all parts of the other ("North-West Region" and "Bamenda, North-West
    Region"). A place that normalises to nothing agrees with anything.
    """
    words_a, words_b = normalise_place(a).split(), normalise_place(b).split()
    if not words_a or not words_b:
        return True
    if _starts_with(words_a, words_b) or _starts_with(words_b, words_a):
        return True
    parts_a, parts_b = set(place_components(a)), set(place_components(b))
    return parts_a <= parts_b or parts_b <= parts_a


def _starts_with(words: list[str], prefix: list[str]) -> bool:
    return words[: len(prefix)] == prefix
