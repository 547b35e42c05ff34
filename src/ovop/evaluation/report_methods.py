"""The report's appendix: how every figure was found, in the report's language, with this
programme's own settings (the onset of the effect, the effectiveness bands and where their
default comes from)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ovop.evaluation import effectiveness, services
from ovop.evaluation.designs import MIN_UNITS
from ovop.evaluation.report_parts import MethodNote
from ovop.planning.runs import FACTORS
from ovop.programme.models import Programme


def _data(year: int) -> MethodNote:
    return MethodNote(
        _("Data used"),
        (
            _(
                "The survey rounds of %(year)s and before. Only entries the respondent finished "
                "(submitted or approved) count; of a value split by gender or age only the total; "
                "a value an open quality flag doubts (far from its baseline or its range, or an "
                "entry copied from another) stays out until an officer confirms or corrects it. "
                "Every chapter says how many values were left out and why."
            )
            % {"year": year},
            _(
                "Printed numbers are rounded; the workbook that comes with this report holds the "
                "same numbers unrounded, as the system's API gives them, one sheet per table and "
                "per figure."
            ),
        ),
    )


def _designs(lag: int) -> MethodNote:
    onset = ngettext(
        "An enterprise counts as treated from %(n)s year after its village joined the programme "
        "(a setting of this programme).",
        "An enterprise counts as treated from %(n)s years after its village joined the programme "
        "(a setting of this programme).",
        lag,
    ) % {"n": lag}
    return MethodNote(
        _("Designs"),
        (
            _(
                # xgettext:no-python-format
                "Before and after: the participants measured in the first and the last year; the "
                "mean change with its 95% interval, the paired t-test and the Wilcoxon signed-rank "
                "test. Without a comparison group it cannot tell the programme from everything "
                "else that changed."
            ),
            _(
                "Difference-in-differences: the same two years, participants against the "
                "comparison group (enterprises outside the programme, matched on their baseline "
                "where the round was matched), by least squares with standard errors clustered "
                "by village."
            ),
            _(
                "Staggered adoption (Callaway and Sant'Anna, 2021): every year measured; each "
                "group of villages that joined in the same year is compared, year by year, with "
                "the enterprises not (yet) treated, and the group-time effects are averaged; the "
                "event study gives the effect by years since the first year treated, the years "
                "before it showing whether the groups moved apart before the programme did "
                "anything. It is the headline where it runs, else difference-in-differences."
            )
            + " "
            + onset,
            _(
                # xgettext:no-python-format
                "Amounts in rupiah whose values are all above zero are also estimated on the log "
                "scale; the percentage change 100 × (e^b − 1) is the figure judged, as skewed "
                "money data behave better there. An effect is called clear when its 95% interval "
                "excludes zero."
            ),
        ),
    )


def _no_estimate() -> MethodNote:
    return MethodNote(
        _("When no estimate is given"),
        (
            _(
                "Rather than a number that means nothing, the report says why there is none: "
                "fewer than %(n)s enterprises on a side; every value the same; no comparison group "
                "with values in the years needed; only one round measuring the indicator; a round "
                "half-entered (its unfinished entries are left out and counted, so the estimate "
                "rests on fewer enterprises or on none); an indicator answered by choosing from a "
                "list; a target of zero, which cannot serve as a yardstick."
            )
            % {"n": MIN_UNITS},
        ),
    )


def _many_tests() -> MethodNote:
    return MethodNote(
        _("Subgroups and many comparisons"),
        (
            _(
                "An effect split into subgroups (here by the owner's gender) is tested once per "
                "subgroup: the p-values are adjusted by Holm's method (the chance of any false "
                "finding) and by Benjamini and Hochberg's (the share of false findings); "
                "Cochran's Q and I² test whether the subgroups' effects differ."
            ),
        ),
    )


def _cost() -> MethodNote:
    return MethodNote(
        _("Cost per unit of outcome"),
        (
            _(
                # xgettext:no-python-format
                "Money realised on an activity type ÷ (effect per enterprise × enterprises that "
                "took part). The money is known exactly, so the 95% interval is Fieller's: the "
                "money divided by the ends of the effect's own interval. When that interval "
                "includes zero the cost per unit is not bounded, and the report gives the floor "
                "it still has."
            ),
        ),
    )


def _bands(programme: Programme) -> MethodNote:
    limits = services.settings_of(programme).band_limits_pct
    default = limits == effectiveness.DEFAULT_LIMITS
    where = (
        _(
            "These are the default: the five bands commonly cited in Indonesian local-government "
            "evaluation as coming from the Minister of Home Affairs' decision No. 690.900.327 of "
            "1996 (only secondary quotations of it were found, which disagree on details). They "
            "are a configurable default, not a rule."
        )
        if default
        else _("These limits are set for this programme in its evaluation settings.")
    )
    rule = _(
        "Achievement = actual ÷ target (for an indicator where lower is better, (2 × target − "
        "actual) ÷ target, the rule of the LAN guide for government performance reports). "
        "Bands: very effective from %(a)s %%, effective from %(b)s %%, fairly effective from "
        "%(c)s %%, less effective from %(d)s %%, not effective below."
    ) % dict(zip("abcd", limits, strict=True))
    return MethodNote(_("Effectiveness"), (rule, where))


def _process() -> MethodNote:
    low, high = FACTORS[0], FACTORS[-1]
    return MethodNote(
        _("Budget, empowerment and competence"),
        (
            _(
                "The budget's frontier is the best plan (the most expected benefit within every "
                "source's rules, solved exactly with HiGHS) at %(low)s to %(high)s times the "
                "plan's budget, as stored when the plan was last run."
            )
            % {"low": low, "high": high},
            _(
                "A village's stage in Hogan's empowerment cycle (1 recall experiences, 2 discuss "
                "why, 3 choose one problem, 4 identify power bases, 5 action plan) is the last "
                "stage change recorded by 31 December; youth are those under %(age)s in the year."
            )
            % {"age": settings.OVOP_YOUTH_AGE_LIMIT},
            _(
                "Competence: the tests taken at the start and at the end of an activity, compared "
                "by the paired t-test and the Wilcoxon signed-rank test."
            ),
        ),
    )


def method_notes(programme: Programme, year: int, lag: int) -> list[MethodNote]:
    return [
        _data(year),
        _designs(lag),
        _no_estimate(),
        _many_tests(),
        _cost(),
        _bands(programme),
        _process(),
    ]
