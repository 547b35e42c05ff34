"""Were the goals reached? Each target of an indicator the programme's rounds ask, in the
programme's regency, with the participants' actual value (finished entries, values no open
quality flag doubts — as the impact estimates read them), its achievement (the direction
respected: ``ovop.analysis.effectiveness.achievement``, the LAN rule for lower-is-better
indicators) and its effectiveness band in words.

The bands begin where the programme's evaluation settings say; their defaults are
``ovop.analysis.effectiveness.DEFAULT_BANDS`` — the five bands commonly cited in Indonesian
local-government performance evaluation, a default rather than a rule (the analysis module
says where they come from and how sure we are). A ratio is banded as the percent printed
beside it, rounded to one decimal.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ovop.analysis.effectiveness import DEFAULT_BANDS, Bands, band_of
from ovop.evaluation.selectors import indicators_asked
from ovop.monitoring.selectors_indicators import TargetRow, target_rows
from ovop.programme.models import Programme

BAND_LABELS = {
    "very_effective": _("very effective"),
    "effective": _("effective"),
    "fairly_effective": _("fairly effective"),
    "less_effective": _("less effective"),
    "not_effective": _("not effective"),
}
#: The default bands' lower limits in percent, best first.
DEFAULT_LIMITS = tuple(round(100 * t) for t in DEFAULT_BANDS.thresholds)


def bands_for(limits_pct: tuple[int, ...]) -> Bands:
    return Bands(thresholds=tuple(p / 100 for p in limits_pct), codes=DEFAULT_BANDS.codes)


@dataclass(frozen=True)
class TargetLine:
    row: TargetRow
    #: The band's code, "" when there is no achievement (no value yet, or a target of 0).
    band: str

    @property
    def band_label(self) -> str:
        return str(BAND_LABELS[self.band]) if self.band else ""


def programme_targets(
    programme: Programme, limits_pct: tuple[int, ...], until_year: int | None = None
) -> list[TargetLine]:
    """The targets in the programme's regency (and its kecamatan and villages), by indicator,
    banded by ``limits_pct`` (those of ``until_year`` and before when given); three queries
    per indicator that has targets."""
    bands = bands_for(limits_pct)
    regency = programme.regency.code
    lines = []
    for indicator in indicators_asked(programme, until_year):
        for row in target_rows(indicator=indicator, exclude_doubted=True):
            code = row.target.region.code
            if code != regency and not code.startswith(regency + "."):
                continue
            if until_year is not None and row.target.year > until_year:
                continue
            pct = row.achievement_pct
            lines.append(TargetLine(row, band_of(pct / 100, bands) if pct is not None else ""))
    return lines
