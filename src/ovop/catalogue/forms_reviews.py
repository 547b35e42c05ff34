"""The public review form: stars, text, name, e-mail and consent, with two checks against bots
that need no third-party service:

- a honeypot field (``website``) hidden from people, which a bot fills in;
- a signed timestamp (``started``) written when the form is shown: a form sent back sooner than
  ``MIN_FILL_S`` seconds, later than ``MAX_AGE_S``, or with a forged stamp is refused.
"""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.catalogue.models_moderation import REVIEW_MAX_LENGTH, REVIEWER_NAME_MAX_LENGTH
from ovop.catalogue.services_reviews import ReviewValues
from ovop.core.forms import CleanTextMixin

MIN_FILL_S = 5
MAX_AGE_S = 2 * 60 * 60
_SALT = "ovop.catalogue.review-form"
STAR_CHOICES = [(str(n), f"{n} ★") for n in range(5, 0, -1)]


def stamp(now: float | None = None) -> str:
    """The signed time the form is shown (seconds since the epoch)."""
    return signing.Signer(salt=_SALT).sign(str(int(now if now is not None else time.time())))


def _stamped_at(value: str) -> int | None:
    try:
        return int(signing.Signer(salt=_SALT).unsign(value))
    except (signing.BadSignature, ValueError):
        return None


class ReviewForm(CleanTextMixin, forms.Form):
    stars = forms.ChoiceField(
        label=gettext_lazy("Your rating"), choices=STAR_CHOICES, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=gettext_lazy("Your review"),
        max_length=REVIEW_MAX_LENGTH,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    name = forms.CharField(
        label=gettext_lazy("Your name"),
        max_length=REVIEWER_NAME_MAX_LENGTH,
        help_text=gettext_lazy("Only your first name and the initial of your last name are shown."),
    )
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        max_length=254,
        help_text=gettext_lazy(
            "Never shown; only used if the office has a question about your review."
        ),
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I agree that the programme office keeps my name, e-mail address and review to "
            "moderate and publish the review. They are kept while the review is in the catalogue "
            "and deleted on my request."
        )
    )
    website = forms.CharField(
        label=gettext_lazy("Leave this field empty"), required=False, max_length=200
    )
    started = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, now: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now if now is not None else time.time()
        self.fields["started"].initial = stamp(self.now)
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")

    def clean_website(self) -> str:
        value: str = self.cleaned_data.get("website") or ""
        if value.strip():
            raise forms.ValidationError(_("This review could not be accepted."), code="honeypot")
        return value

    def clean_started(self) -> str:
        value: str = self.cleaned_data.get("started") or ""
        started = _stamped_at(value)
        if started is None or self.now - started > MAX_AGE_S:
            raise forms.ValidationError(
                _("The form has expired; please send your review again."), code="stale"
            )
        if self.now - started < MIN_FILL_S:
            raise forms.ValidationError(
                _("The form was sent too quickly; please check it and send it again."),
                code="too_fast",
            )
        return value

    def values(self) -> ReviewValues:
        data = self.cleaned_data
        return ReviewValues(
            stars=int(data["stars"]), text=data["text"], name=data["name"], email=data["email"]
        )
