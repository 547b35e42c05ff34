"""What a search box's text means: words that must each match somewhere, in any order.

"Udin kerupuk" and "kerupuk Udin" find the same IKM: every word must match at least one of
its name, its owner's name, the name of one of its active products, its village, its NIB or
its phone number. A number typed in pieces ("9120 0012 3456 7", "+62 812 3456 7890") is one
word, and a number matches a phone however it is written: "0812-3456-7890", "+62 812…" and a
part such as "812345" all find "+6281234567890". NIB and phone are private: they match only
on the enterprises whose private fields the user may see, so a search never reveals them.
"""

from __future__ import annotations

import re

from django.db.models import Exists, OuterRef, Q

from ovop.enterprises.models import Product

#: A word made of digits and the signs numbers are written with: joined to its neighbours.
_NUMBER_PIECE = re.compile(r"[+(]*\d[\d().\-]*")
#: Fewer digits than this match every other phone number: such a word is searched as text.
MIN_NUMBER_DIGITS = 4


def search_words(text: str) -> list[str]:
    """The words of ``text``; neighbouring pieces of one number become one word."""
    words: list[str] = []
    joinable = False
    for word in text.split():
        number = bool(_NUMBER_PIECE.fullmatch(word))
        if number and joinable:
            words[-1] = f"{words[-1]} {word}"
        else:
            words.append(word)
        joinable = number
    return words


def phone_forms(word: str) -> list[str]:
    """The digit strings a stored phone number ("+62…") holds when it matches ``word``; none
    for a word with too few digits."""
    digits = re.sub(r"\D", "", word)
    if len(digits) < MIN_NUMBER_DIGITS:
        return []
    forms = [digits]
    if digits.startswith("0"):  # local format: 0812… is +62812…
        forms.append("62" + digits[1:])
    return forms


def _number_q(word: str, private: Q) -> Q:
    forms = phone_forms(word)
    if not forms:
        return Q(pk__in=[])
    found = Q(nib__contains=forms[0])
    for digits in forms:
        found |= Q(phone__contains=digits)
    return found & private if private else found


def enterprise_search_q(text: str, *, private: Q) -> Q:
    """Enterprises matching every word of ``text``; ``private`` limits the NIB and phone
    matches to the enterprises whose private fields the user may see."""
    products = Product.objects.filter(enterprise=OuterRef("pk"), archived_at__isnull=True)
    found = Q()
    for word in search_words(text):
        found &= (
            Q(name__icontains=word)
            | Q(owner_name__icontains=word)
            | Q(village__name__icontains=word)
            | Exists(products.filter(name__icontains=word))
            | _number_q(word, private)
        )
    return found


def product_search_q(text: str) -> Q:
    """Products matching every word of ``text`` in their name, description or enterprise."""
    found = Q()
    for word in search_words(text):
        found &= (
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(enterprise__name__icontains=word)
        )
    return found
