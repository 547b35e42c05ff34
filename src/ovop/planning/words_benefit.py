"""A scenario's benefit in words under its basis: a rubric total ("310,0") or, with the measured
basis, rupiah of expected extra monthly revenue ("Rp 1.250.000 tambahan omzet per bulan")."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ovop.enterprises.templatetags.enterprise_tags import rupiah
from ovop.planning.choices import BenefitBasis


def benefit_number(value: float, basis: str) -> str:
    """The benefit as a table cell shows it: "310,0" or "Rp 1.250.000"."""
    if basis == BenefitBasis.MEASURED:
        return rupiah(round(value))
    return number_format(value, 1)


def benefit_words(value: float, basis: str) -> str:
    """The benefit as a sentence says it: "310,0" or "Rp 1.250.000 extra monthly revenue"."""
    if basis == BenefitBasis.MEASURED:
        return _("%(amount)s extra monthly revenue") % {"amount": rupiah(round(value))}
    return number_format(value, 1)


def benefit_tick(value: float, basis: str) -> str:
    """A label of the frontier chart's benefit axis: a rubric total, or rupiah in millions."""
    if basis == BenefitBasis.MEASURED:
        return number_format(value / 1_000_000, 1)
    return number_format(value, 0)
