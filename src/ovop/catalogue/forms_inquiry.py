"""The buyer's inquiry form (public) and the outcome form (owner or officer).

Spam is kept out without any outside service: a field hidden from people (``website``) that
robots fill in, a signed time stamp of when the form was shown (``started``; a form sent within
``OVOP_INQUIRY_MIN_SECONDS`` is refused) and a rate limit per address (in the view).
"""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.catalogue.models_demand import MAX_QUANTITY, MESSAGE_MAX_LENGTH, InquiryStatus
from ovop.core.forms import CleanTextMixin
from ovop.core.forms_money import MoneyField

_SALT = "ovop.catalogue.inquiry.started"
#: A form shown longer ago than this is stale: the buyer reloads it.
MAX_AGE_S = 24 * 60 * 60
#: Stands in the cached product page for the time stamp; replaced on every answer.
STARTED_MARKER = "__ovop_inquiry_started__"


def started_token(now: float | None = None) -> str:
    """A signed time stamp (milliseconds) of when a form is shown."""
    return signing.dumps(int((now if now is not None else time.time()) * 1000), salt=_SALT)


def started_age_s(token: str, now: float | None = None) -> float | None:
    """Seconds since the form of ``token`` was shown; None for a forged or stale token."""
    try:
        shown_ms = int(signing.loads(token, salt=_SALT, max_age=MAX_AGE_S))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return (now if now is not None else time.time()) - shown_ms / 1000


class InquiryForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=100)
    phone = forms.CharField(
        label=gettext_lazy("Phone or WhatsApp"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=gettext_lazy("For example 0812-3456-7890. Give a phone number or an e-mail."),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity"), min_value=1, max_value=MAX_QUANTITY, initial=1
    )
    message = forms.CharField(
        label=gettext_lazy("Message"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(label=gettext_lazy("I agree"), required=True)
    #: The honeypot: hidden from people, left empty by them.
    website = forms.CharField(required=False, max_length=200, label=gettext_lazy("Leave empty"))
    started = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].error_messages["required"] = _(
            "Consent: tick the box to agree, or the inquiry cannot be passed on."
        )

    @property
    def is_robot(self) -> bool:
        """The honeypot was filled in (checked before anything else is)."""
        return bool(str(self.data.get(self.add_prefix("website"), "")).strip())

    def clean_started(self) -> str:
        token = str(self.cleaned_data["started"])
        age = started_age_s(token)
        if age is None:
            raise ValidationError(_("This form is out of date; please send it again."))
        if age < settings.OVOP_INQUIRY_MIN_SECONDS:
            raise ValidationError(
                _("That was very quick; please check your inquiry and send it again.")
            )
        return token

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("phone") and not data.get("email") and "phone" not in self.errors:
            self.add_error(
                "phone", _("Give a phone number or an e-mail address so the seller can answer.")
            )
        return data


class OutcomeForm(CleanTextMixin, forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=[(s.value, s.label) for s in InquiryStatus if s != InquiryStatus.NEW],
        widget=forms.RadioSelect,
    )
    ordered_quantity = forms.IntegerField(
        label=gettext_lazy("Quantity ordered"), required=False, min_value=1, max_value=MAX_QUANTITY
    )
    ordered_value_idr = MoneyField(label=gettext_lazy("Order value (rupiah)"), required=False)
