"""The owners' proposal form and the officers' decision forms of the moderation queue."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.catalogue.forms import PublicTextForm
from ovop.catalogue.models import STORY_MAX_LENGTH, Listing
from ovop.catalogue.models_moderation import REASON_MAX_LENGTH, ListingProposal
from ovop.catalogue.services_moderation import NewPhoto, ProposalValues
from ovop.core.forms import CleanTextMixin
from ovop.enterprises.models import Product


class ProposalForm(PublicTextForm):
    story = forms.CharField(
        label=gettext_lazy("Story"),
        required=False,
        max_length=STORY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Who makes it, how, and what makes it special (shown to buyers)."),
    )
    show_whatsapp = forms.BooleanField(
        label=gettext_lazy("Show my enterprise's WhatsApp number to buyers"),
        required=False,
        help_text=gettext_lazy(
            "With this ticked, buyers see a WhatsApp button that opens a chat with the "
            "enterprise's phone number."
        ),
    )
    photo = forms.FileField(
        label=gettext_lazy("A new photo (optional)"),
        required=False,
        help_text=gettext_lazy("JPEG, PNG or WebP, at most 5 MB."),
    )
    caption = forms.CharField(
        label=gettext_lazy("What the photo shows"), required=False, max_length=200
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("photo") and not data.get("caption"):
            self.add_error("caption", _("Describe what the photo shows."))
        return data

    def values(self) -> ProposalValues:
        data = self.cleaned_data
        return ProposalValues(
            public_name=data["public_name"],
            story=data.get("story") or "",
            raw_material=data.get("raw_material") or "",
            price_idr=data.get("price_idr"),
            unit=data.get("unit") or "",
            marketplace_links=(data.get("marketplace_links") or "").splitlines(),
            show_whatsapp=bool(data.get("show_whatsapp")),
        )

    def photos(self) -> list[NewPhoto]:
        upload = self.cleaned_data.get("photo")
        return [NewPhoto(upload, self.cleaned_data.get("caption") or "")] if upload else []


def proposal_initial(
    product: Product, listing: Listing | None, pending: ListingProposal | None
) -> dict[str, Any]:
    """The form starts from the pending proposal, else the listing, else the product."""
    source: Any = pending or listing
    if source is None:
        return {"public_name": product.name, "price_idr": product.price_idr or None}
    return {
        "public_name": source.public_name,
        "story": source.story,
        "raw_material": source.raw_material,
        "price_idr": source.price_idr,
        "unit": source.unit,
        "marketplace_links": "\n".join(source.marketplace_links),
        "show_whatsapp": source.show_whatsapp,
    }


class ApproveForm(CleanTextMixin, forms.Form):
    publish = forms.BooleanField(label=gettext_lazy("Publish the page too"), required=False)


class RejectForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (the owner reads it)"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
