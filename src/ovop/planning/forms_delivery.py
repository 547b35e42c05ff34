"""Forms of delivery: adding participants, their attendance and scores (one or the whole
list), realised costs with receipts, and outputs."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.core.forms import CleanTextMixin, DatePicker
from ovop.core.forms_money import MoneyField
from ovop.empowerment.choices import Gender
from ovop.empowerment.models import Group, Person
from ovop.enterprises.models import Enterprise, Product
from ovop.planning.choices import OutputKind
from ovop.planning.forms_activities import add_correction
from ovop.planning.models import Activity, Participant
from ovop.planning.services_participants import ScoreRow

RECEIPT_ACCEPT = "image/jpeg,image/png,image/webp,application/pdf"


class ScoreField(forms.CharField):
    """A test score 0–100 with at most two decimals; "75,5" and "75.5" read the same."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 6)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 5}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Decimal | None:
        text = str(super().clean(value) or "").strip().replace(",", ".")
        if not text:
            return None
        label = str(capfirst(self.label or _("Score")))
        try:
            score = Decimal(text)
        except InvalidOperation as exc:
            raise ValidationError(
                _("%(label)s: write a number from 0 to 100, like 75 or 75,5.") % {"label": label}
            ) from exc
        if not score.is_finite() or not (0 <= score <= 100):
            raise ValidationError(_("%(label)s: a score is between 0 and 100.") % {"label": label})
        if score != score.quantize(Decimal("0.01")):
            raise ValidationError(_("%(label)s: at most two decimals.") % {"label": label})
        return score


class ParticipantAddForm(CleanTextMixin, forms.Form):
    person = forms.ModelChoiceField(
        label=gettext_lazy("A person of the village"),
        queryset=Person.objects.none(),
        required=False,
    )
    enterprise = forms.ModelChoiceField(
        label=gettext_lazy("Or the owner of an IKM"),
        queryset=Enterprise.objects.none(),
        required=False,
        help_text=gettext_lazy("The person who runs it is added (recorded the first time)."),
    )
    gender = forms.ChoiceField(
        label=gettext_lazy("Gender of the IKM owner"),
        choices=[("", "—"), *Gender.choices],
        required=False,
        help_text=gettext_lazy("Only needed when the owner is not recorded yet."),
    )
    attended = forms.BooleanField(label=gettext_lazy("Attended"), required=False, initial=True)

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village = activity.village_id
        person_field, enterprise_field = self.fields["person"], self.fields["enterprise"]
        assert isinstance(person_field, forms.ModelChoiceField)
        assert isinstance(enterprise_field, forms.ModelChoiceField)
        person_field.queryset = Person.objects.filter(village_id=village, archived_at__isnull=True)
        enterprise_field.queryset = Enterprise.objects.filter(
            village_id=village, archived_at__isnull=True
        ).order_by("name")
        add_correction(self, activity.fiscal_year)


class ParticipantForm(CleanTextMixin, forms.Form):
    attended = forms.BooleanField(label=gettext_lazy("Attended"), required=False)
    pre_score = ScoreField(label=gettext_lazy("Pre-test score"))
    post_score = ScoreField(label=gettext_lazy("Post-test score"))

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_correction(self, activity.fiscal_year)


class ScoresForm(CleanTextMixin, forms.Form):
    """The whole list on one phone page: per participant a tick and two scores. Each field's
    label names the person, so that a refused value says whose it is."""

    def __init__(
        self, *args: Any, activity: Activity, participants: Sequence[Participant], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        for p in self.participants:
            name = p.person.name
            self.fields[f"attended_{p.pk}"] = forms.BooleanField(
                label=_("%(name)s attended") % {"name": name}, required=False, initial=p.attended
            )
            self.fields[f"pre_{p.pk}"] = ScoreField(
                label=_("%(name)s — pre-test score") % {"name": name}, initial=p.pre_score
            )
            self.fields[f"post_{p.pk}"] = ScoreField(
                label=_("%(name)s — post-test score") % {"name": name}, initial=p.post_score
            )
        add_correction(self, activity.fiscal_year)

    def rows(self) -> list[dict[str, Any]]:
        """Each participant with its three bound fields, for the template."""
        return [
            {
                "participant": p,
                "attended": self[f"attended_{p.pk}"],
                "pre": self[f"pre_{p.pk}"],
                "post": self[f"post_{p.pk}"],
            }
            for p in self.participants
        ]

    def score_rows(self) -> list[ScoreRow]:
        data = self.cleaned_data
        return [
            ScoreRow(p, bool(data[f"attended_{p.pk}"]), data[f"pre_{p.pk}"], data[f"post_{p.pk}"])
            for p in self.participants
        ]


class CostForm(CleanTextMixin, forms.Form):
    spent_on = forms.DateField(label=gettext_lazy("Date"), widget=DatePicker())
    description = forms.CharField(label=gettext_lazy("What was paid for"), max_length=200)
    amount_idr = MoneyField(
        label=gettext_lazy("Amount (rupiah)"),
        help_text=gettext_lazy("For example Rp 1.500.000 or 1,5 juta."),
    )
    receipt = forms.FileField(
        label=gettext_lazy("Receipt"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": RECEIPT_ACCEPT}),
        help_text=gettext_lazy("A photo (JPEG, PNG, WebP) or a PDF scan, at most 5 MB."),
    )

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_correction(self, activity.fiscal_year)


class OutputForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of output"), choices=OutputKind.choices)
    description = forms.CharField(label=gettext_lazy("Description"), max_length=200)
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity"), min_value=1, max_value=100_000, initial=1
    )
    enterprise = forms.ModelChoiceField(
        label=gettext_lazy("IKM"), queryset=Enterprise.objects.none(), required=False
    )
    group = forms.ModelChoiceField(
        label=gettext_lazy("Group"), queryset=Group.objects.none(), required=False
    )
    delivered_on = forms.DateField(label=gettext_lazy("Delivered on"), widget=DatePicker())
    number = forms.CharField(
        label=gettext_lazy("Certificate number"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("For a certificate obtained: the number it carries."),
    )
    issued_on = forms.DateField(
        label=gettext_lazy("Certificate issued on"), widget=DatePicker(), required=False
    )
    product = forms.ModelChoiceField(
        label=gettext_lazy("Product certified"),
        queryset=Product.objects.none(),
        required=False,
        help_text=gettext_lazy("Optional: leave empty when it covers the whole IKM."),
    )

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village = activity.village_id
        querysets = {
            "enterprise": Enterprise.objects.filter(village_id=village, archived_at__isnull=True),
            "group": Group.objects.filter(village_id=village, archived_at__isnull=True),
            "product": Product.objects.filter(
                enterprise__village_id=village, archived_at__isnull=True
            ).select_related("enterprise"),
        }
        for name, queryset in querysets.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        add_correction(self, activity.fiscal_year)
