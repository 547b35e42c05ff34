"""The Indonesian stemmer of the catalogue search on SQLite: what it strips, what it cannot,
and what SQLite's own FTS5 tokenizers do with Indonesian words (no database of ovop)."""

from __future__ import annotations

import sqlite3

import pytest

from ovop.analysis.stemming import MIN_STEM, fold, index_terms, stem, words


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("keripiknya", "keripik"),  # possessive -nya
        ("manislah", "manis"),  # particle -lah
        ("dikemas", "kemas"),  # prefix di-
        ("kemasan", "kemas"),  # suffix -an without a prefix
        ("anyaman", "anyam"),
        ("penjualan", "jual"),  # confix pen-…-an
        ("menjual", "jual"),  # prefix men-
        ("pengrajin", "rajin"),  # prefix peng-
        ("berbahan", "bahan"),  # ber- off; "bah" would be shorter than MIN_STEM
        ("olahan", "olah"),
    ],
)
def test_stem_strips_indonesian_affixes(word: str, root: str) -> None:
    assert stem(word) == root


@pytest.mark.parametrize("word", ["keripik", "kerupuk", "madu", "ikan", "kopi", "tenggiri", "2025"])
def test_stem_keeps_roots_that_only_look_affixed(word: str) -> None:
    assert stem(word) == word


def test_what_the_stemmer_cannot_do() -> None:
    # A nasal prefix replaced the root's first letter: the dictionary-free stemmer does not
    # restore it ("memasak" comes from "masak").
    assert stem("memasak") == "asak"
    # Every strip keeps MIN_STEM letters: "ikannya" loses -nya only.
    assert stem("ikannya") == "ikan"
    assert all(len(stem(w)) >= MIN_STEM for w in ["penjualan", "dikemas", "anyaman", "ikannya"])


def test_words_fold_case_and_accents() -> None:
    assert fold("Kopi Cafè") == "kopi cafe"
    assert words("Keripik-Ikan, 250 g!") == ["keripik", "ikan", "250", "g"]


def test_index_terms_keep_the_word_and_add_its_stem() -> None:
    assert index_terms("Keripiknya renyah") == ["keripiknya", "keripik", "renyah"]


def _fts(tokenizer: str, body: str, query: str) -> bool:
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '{tokenizer}')")
    db.execute("INSERT INTO t(body) VALUES (?)", [body])
    found = db.execute("SELECT count(*) FROM t WHERE t MATCH ?", [query]).fetchone()[0]
    db.close()
    return bool(found)


def test_fts5_porter_does_not_know_indonesian() -> None:
    # Porter strips English endings only: "keripiknya" is not found by "keripik" …
    assert not _fts("porter unicode61", "keripiknya renyah", "keripik")
    # … while it does stem English ("crackers" → "cracker").
    assert _fts("porter unicode61", "fish crackers", "cracker")
    # A prefix query finds a longer word, but never a word with a prefix in front:
    assert _fts("unicode61", "keripiknya renyah", "keripik*")
    assert not _fts("unicode61", "produk dikemas rapi", "kemas*")


def test_fts5_with_the_index_terms_finds_affixed_words() -> None:
    body = " ".join(index_terms("produk dikemas rapi, keripiknya renyah"))
    assert _fts("unicode61 remove_diacritics 2", body, '"kemas"')
    assert _fts("unicode61 remove_diacritics 2", body, '"keripik"')
