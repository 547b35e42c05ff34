"""The officers' forms of the catalogue: a listing's public fields, a photo, a village story."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.catalogue.links import MAX_LINKS
from ovop.catalogue.models import (
    MATERIAL_MAX_LENGTH,
    MAX_PRICE_IDR,
    NAME_MAX_LENGTH,
    SLUG_MAX_LENGTH,
    STORY_MAX_LENGTH,
    Listing,
)
from ovop.catalogue.services import ListingValues
from ovop.core.forms import CleanTextMixin
from ovop.core.forms_money import MoneyField
from ovop.enterprises.models import Certification


class PublicTextForm(CleanTextMixin, forms.Form):
    """The public page's text fields, as officers edit them and owners propose them."""

    public_name = forms.CharField(label=gettext_lazy("Public name"), max_length=NAME_MAX_LENGTH)
    story = forms.CharField(
        label=gettext_lazy("Story"),
        required=False,
        max_length=STORY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    raw_material = forms.CharField(
        label=gettext_lazy("Local raw material"), required=False, max_length=MATERIAL_MAX_LENGTH
    )
    price_idr = MoneyField(
        label=gettext_lazy("Price"),
        required=False,
        help_text=gettext_lazy("For example Rp 35.000 or 1,5 juta; empty: price on request."),
    )
    unit = forms.CharField(label=gettext_lazy("Unit"), required=False, max_length=30)
    marketplace_links = forms.CharField(
        label=gettext_lazy("Marketplace links"),
        required=False,
        max_length=MAX_LINKS * 310,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One address per line (Tokopedia, Shopee, …), at most five."),
    )

    def clean_price_idr(self) -> int | None:
        value: int | None = self.cleaned_data.get("price_idr")
        if value is not None and value > MAX_PRICE_IDR:
            raise forms.ValidationError(_("Price: at most Rp 1.000.000.000."))
        return value


class ListingForm(PublicTextForm):
    field_order = ["public_name", "slug"]
    slug = forms.SlugField(
        label=gettext_lazy("Address name"),
        max_length=SLUG_MAX_LENGTH,
        required=False,
        help_text=gettext_lazy(
            "The last part of the page's address; made from the name when left empty. "
            "A changed address name keeps the old address working."
        ),
    )
    show_whatsapp = forms.BooleanField(
        label=gettext_lazy("The owner agrees to show the enterprise's WhatsApp number"),
        required=False,
    )
    certifications = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Certificates to show"),
        queryset=Certification.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, certifications: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["certifications"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = certifications

    def values(self) -> ListingValues:
        data = self.cleaned_data
        return ListingValues(
            public_name=data["public_name"],
            slug=data.get("slug") or "",
            story=data.get("story") or "",
            raw_material=data.get("raw_material") or "",
            price_idr=data.get("price_idr"),
            unit=data.get("unit") or "",
            marketplace_links=(data.get("marketplace_links") or "").splitlines(),
            show_whatsapp=bool(data.get("show_whatsapp")),
            certification_ids=[c.pk for c in data.get("certifications") or ()],
        )


def listing_initial(listing: Listing) -> dict[str, Any]:
    return {
        "public_name": listing.public_name,
        "slug": listing.slug,
        "story": listing.story,
        "raw_material": listing.raw_material,
        "price_idr": listing.price_idr,
        "unit": listing.unit,
        "marketplace_links": "\n".join(listing.marketplace_links),
        "show_whatsapp": listing.show_whatsapp,
        "certifications": list(listing.certifications.all()),
    }


class PhotoForm(CleanTextMixin, forms.Form):
    image = forms.FileField(
        label=gettext_lazy("Photo"), help_text=gettext_lazy("JPEG, PNG or WebP, at most 5 MB.")
    )
    caption = forms.CharField(label=gettext_lazy("What the photo shows"), max_length=200)


class VillageStoryForm(CleanTextMixin, forms.Form):
    story = forms.CharField(
        label=gettext_lazy("Village story"),
        max_length=STORY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
