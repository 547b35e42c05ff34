"""A small, dictionary-free Indonesian stemmer for catalogue search on SQLite.

PostgreSQL stems Indonesian itself (the ``indonesian`` text-search configuration, Snowball's
Indonesian stemmer). SQLite's FTS5 has only the English ``porter`` stemmer, which knows
nothing of Indonesian affixes: it leaves "keripiknya" as it is. ``stem`` strips the common
affixes in the order Indonesian builds words (after Tala's rule-based stemmer, without a
dictionary):

1. a particle: -lah, -kah, -tah, -pun ("manislah" → "manis");
2. a possessive pronoun: -nya, -ku, -mu ("keripiknya" → "keripik");
3. a prefix: di-, ke-, se-, ter-, ber- (be-), me-/mem-/men-/meng-/meny-, pe-/pem-/pen-/peng-/
   peny-/per- ("dikemas" → "kemas", "pengrajin" → "rajin");
4. a derivational suffix: -kan, -an, -i, but only with a prefix (a confix such as "pe-…-an",
   "di-…-kan"); a word without one loses only -an ("anyaman" → "anyam", "kemasan" → "kemas").

Every strip keeps at least ``MIN_STEM`` letters. Without a dictionary the stemmer cannot tell
a prefix from a root that happens to start like one ("kerupuk" keeps its "ke" because "rupuk"
would be stripped only with a suffix), and it does not restore the letter a nasal prefix
replaced ("menyulam" → "sulam" is not found; it gives "ulam"). The catalogue indexes both the
word and its stem and stems the query the same way, so such a stem still matches itself.
"""

from __future__ import annotations

import re
import unicodedata

#: The shortest stem a strip may leave.
MIN_STEM = 4

_WORD = re.compile(r"[a-z0-9]+")
_PARTICLES = ("lah", "kah", "tah", "pun")
_POSSESSIVES = ("nya", "ku", "mu")
#: Longest first, so that "meng" is tried before "me".
_PREFIXES = (
    "meng",
    "meny",
    "peng",
    "peny",
    "mem",
    "men",
    "pem",
    "pen",
    "per",
    "ber",
    "ter",
    "me",
    "pe",
    "be",
    "di",
    "ke",
    "se",
)
#: Prefixes that never stand alone on a noun of the catalogue: stripped only with a suffix.
_CONFIX_ONLY = frozenset({"ke", "se", "pe", "be"})
_SUFFIXES = ("kan", "an", "i")


def fold(text: str) -> str:
    """``text`` in lower case without accents (é → e), as the index stores it."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of ``text``: runs of letters and digits, folded."""
    return _WORD.findall(fold(text))


def _strip_end(word: str, endings: tuple[str, ...]) -> str:
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def _prefix(word: str) -> str:
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
            return prefix
    return ""


def _suffix(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return suffix
    return ""


def stem(word: str) -> str:
    """The stem of one folded word (see the module's documentation for the rules)."""
    if len(word) <= MIN_STEM or not word.isalpha():
        return word
    word = _strip_end(word, _PARTICLES)
    word = _strip_end(word, _POSSESSIVES)
    prefix = _prefix(word)
    rest = word[len(prefix) :]
    suffix = _suffix(rest)
    if prefix and suffix and len(rest) - len(suffix) >= MIN_STEM:
        return rest[: -len(suffix)]
    if prefix and prefix not in _CONFIX_ONLY:
        return rest
    if word.endswith("an") and len(word) - 2 >= MIN_STEM:
        return word[:-2]
    return word


def index_terms(text: str) -> list[str]:
    """Every word of ``text`` followed by its stem when the stem differs: what the search
    index holds, so a word is found by itself and by any word of the same stem."""
    terms: list[str] = []
    for word in words(text):
        terms.append(word)
        root = stem(word)
        if root != word:
            terms.append(root)
    return terms
