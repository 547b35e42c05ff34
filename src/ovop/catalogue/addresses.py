"""The public catalogue's address words per language, and how to reverse its pages."""

from __future__ import annotations

from django.urls import reverse

#: language → the words of its addresses.
WORDS = {
    "id": {
        "root": "id/katalog",
        "search": "cari",
        "product": "produk",
        "village": "desa",
        "review": "ulasan",
    },
    "en": {
        "root": "en/catalogue",
        "search": "search",
        "product": "product",
        "village": "village",
        "review": "review",
    },
}
LANGUAGES = tuple(WORDS)
#: How each language is named in the switch, in its own language.
NATIVE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def namespace(language: str) -> str:
    return f"catalogue_{language}"


def public_reverse(name: str, language: str, *args: object) -> str:
    """The address of the public page ``name`` in ``language``."""
    return reverse(f"{namespace(language)}:{name}", args=list(args))
