"""Indicators and their targets; the rounds, respondents and values live beside this file.

An indicator (``Indicator``) is what is measured: its unit, type, direction and plausible range
(which web forms, field forms and imports all check). A target (``Target``) is the value the
office aims at for one indicator, one year and one region (the regency, a kecamatan or a
village), beside the baseline it started from.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ovop.core.models import Archivable
from ovop.monitoring.choices import (
    MAX_CHOICES,
    MAX_VALUE,
    VALUE_PLACES,
    Aggregation,
    Direction,
    Domain,
    Level,
    Unit,
    ValueType,
)
from ovop.monitoring.models_imports import ImportJob
from ovop.monitoring.models_rounds import Respondent, Round, RoundIndicator
from ovop.monitoring.models_tallies import ValueTally
from ovop.monitoring.models_values import Flag, Submission, Value, ValueRevision

__all__ = [
    "Flag",
    "ImportJob",
    "Indicator",
    "Respondent",
    "Round",
    "RoundIndicator",
    "Submission",
    "Target",
    "Value",
    "ValueRevision",
    "ValueTally",
]

#: An indicator's code is also its question name in field forms and its column in exports:
#: a letter, then lower-case letters, digits and underscores (a valid XLSForm name).
code_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$",
    _("Use a lower-case letter, then lower-case letters, digits or underscores (at most 40)."),
)
CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")
BOUND = [MinValueValidator(-MAX_VALUE), MaxValueValidator(MAX_VALUE)]


def value_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField[Any, Any]:
    """A measured or target value: up to 10¹⁵ with four decimals."""
    return models.DecimalField(
        verbose_name,
        max_digits=16 + VALUE_PLACES,
        decimal_places=VALUE_PLACES,
        validators=BOUND,
        **kwargs,
    )


class Indicator(Archivable):
    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    name_id = models.CharField(_("name (Indonesian)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160)
    domain = models.CharField(_("domain"), max_length=14, choices=Domain.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    value_type = models.CharField(_("type"), max_length=8, choices=ValueType.choices)
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=6, choices=Aggregation.choices, default=Aggregation.MEAN
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, default=Level.IKM)
    by_gender = models.BooleanField(
        _("split by gender"), default=False, help_text=_("Asked as women's and men's parts.")
    )
    by_youth = models.BooleanField(
        _("youth part"), default=False, help_text=_("Also asks the part under 30 years of age.")
    )
    options = models.JSONField(
        _("options"),
        default=list,
        blank=True,
        help_text=_("For a one-of-a-list indicator: the options, each with a code and labels."),
    )
    min_value = value_field(_("lowest plausible value"), null=True, blank=True)
    max_value = value_field(_("highest plausible value"), null=True, blank=True)
    definition_id = models.TextField(_("definition (Indonesian)"), max_length=2000, blank=True)
    definition_en = models.TextField(_("definition (English)"), max_length=2000, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_default = models.BooleanField(_("shipped default"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["domain", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id

    @property
    def definition(self) -> str:
        english = (get_language() or "id").startswith("en")
        return (self.definition_en if english else self.definition_id) or self.definition_id

    def option_codes(self) -> list[str]:
        return [str(o.get("code", "")) for o in self.options if isinstance(o, dict)]

    def option_label(self, code: str) -> str:
        english = (get_language() or "id").startswith("en")
        for option in self.options:
            if isinstance(option, dict) and option.get("code") == code:
                return str(option.get("label_en" if english else "label_id") or code)
        return code

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            errors["max_value"] = _("The highest value is below the lowest.")
        if self.value_type == ValueType.CHOICE:
            errors.update(_option_errors(self.options))
        elif self.options:
            errors["options"] = _("Only a one-of-a-list indicator has options.")
        if self.value_type in (ValueType.BOOLEAN, ValueType.CHOICE) and (
            self.by_gender or self.by_youth
        ):
            errors["by_gender"] = _("Only a number can be split by gender or age.")
        if self.value_type == ValueType.PERCENT:
            low, high = self.min_value, self.max_value
            if (low is not None and low < 0) or (high is not None and high > 100):
                errors["max_value"] = _("A percent lies between 0 and 100.")
        if errors:
            raise ValidationError(errors)


def _option_errors(options: Any) -> dict[str, Any]:
    if not isinstance(options, list) or not options:
        return {"options": _("A one-of-a-list indicator needs at least two options.")}
    if len(options) < 2 or len(options) > MAX_CHOICES:
        return {
            "options": _("Give between 2 and %(n)s options.") % {"n": MAX_CHOICES},
        }
    codes = []
    for option in options:
        if not isinstance(option, dict) or not CODE.fullmatch(str(option.get("code", ""))):
            return {"options": _("Each option needs a code made of lower-case letters.")}
        if not str(option.get("label_id", "")).strip() or len(str(option["label_id"])) > 120:
            return {"options": _("Each option needs an Indonesian label (at most 120 characters).")}
        if len(str(option.get("label_en", ""))) > 120:
            return {"options": _("An English label has at most 120 characters.")}
        codes.append(option["code"])
    if len(set(codes)) != len(codes):
        return {"options": _("Two options have the same code.")}
    return {}


class Target(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="monitoring_targets",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    baseline_value = value_field(_("baseline"), null=True, blank=True)
    target_value = value_field(_("target"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["indicator__code", "region__code", "year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year"], name="monitoring_target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.region} {self.year}"

    def achievement_pct(self, actual: Decimal | None) -> Decimal | None:
        """Actual as a percent of target, the indicator's direction respected: for "lower is
        better" the ratio is inverted (a target of 10 reached with 8 is 125 %)."""
        from ovop.analysis.targets import achievement

        value = achievement(
            actual=actual,
            target=self.target_value,
            lower_is_better=self.indicator.direction == Direction.LOWER,
        )
        return None if value is None else Decimal(str(round(value, 1)))
