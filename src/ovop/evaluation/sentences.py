"""An impact estimate in one sentence of the active language, with amounts in the indicator's
unit: "Omzet per bulan IKM peserta naik Rp 312.000 lebih banyak daripada IKM pembanding
(IK 95 %: Rp 250.000 sampai Rp 370.000)."

A yes/no indicator's values are 0 or 1: its means and effects are shares, said in percent and
percentage points.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ovop.core.money import format_rupiah
from ovop.evaluation.designs import Effect
from ovop.evaluation.impact import RUPIAH, Estimated
from ovop.monitoring.choices import Unit
from ovop.monitoring.models import Indicator


def _number(value: float, places: int) -> str:
    # rounded first: Django cuts the digits past ``places`` off instead of rounding them
    return number_format(round(value, places), places, use_l10n=True, force_grouping=True)


def amount(value: float, indicator: Indicator) -> str:
    """``value`` (an effect or a mean) in the indicator's unit, for a reader."""
    if indicator.unit in RUPIAH:
        return format_rupiah(round(value)).replace(" ", "\u00a0")  # "Rp" stays with its number
    if indicator.unit == Unit.YES_NO:
        return _("%(n)s percentage points") % {"n": _number(100 * value, 1)}
    if indicator.unit == Unit.PERCENT:
        return _("%(n)s percentage points") % {"n": _number(value, 1)}
    if indicator.unit == Unit.SCORE:
        return _("%(n)s points") % {"n": _number(value, 1)}
    if indicator.unit == Unit.PERSONS:
        return _("%(n)s persons") % {"n": _number(value, 1)}
    if indicator.unit in (Unit.KG, Unit.KG_MONTH):
        return f"{_number(value, 1)} kg"
    return _number(value, 2)


def mean_text(value: float, indicator: Indicator) -> str:
    """A mean as a level: a yes/no indicator's mean is the share answering yes, in percent."""
    if indicator.unit == Unit.YES_NO:
        return f"{_number(100 * value, 1)} %"
    if indicator.unit == Unit.PERCENT:
        return f"{_number(value, 1)} %"
    return amount(value, indicator)


def percent(value: float) -> str:
    return f"{_number(value, 1)} %"


def impact_sentence(result: Estimated) -> str:
    """The headline in words, or why there is none."""
    indicator = result.indicator
    headline = result.headline
    if headline is None:
        return _before_after_sentence(result) if result.before_after else _none_sentence(result)
    log = result.headline_log
    # a rupiah effect is judged on the log scale, where skewed money data behave
    text = _effect_sentence(headline, indicator, (log or headline).significant)
    if log is not None:
        middle, low, high = log.percent()
        text += " " + _("In percent: %(pct)s (95 %% CI: %(low)s to %(high)s).") % {
            "pct": percent(middle),
            "low": percent(low),
            "high": percent(high),
        }
    return text


def _effect_sentence(effect: Effect, indicator: Indicator, significant: bool) -> str:
    values = {
        "name": indicator.name,
        "amount": amount(abs(effect.estimate), indicator),
        "estimate": amount(effect.estimate, indicator),
        "low": amount(effect.ci95[0], indicator),
        "high": amount(effect.ci95[1], indicator),
    }
    if not significant:
        return (
            _(
                "No clear effect of the programme on %(name)s yet: the estimate, %(estimate)s, "
                "has a 95 %% confidence interval from %(low)s to %(high)s, which includes zero."
            )
            % values
        )
    if effect.estimate > 0:
        message = pgettext(
            "impact",
            "%(name)s of participating IKM rose by %(amount)s more than that of the comparison "
            "IKM (95 %% CI: %(low)s to %(high)s).",
        )
    else:
        message = pgettext(
            "impact",
            "%(name)s of participating IKM rose by %(amount)s less than that of the comparison "
            "IKM (95 %% CI: %(low)s to %(high)s).",
        )
    return message % values


def _before_after_sentence(result: Estimated) -> str:
    change = result.before_after
    assert change is not None
    indicator = result.indicator
    return _(
        "Without a comparison group: %(name)s of participating IKM changed by %(estimate)s "
        "on average between %(first)s and %(last)s (95 %% CI: %(low)s to %(high)s); the "
        "change is not necessarily the programme's doing."
    ) % {
        "name": indicator.name,
        "estimate": amount(change.mean_diff, indicator),
        "first": change.first_year,
        "last": change.last_year,
        "low": amount(change.ci95[0], indicator),
        "high": amount(change.ci95[1], indicator),
    }


def _none_sentence(result: Estimated) -> str:
    reason = result.reasons.get("before_after") or result.reasons.get("did") or ""
    return _("No estimate yet: %(reason)s.") % {"reason": reason}
