"""Forms of the enterprise registry. They parse and explain; the services decide and save.

Every error message names its field, because the same message may reach a user through a
summary, a screen reader or the API, away from the input it belongs to.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.accounts.models import Role, User
from ovop.core.forms import CleanTextMixin, DatePicker
from ovop.core.forms_money import MoneyField
from ovop.core.images import photo_check
from ovop.enterprises import duplicates, scope, services
from ovop.enterprises.form_messages import name_field_errors
from ovop.enterprises.models import (
    Category,
    Certification,
    CertificationKind,
    Enterprise,
    OwnerGender,
    Product,
    ProductPhoto,
    SizeClass,
)
from ovop.enterprises.selectors import (
    ACTIVE,
    ALL,
    ARCHIVED,
    EnterpriseFilters,
    ProductFilters,
)
from ovop.enterprises.widgets import VillageSelect, narrow_villages
from ovop.regions.models import Level, Region

#: How many characters a field that normalises what is typed takes before normalising: a NIB
#: as printed ("9120 0012 3456 7"), a phone number with spaces, dashes or a country code.
#: The browser's maxlength is this, so that it never cuts what the user typed or pasted.
RAW_LENGTHS = {"nib": 32, "phone": 32, "kbli": 16}


class VillageChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Region) -> str:
        parent = obj.parent.name if obj.parent is not None else ""
        return f"{obj.name} ({parent})" if parent else obj.name


class EnterpriseForm(CleanTextMixin, forms.ModelForm):  # type: ignore[type-arg]
    """An enterprise as ``user`` may edit it: village only for those who place enterprises,
    the owner's account only for administrators and officers."""

    class Meta:
        model = Enterprise
        fields = list(services.ENTERPRISE_FIELDS)
        field_classes = {
            "village": VillageChoiceField,
            "investment_idr": MoneyField,
            "annual_sales_idr": MoneyField,
        }
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel"})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if scope.can_create_enterprise(user):
            village = self.fields["village"]
            assert isinstance(village, forms.ModelChoiceField)
            village.queryset = scope.villages_for_new_records(user).select_related("parent")
        else:
            del self.fields["village"]
        if user.manages:
            account = self.fields["account"]
            assert isinstance(account, forms.ModelChoiceField)
            current = Q(pk=self.instance.account_id) if self.instance.account_id else Q(pk__in=[])
            owners = User.objects.filter(Q(role=Role.OWNER) | current)
            account.queryset = owners.order_by("username")
        else:
            del self.fields["account"]
        gender = self.fields["owner_gender"]
        assert isinstance(gender, forms.ChoiceField)
        gender.choices = [("", _("Not recorded")), *OwnerGender.choices]
        self.fields["nib"].widget.attrs["inputmode"] = "numeric"
        self.fields["kbli"].widget.attrs["inputmode"] = "numeric"
        for name, length in RAW_LENGTHS.items():
            self.fields[name].widget.attrs["maxlength"] = length
        name_field_errors(self, free_length=tuple(RAW_LENGTHS))
        if "village" in self.fields:
            self.fields["village"].error_messages["invalid_choice"] = _(
                "Village: choose one of the villages offered."
            )
        #: Enterprises this new one may duplicate (set by clean(); shown by the page).
        self.duplicates: list[Enterprise] = []
        if self.instance.pk is None and "village" in self.fields:
            self.fields[duplicates.CONFIRM_FIELD] = forms.BooleanField(
                label=_("This is a different IKM, create it anyway"),
                required=False,
                widget=forms.HiddenInput,
            )

    def _raw(self, name: str) -> str:
        """What was typed in ``name``, refused beyond ``RAW_LENGTHS`` (never cut)."""
        value = str(self.cleaned_data.get(name) or "")
        limit = RAW_LENGTHS[name]
        if len(value) > limit:
            label = str(capfirst(self.fields[name].label or name))
            raise ValidationError(
                _("%(field)s: at most %(limit)s characters.") % {"field": label, "limit": limit},
                code="max_length",
            )
        return value

    def add_error(self, field: str | None, error: Any) -> None:
        if field == duplicates.CONFIRM_FIELD and field in self.fields:
            # Now there is a question to answer: ask it first, under the list of candidates.
            confirm = self.fields.pop(field)
            confirm.widget = forms.CheckboxInput()
            self.fields = {field: confirm, **self.fields}
        super().add_error(field, error)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if duplicates.CONFIRM_FIELD in self.fields and not data.get(duplicates.CONFIRM_FIELD):
            self.duplicates = duplicates.likely_duplicates(
                name=data.get("name"),
                owner_name=data.get("owner_name"),
                village=data.get("village"),
                nib=data.get("nib"),
            )
            if self.duplicates:
                self.add_error(duplicates.CONFIRM_FIELD, duplicates.describe(self.duplicates))
        return data

    def clean_phone(self) -> str:
        return services.phone_normalise(self._raw("phone"))

    def clean_nib(self) -> str | None:
        return services.nib_check(self._raw("nib"), exclude_pk=self.instance.pk)

    def clean_kbli(self) -> str:
        kbli = self._raw("kbli").strip()
        if kbli and not re.fullmatch(r"\d{5}", kbli):
            raise ValidationError(_("KBLI must be exactly 5 digits."), code="kbli")
        return kbli


class ProductForm(CleanTextMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Product
        fields = list(services.PRODUCT_FIELDS)
        field_classes = {"price_idr": MoneyField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "story": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_field_errors(self)


class ProductPhotoForm(CleanTextMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ProductPhoto
        fields = ["image", "caption"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_field_errors(self)
        image = self.fields["image"]
        image.error_messages["invalid_image"] = _(
            "Photo: the file is not an image (JPEG, PNG or WebP)."
        )
        image.error_messages["empty"] = _("Photo: the file is empty.")
        image.error_messages["invalid"] = _("Photo: no file was sent; check the form's encoding.")
        self.fields["image"].widget.attrs["accept"] = "image/*"

    def clean_image(self) -> UploadedFile:
        image = self.cleaned_data["image"]
        photo_check(image)
        return image  # type: ignore[no-any-return]


class CertificationForm(CleanTextMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Certification
        fields = ["product", "kind", "number", "issued_on", "expires_on"]
        widgets = {"issued_on": DatePicker(), "expires_on": DatePicker()}

    def __init__(self, *args: Any, enterprise: Enterprise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        product = self.fields["product"]
        assert isinstance(product, forms.ModelChoiceField)
        mine = Product.objects.filter(enterprise=enterprise)
        current = Q(pk=self.instance.product_id) if self.instance.product_id else Q(pk__in=[])
        product.queryset = mine.filter(Q(archived_at__isnull=True) | current)
        product.empty_label = _("(the whole enterprise)")
        name_field_errors(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        issued, expires = data.get("issued_on"), data.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", _("Expires on must be on or after the issue date."))
        return data


# --- list filters -----------------------------------------------------------------------------

ACTIVE_CHOICES = [
    (ACTIVE, gettext_lazy("Active")),
    (ARCHIVED, gettext_lazy("Archived")),
    (ALL, gettext_lazy("All")),
]
ALL_LABEL = gettext_lazy("All")


def _with_all(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", ALL_LABEL), *choices]


class _RegionFilters(CleanTextMixin, forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kecamatan = forms.ModelChoiceField(
        queryset=Region.objects.filter(level=Level.KECAMATAN),
        to_field_name="code",
        required=False,
        label=gettext_lazy("Kecamatan"),
        empty_label=ALL_LABEL,
    )
    village = VillageChoiceField(
        queryset=Region.objects.filter(level=Level.VILLAGE).select_related("parent"),
        to_field_name="code",
        required=False,
        label=gettext_lazy("Village"),
        empty_label=ALL_LABEL,
        widget=VillageSelect,
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Product category"), choices=_with_all(Category.choices), required=False
    )
    active = forms.ChoiceField(label=gettext_lazy("Status"), choices=ACTIVE_CHOICES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_field_errors(self)
        narrow_villages(self)


class EnterpriseFilterForm(_RegionFilters):
    size = forms.ChoiceField(
        label=gettext_lazy("Size class"), choices=_with_all(SizeClass.choices), required=False
    )
    certification = forms.ChoiceField(
        label=gettext_lazy("Valid certificate held"),
        choices=_with_all(CertificationKind.choices),
        required=False,
    )
    field_order = ["q", "kecamatan", "village", "category", "size", "certification", "active"]

    def filters(self) -> EnterpriseFilters:
        """The filters asked for; call after is_valid() (invalid values are dropped)."""
        data = getattr(self, "cleaned_data", {})
        return EnterpriseFilters(
            q=data.get("q") or "",
            kecamatan=data.get("kecamatan"),
            village=data.get("village"),
            category=data.get("category") or "",
            size=data.get("size") or "",
            certification=data.get("certification") or "",
            active=data.get("active") or ACTIVE,
        )


class ProductFilterForm(_RegionFilters):
    published = forms.ChoiceField(
        label=gettext_lazy("Published"),
        choices=[("", ALL_LABEL), ("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        required=False,
    )
    field_order = ["q", "category", "kecamatan", "village", "published", "active"]

    def filters(self) -> ProductFilters:
        data = getattr(self, "cleaned_data", {})
        published = {"yes": True, "no": False}.get(data.get("published") or "")
        return ProductFilters(
            q=data.get("q") or "",
            category=data.get("category") or "",
            kecamatan=data.get("kecamatan"),
            village=data.get("village"),
            published=published,
            active=data.get("active") or ACTIVE,
        )
