"""Forms of the indicator library and of targets: they parse; the services decide.

Every message names its field. Numbers are typed the Indonesian way and read by
``ovop.core.cells.read_decimal`` (1.500.000 or 1,5; 5 M for five billion). The options of a
one-of-a-list indicator are typed one a line, ``code | Indonesian label | English label``, and
each line at fault is named.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ovop.core import cells
from ovop.core.forms import CleanTextMixin
from ovop.monitoring.choices import Aggregation, Direction, Domain, Level, Unit, ValueType
from ovop.monitoring.models import Indicator, code_validator
from ovop.monitoring.selectors_indicators import ACTIVE, ALL, ARCHIVED, target_regions
from ovop.regions.models import Region

STATUS_CHOICES = [(ACTIVE, _("Active")), (ARCHIVED, _("Archived")), (ALL, _("All"))]
NUMBER_ATTRS = {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
#: Longest label of an option (``Indicator`` checks it too).
LABEL_MAX = 120
SEPARATOR = "|"


def name_fields(form: forms.BaseForm) -> None:
    """Messages naming the field, in the request's language."""
    for name, field in form.fields.items():
        label = {"label": str(field.label or name)}
        field.error_messages["required"] = gettext("%(label)s: this field is required.") % label
        field.error_messages["invalid_choice"] = (
            gettext("%(label)s: choose one of the options offered.") % label
        )
        if isinstance(field, forms.IntegerField):
            field.error_messages["invalid"] = gettext("%(label)s: type a whole number.") % label
            low = {**label, "limit": field.min_value}
            high = {**label, "limit": field.max_value}
            field.error_messages["min_value"] = gettext("%(label)s: at least %(limit)s.") % low
            field.error_messages["max_value"] = gettext("%(label)s: at most %(limit)s.") % high


def typed(value: Decimal | None) -> str:
    """``value`` as the form shows it for editing, the way ``read_decimal`` reads it back:
    dots between thousands, a decimal comma (-1.000.000, 12,5)."""
    if value is None:
        return ""
    number = value.normalize() if value != value.to_integral_value() else value.quantize(1)
    whole, _dot, decimals = f"{abs(number):f}".partition(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return ("-" if number < 0 else "") + groups + (f",{decimals}" if decimals else "")


class DecimalTextField(forms.Field):
    """A number typed the Indonesian way; ``None`` when left empty."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(NUMBER_ATTRS))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return typed(value) if isinstance(value, Decimal) else value

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            return cells.read_decimal(str(value), allow_negative=True)
        except cells.CellError as error:
            label = str(capfirst(self.label or _("Value")))
            raise ValidationError(error.describe(label), code=error.code) from None


def _line_error(line: int, message: str, **params: Any) -> ValidationError:
    problem = message % params if params else message
    return ValidationError(
        gettext("Line %(line)s: %(problem)s") % {"line": line, "problem": problem}, code="option"
    )


def _is_code(text: str) -> bool:
    try:
        code_validator(text)
    except ValidationError:
        return False
    return True


def _option(line: int, text: str) -> dict[str, str]:
    parts = [part.strip() for part in text.split(SEPARATOR)]
    if len(parts) not in (2, 3):
        raise _line_error(line, gettext("write it as code | Indonesian label | English label."))
    code, label_id, label_en = (*parts, "")[:3]
    if not _is_code(code):
        raise _line_error(
            line,
            gettext(
                "the code “%(code)s” must start with a lower-case letter and hold only lower-case "
                "letters, digits and underscores (at most 40)."
            ),
            code=code[:40],
        )
    if not label_id:
        raise _line_error(line, gettext("the Indonesian label is missing."))
    if max(len(label_id), len(label_en)) > LABEL_MAX:
        raise _line_error(
            line, gettext("a label has at most %(limit)s characters."), limit=LABEL_MAX
        )
    return {"code": code, "label_id": label_id, "label_en": label_en}


def parse_options(text: str) -> list[dict[str, str]]:
    """The options typed in ``text``, one a line; a ValidationError lists every line at
    fault. Blank lines are skipped."""
    options: list[dict[str, str]] = []
    errors: list[ValidationError] = []
    first_line: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            option = _option(number, raw)
        except ValidationError as error:
            errors.append(error)
            continue
        if option["code"] in first_line:
            errors.append(
                _line_error(
                    number,
                    gettext("the code “%(code)s” is already used on line %(first)s."),
                    code=option["code"],
                    first=first_line[option["code"]],
                )
            )
            continue
        first_line[option["code"]] = number
        options.append(option)
    if errors:
        raise ValidationError(errors)
    return options


def options_text(options: Any) -> str:
    """Stored options as the form's lines."""
    lines = []
    for option in options or []:
        if isinstance(option, dict):
            parts = [str(option.get("code", "")), str(option.get("label_id", ""))]
            if option.get("label_en"):
                parts.append(str(option["label_en"]))
            lines.append(f" {SEPARATOR} ".join(parts))
    return "\n".join(lines)


class IndicatorForm(CleanTextMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_(
            "Lower-case letters, digits and underscores, such as omzet or tenaga_kerja: the "
            "question's name in field forms and the column in exports. Fixed once values use it."
        ),
    )
    name_id = forms.CharField(label=_("Name in Indonesian"), max_length=160)
    name_en = forms.CharField(label=_("Name in English"), max_length=160)
    domain = forms.ChoiceField(label=_("Domain"), choices=Domain.choices)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    value_type = forms.ChoiceField(label=_("Type of value"), choices=ValueType.choices)
    direction = forms.ChoiceField(
        label=pgettext_lazy("indicator", "Direction"),
        choices=Direction.choices,
        initial=Direction.HIGHER,
    )
    aggregation = forms.ChoiceField(
        label=_("Aggregation"),
        choices=Aggregation.choices,
        initial=Aggregation.MEAN,
        help_text=_("How the values of many enterprises make one figure to compare with a target."),
    )
    level = forms.ChoiceField(label=_("Measured for"), choices=Level.choices, initial=Level.IKM)
    by_gender = forms.BooleanField(
        label=_("Split by gender"),
        required=False,
        help_text=_("Asked as women's and men's parts; the total is their sum."),
    )
    by_youth = forms.BooleanField(
        label=_("Youth part"),
        required=False,
        help_text=_("Also asks the part under 30 years of age."),
    )
    options = forms.CharField(
        label=_("Options"),
        required=False,
        max_length=12000,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        help_text=_(
            "Only for a one-of-a-list indicator: one option a line, written as "
            "code | Indonesian label | English label, such as: desa | Desa sendiri | Own village."
        ),
    )
    min_value = DecimalTextField(label=_("Lowest plausible value"), required=False)
    max_value = DecimalTextField(
        label=_("Highest plausible value"),
        required=False,
        help_text=_(
            "Forms and imports refuse a value outside the range. Type 5.000.000.000 or 5 M, "
            "and decimals with a comma: 12,5."
        ),
    )
    definition_id = forms.CharField(
        label=_("Definition in Indonesian"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    definition_en = forms.CharField(
        label=_("Definition in English"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    source = forms.CharField(
        label=pgettext_lazy("indicator", "Source"),
        required=False,
        max_length=300,
        help_text=_("Where the indicator comes from: a regulation, a guide, an evaluation."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_fields(self)

    @classmethod
    def initial_for(cls, indicator: Indicator) -> dict[str, Any]:
        initial = {name: getattr(indicator, name) for name in cls.base_fields}
        initial["options"] = options_text(indicator.options)
        return initial

    def clean_options(self) -> list[dict[str, str]]:
        return parse_options(self.cleaned_data.get("options") or "")


class IndicatorFilterForm(CleanTextMixin, forms.Form):
    domain = forms.ChoiceField(
        label=_("Domain"), choices=[("", _("All domains")), *Domain.choices], required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)

    def values(self) -> tuple[str, str]:
        data = getattr(self, "cleaned_data", {})
        return data.get("domain") or "", data.get("status") or ACTIVE


class RegionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """The regency, then each kecamatan with its villages, indented under it."""

    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Region)
        indent = "\u2003" * max(obj.level - 2, 0)
        return f"{indent}{obj.name} ({obj.get_kind_display()})"


class TargetForm(CleanTextMixin, forms.Form):
    region = RegionChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        to_field_name="code",
        help_text=_("The regency, a kecamatan or a village of a programme."),
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput({"inputmode": "numeric", "autocomplete": "off"}),
    )
    baseline_value = DecimalTextField(
        label=_("Baseline"),
        required=False,
        help_text=_("The value the region started from, if known."),
    )
    target_value = DecimalTextField(
        label=_("Target"),
        help_text=_("Type 1.500.000 or 1,5 juta; decimals with a comma: 12,5."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, RegionChoiceField)
        region.queryset = target_regions()
        name_fields(self)
        self.fields["target_value"].error_messages["required"] = gettext(
            "Target: give the value aimed at, such as 1.500.000 or 12,5."
        )
