"""Free text as it is stored: without bidi controls, and of a bounded length.

A right-to-left override (U+202E) makes "gnp.exe" read "exe.png" on a certificate or the
public verify page; no name, note or story of this system needs one. ``clean_text`` removes
every character with the Unicode property Bidi_Control. The form and serializer layers apply it
to every text field (``ovop.core.forms.CleanTextMixin``, ``ovop.core.api_text``), and
``ovop.core.history.save_with_history`` applies it once more to the text fields of the record
it saves, so that no write path can store one.

The lengths below are those of the forms and serializers: a text column has none of its own.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import models

#: The Bidi_Control characters: embeddings and overrides (U+202A–U+202E), isolates
#: (U+2066–U+2069), and the marks LRM, RLM (U+200E, U+200F) and ALM (U+061C).
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")

#: A reason kept as a history row's change reason (a text column: settings
#: SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD).
REASON_MAX_LENGTH = 1_000
#: Any other reason (a judgement kept although inconsistent, a tie settled by an officer).
LONG_REASON_MAX_LENGTH = 1_000
#: A line of text without a length of its own (a search, a caption).
LINE_MAX_LENGTH = 1_000
#: Notes, descriptions, stories, evidence: any multi-line text.
TEXT_MAX_LENGTH = 5_000


def clean_text(value: str) -> str:
    """``value`` without bidi control characters."""
    return _BIDI.sub("", value)


def clean_value(value: Any) -> Any:
    """``clean_text`` of a string; anything else as it is."""
    return clean_text(value) if isinstance(value, str) else value


def has_bidi_controls(value: str) -> bool:
    return _BIDI.search(value) is not None


def clean_text_fields(obj: models.Model) -> None:
    """Remove bidi controls from every text field of ``obj`` (the last guard before a save)."""
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(obj, field.attname)
            if isinstance(value, str) and has_bidi_controls(value):
                setattr(obj, field.attname, clean_text(value))
