"""The scenario form: a name, the budget of each source (prefilled with its ceiling), the
fairness rules, and where the expected benefit comes from (the rubric; the measured effect per
rupiah only once measured figures have been adopted — otherwise the form offers the rubric
alone and says why). The service checks budgets against ceilings, the two minimums and the
basis."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ovop.core.forms import CleanTextMixin
from ovop.core.forms_money import MoneyField
from ovop.enterprises.templatetags.enterprise_tags import rupiah
from ovop.planning.choices import BenefitBasis
from ovop.planning.models import FiscalYear, Scenario, Source
from ovop.planning.selectors_measured import current_figures, missing_types, rates

PREFIX = "budget_"


class ScenarioForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    min_per_kecamatan = forms.IntegerField(
        label=_("At least this many activities per kecamatan"),
        min_value=0,
        max_value=50,
        initial=0,
    )
    min_per_programme_village = forms.IntegerField(
        label=_("At least this many activities per programme village"),
        min_value=0,
        max_value=20,
        initial=0,
        help_text=_("Set this or the minimum per kecamatan, not both."),
    )
    max_share_per_type_pct = forms.IntegerField(
        label=_("At most this share of the money to one activity type (%)"),
        min_value=1,
        max_value=100,
        required=False,
    )
    benefit_basis = forms.ChoiceField(
        label=_("Expected benefit from"),
        choices=BenefitBasis.choices,
        initial=BenefitBasis.RUBRIC,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(
        self, data: Any = None, *, year: FiscalYear, scenario: Scenario | None = None
    ) -> None:
        initial: dict[str, Any] = {}
        if scenario is not None:
            initial = {
                name: getattr(scenario, name)
                for name in (
                    "name",
                    "min_per_kecamatan",
                    "min_per_programme_village",
                    "max_share_per_type_pct",
                    "benefit_basis",
                )
            }
        super().__init__(data, initial=initial)
        self._basis(year)
        self.sources = list(
            Source.objects.filter(fiscal_year=year, archived_at__isnull=True).order_by(
                "kind", "name"
            )
        )
        budgets = scenario.budgets if scenario is not None else {}
        for source in self.sources:
            self.fields[f"{PREFIX}{source.pk}"] = MoneyField(
                label=_("Budget: %(source)s") % {"source": source.name},
                help_text=_("Ceiling %(ceiling)s.") % {"ceiling": rupiah(source.ceiling_idr)},
                initial=budgets.get(str(source.pk), source.ceiling_idr if scenario is None else 0),
            )

    def _basis(self, year: FiscalYear) -> None:
        """The measured basis is offered only when figures exist (``figures``); ``missing``
        names the types of the year's proposals that have none."""
        self.figures = current_figures()
        self.missing = missing_types(year, rates(self.figures)) if self.figures else []
        if not self.figures:
            field = self.fields["benefit_basis"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(BenefitBasis.RUBRIC.value, BenefitBasis.RUBRIC.label)]

    def budget_fields(self) -> list[forms.BoundField]:
        return [self[f"{PREFIX}{s.pk}"] for s in self.sources]

    def rule_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in ("min_per_kecamatan", "min_per_programme_village", "max_share_per_type_pct")
        ]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "budgets": {str(s.pk): data[f"{PREFIX}{s.pk}"] for s in self.sources},
            "min_per_kecamatan": data["min_per_kecamatan"] or 0,
            "min_per_programme_village": data["min_per_programme_village"] or 0,
            "max_share_per_type_pct": data["max_share_per_type_pct"],
            "benefit_basis": data["benefit_basis"] or BenefitBasis.RUBRIC,
        }


def budget_field(key: str) -> str:
    """The form field a service error on ``budgets`` is shown on (the form top)."""
    return key
