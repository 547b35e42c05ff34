"""Village and kecamatan names as offices spell them, matched against the region register.

``place_key`` reduces a name to what matters for matching: "Desa Air Mesu", "AIR MESU",
"Ds. Air-Mesu" and "Airmesu" all give ``"airmesu"``. ``close_names`` offers the register's
names that are spelled nearly the same ("did you mean …?"): "Kobaa" finds "Koba",
"Pangkalan Baru" finds "Pangkalanbaru".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

#: How alike two keys must be (difflib's ratio) for a name to be offered as a spelling.
CLOSE_CUTOFF = 0.8

_PREFIX = re.compile(r"(?:desa|kelurahan|kecamatan|kel|kec|ds)(?:\.\s*|\s+)")
_NOT_LETTERS = re.compile(r"[\W_]+")


def place_key(name: str) -> str:
    """``name`` for matching: case folded, the word "Desa", "Kelurahan", "Kel.", "Ds.",
    "Kecamatan" or "Kec." in front removed, and every space and punctuation mark dropped, so
    that "Pangkalan Baru" and "Pangkalanbaru" have one key."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = _PREFIX.sub("", text, count=1) if _PREFIX.match(text) else text
    return _NOT_LETTERS.sub("", text)


def close_names(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` of ``candidates`` whose keys are equal or close to the key of ``name``,
    the closest first (each candidate once, as given)."""
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(place_key(candidate), candidate)
    key = place_key(name)
    if not key:
        return []
    matches = difflib.get_close_matches(key, list(by_key), n=n, cutoff=CLOSE_CUTOFF)
    return [by_key[match] for match in matches]
