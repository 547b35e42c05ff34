"""The words a registry file may use for a choice: categories, kinds of certificate and the
owner's gender — each choice's code, its English and Indonesian labels, and the short names
offices write ("P-IRT", "Merek", "mamin", "L"/"P"), compared by ``word_key``."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.utils import translation

from ovop.enterprises.models import Category, CertificationKind, OwnerGender

_NOT_WORDS = re.compile(r"[\W_]+")
_BRACKETS = re.compile(r"\((.*?)\)")


def word_key(text: str) -> str:
    """``text`` for comparing words: case folded, spaces and punctuation dropped."""
    return _NOT_WORDS.sub("", unicodedata.normalize("NFKC", text).casefold())


#: Spellings of the owner's gender: L/P as Indonesian forms write them, and English.
GENDERS: dict[str, str] = {
    **dict.fromkeys(("l", "lk", "laki", "lakilaki", "pria", "male", "m"), OwnerGender.MALE.value),
    **dict.fromkeys(("p", "pr", "perempuan", "wanita", "female", "f"), OwnerGender.FEMALE.value),
}
#: Short names of certificates, beside their codes and labels.
CERTIFICATE_WORDS = {
    "pirt": CertificationKind.PIRT,
    "sppirt": CertificationKind.PIRT,
    "halal": CertificationKind.HALAL,
    "sertifikathalal": CertificationKind.HALAL,
    "bpom": CertificationKind.BPOM_MD,
    "bpommd": CertificationKind.BPOM_MD,
    "md": CertificationKind.BPOM_MD,
    "sni": CertificationKind.SNI,
    "merek": CertificationKind.TRADEMARK,
    "merk": CertificationKind.TRADEMARK,
    "merekdagang": CertificationKind.TRADEMARK,
    "hki": CertificationKind.TRADEMARK,
    "haki": CertificationKind.TRADEMARK,
    "nib": CertificationKind.NIB,
    "lainnya": CertificationKind.OTHER,
}
#: Short names of categories, beside their codes and labels.
CATEGORY_WORDS = {
    "makanan": Category.FOOD_BEVERAGE,
    "minuman": Category.FOOD_BEVERAGE,
    "mamin": Category.FOOD_BEVERAGE,
    "pangan": Category.FOOD_BEVERAGE,
    "olahanpangan": Category.FOOD_BEVERAGE,
    "tenun": Category.WOVEN_CLOTH,
    "anyaman": Category.PLAITED_CRAFT,
    "gerabah": Category.POTTERY,
    "kerajinankayu": Category.WOOD_CRAFT,
    "kerajinan": Category.WOOD_CRAFT,
    "herbal": Category.HERBAL,
    "jamu": Category.HERBAL,
}


def _label_keys(choice: Any) -> set[str]:
    """Keys of a choice's code, its English and Indonesian labels and the word in brackets."""
    keys = {word_key(choice.value)}
    for language in ("en", "id"):
        with translation.override(language):
            label = str(choice.label)
        keys.add(word_key(label))
        keys.add(word_key(_BRACKETS.sub("", label)))
        keys.update(word_key(inside) for inside in _BRACKETS.findall(label))
    return keys - {""}


def choice_keys(choices: Any, words: dict[str, Any]) -> dict[str, str]:
    """Every key a choice of ``choices`` is known by → its code; ``words`` are short names."""
    found: dict[str, str] = {}
    for choice in choices:
        for key in _label_keys(choice):
            found.setdefault(key, choice.value)
    return {**found, **{key: str(value) for key, value in words.items()}}


def category_names() -> str:
    """The categories as messages and the template list them: labels in the active language."""
    return ", ".join(str(label) for label in Category.labels)


def certificate_names() -> str:
    return "P-IRT, Halal, BPOM MD, SNI, Merek, NIB, Lainnya"
