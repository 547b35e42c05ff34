"""Forms of the enterprise registry. They parse and explain; the services decide and save.

Every error message names its field, because the same message may reach a user through a
summary, a screen reader or the API, away from the input it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator, MaxValueValidator, validate_email
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.accounts.models import Role, User
from ovop.core.images import photo_check
from ovop.enterprises import scope, services
from ovop.enterprises.models import (
    Category,
    Certification,
    CertificationKind,
    Enterprise,
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
from ovop.regions.models import Level, Region

#: Allowed ranges of number fields other than "0 or more".
RANGES: dict[str, tuple[int, int]] = {"founded_year": (1900, 2100), "local_material_pct": (0, 100)}


def _range_check(label: str, low: int, high: int | None) -> Callable[[int | None], None]:
    def check(value: int | None) -> None:
        if value is None:
            return
        if high is not None and not low <= value <= high:
            raise ValidationError(
                _("%(field)s must be between %(low)s and %(high)s.")
                % {"field": label, "low": low, "high": high},
                code="range",
            )
        if value < low:
            raise ValidationError(_("%(field)s cannot be negative.") % {"field": label}, code="min")

    return check


def _model_cap(form: forms.BaseForm, name: str) -> int | None:
    """The largest value the database column of a ModelForm's field holds, if any."""
    meta = getattr(form, "_meta", None)
    model = getattr(meta, "model", None)
    if model is None:
        return None
    limits = [
        int(v.limit_value)
        for v in model._meta.get_field(name).validators
        if isinstance(v, MaxValueValidator) and isinstance(v.limit_value, int)
    ]
    return min(limits) if limits else None


def _cap_check(label: str, cap: int) -> Callable[[int | None], None]:
    def check(value: int | None) -> None:
        if value is not None and value > cap:
            raise ValidationError(_("%(field)s is too large.") % {"field": label}, code="max")

    return check


def _length_check(label: str, limit: int) -> Callable[[str], None]:
    def check(value: str) -> None:
        if len(value) > limit:
            raise ValidationError(
                _("%(field)s: at most %(limit)s characters.") % {"field": label, "limit": limit},
                code="max_length",
            )

    return check


def _email_check(label: str) -> Callable[[str], None]:
    def check(value: str) -> None:
        try:
            validate_email(value)
        except ValidationError as exc:
            raise ValidationError(
                _("%(field)s: enter a valid email address.") % {"field": label}, code="email"
            ) from exc

    return check


def _number_messages(
    form: forms.BaseForm, name: str, field: forms.IntegerField, label: str
) -> None:
    field.error_messages["invalid"] = _("%(field)s must be a whole number.") % {"field": label}
    low, high = RANGES.get(name, (0, None))
    field.validators = [_range_check(label, low, high)]
    cap = _model_cap(form, name)
    if high is None and cap is not None:
        field.validators.append(_cap_check(label, cap))
    field.widget.attrs["min"] = low
    if high is not None:
        field.widget.attrs["max"] = high


def _name_field_errors(form: forms.BaseForm, *, free_length: tuple[str, ...] = ()) -> None:
    """Rewrite Django's generic messages so that each one names its field.

    ``free_length`` names text fields whose length the form's own clean_<field> checks.
    """
    for name, field in form.fields.items():
        label = str(capfirst(field.label or name))
        escaped = label.replace("%", "%%")  # for messages Django formats with params later
        field.error_messages["required"] = _("%(field)s is required.") % {"field": label}
        field.error_messages["invalid_choice"] = _(
            "%(field)s: choose one of the options offered."
        ) % {"field": escaped}
        if isinstance(field, forms.IntegerField):
            _number_messages(form, name, field, label)
        elif isinstance(field, forms.DateField):
            field.error_messages["invalid"] = _("%(field)s: enter a date like 2025-12-31.") % {
                "field": label
            }
        elif isinstance(field, forms.EmailField):
            field.validators = [_email_check(label)]
            if field.max_length:
                field.validators.append(_length_check(label, field.max_length))
        elif isinstance(field, forms.CharField):
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            if field.max_length and name not in free_length:
                field.validators.append(_length_check(label, field.max_length))


class VillageChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Region) -> str:
        parent = obj.parent.name if obj.parent is not None else ""
        return f"{obj.name} ({parent})" if parent else obj.name


class EnterpriseForm(forms.ModelForm):  # type: ignore[type-arg]
    """An enterprise as ``user`` may edit it: village only for those who place enterprises,
    the owner's account only for administrators and officers."""

    class Meta:
        model = Enterprise
        fields = list(services.ENTERPRISE_FIELDS)
        field_classes = {"village": VillageChoiceField}
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
        self.fields["nib"].widget.attrs.update({"inputmode": "numeric", "maxlength": 13})
        self.fields["kbli"].widget.attrs.update({"inputmode": "numeric", "maxlength": 5})
        _name_field_errors(self, free_length=("phone", "nib", "kbli"))
        if "village" in self.fields:
            self.fields["village"].error_messages["invalid_choice"] = _(
                "Village: choose one of the villages offered."
            )

    def clean_phone(self) -> str:
        return services.phone_normalise(self.cleaned_data.get("phone") or "")

    def clean_nib(self) -> str | None:
        return services.nib_check(self.cleaned_data.get("nib"), exclude_pk=self.instance.pk)

    def clean_kbli(self) -> str:
        kbli = str(self.cleaned_data.get("kbli") or "").strip()
        if kbli and not re.fullmatch(r"\d{5}", kbli):
            raise ValidationError(_("KBLI must be exactly 5 digits."), code="kbli")
        return kbli


class ProductForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Product
        fields = list(services.PRODUCT_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "story": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_field_errors(self)


class ProductPhotoForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ProductPhoto
        fields = ["image", "caption"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_field_errors(self)
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


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class CertificationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Certification
        fields = ["product", "kind", "number", "issued_on", "expires_on"]
        widgets = {"issued_on": DateInput(), "expires_on": DateInput()}

    def __init__(self, *args: Any, enterprise: Enterprise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        product = self.fields["product"]
        assert isinstance(product, forms.ModelChoiceField)
        mine = Product.objects.filter(enterprise=enterprise)
        current = Q(pk=self.instance.product_id) if self.instance.product_id else Q(pk__in=[])
        product.queryset = mine.filter(Q(archived_at__isnull=True) | current)
        product.empty_label = _("(the whole enterprise)")
        _name_field_errors(self)

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


class _RegionFilters(forms.Form):
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
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Product category"), choices=_with_all(Category.choices), required=False
    )
    active = forms.ChoiceField(label=gettext_lazy("Status"), choices=ACTIVE_CHOICES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_field_errors(self)


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
