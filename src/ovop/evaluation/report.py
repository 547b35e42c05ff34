"""The evaluation report of a programme for one year: its data, built once by
``report_build``, from which the PDF (``report_pdf``), the workbook (``report_xlsx``) and the
API (``report_snapshot``) are all rendered, so that the three cannot tell different numbers.

The report answers the evaluation's questions in eight chapters — 1 were the goals reached
(``report_goals``), 2 at what cost (``report_efficiency``), 3 what held the programme back
(``report_budget``), 4–6 economic, social and environmental change (``report_impacts``, with
the tests, participation and women-led IKM of ``report_social`` and ``report_subgroups`` in 5),
7 the empowerment process (``report_empowerment``), 8 products and consumers
(``report_products``) — then an appendix of methods (``report_methods``). Each number is the
one the API gives for the same year (``?year=``); a part without data says "no data yet" and
why, never fails.

The year: the survey rounds of that year and before (the evaluation as it stood at its end),
the targets of that year and before, the budget and activities of that fiscal year and before,
the empowerment work of that year, and the products' designations and stars at its end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.accounts.models import User
from ovop.evaluation import scope
from ovop.evaluation.impact import IndicatorImpact, indicator_impact, lag_years
from ovop.evaluation.report_budget import constraint_blocks
from ovop.evaluation.report_efficiency import efficiency_blocks
from ovop.evaluation.report_empowerment import empowerment_blocks
from ovop.evaluation.report_goals import goal_blocks
from ovop.evaluation.report_impacts import domain_blocks
from ovop.evaluation.report_methods import method_notes
from ovop.evaluation.report_parts import Block, Chapter, Report, numbered
from ovop.evaluation.report_products import product_blocks
from ovop.evaluation.report_social import people_blocks
from ovop.evaluation.report_subgroups import GENDER_INDICATOR, gender_blocks
from ovop.evaluation.selectors import impacts
from ovop.monitoring.choices import Domain
from ovop.monitoring.models import Indicator
from ovop.programme.models import Programme


def _not_asked(domain: str, results: list[IndicatorImpact]) -> list[Indicator]:
    """The library's active indicators of ``domain`` that no round up to the year asks."""
    asked = {r.indicator.pk for r in results}
    found = Indicator.objects.filter(domain=domain, archived_at__isnull=True).order_by("code")
    return [i for i in found if i.pk not in asked]


def _change(results: list[IndicatorImpact], domain: str, title: str) -> list[Block]:
    mine = [r for r in results if r.indicator.domain == domain]
    return domain_blocks(mine, domain, title, _not_asked(domain, mine))


def _gender(programme: Programme, results: list[IndicatorImpact], year: int) -> list[Block]:
    asked = next((r for r in results if r.indicator.code == GENDER_INDICATOR), None)
    if asked is None:
        return gender_blocks(None)
    split = indicator_impact(
        programme=programme, indicator=asked.indicator, subgroups=True, until_year=year
    )
    return gender_blocks(split)


#: The chapters in order: key, title, the question the chapter answers.
CHAPTERS = (
    ("effectiveness", gettext_lazy("Effectiveness"), gettext_lazy("Were the goals reached?")),
    ("efficiency", gettext_lazy("Efficiency"), gettext_lazy("At what cost?")),
    ("constraints", gettext_lazy("Constraints"), gettext_lazy("What held the programme back?")),
    (
        "economic",
        gettext_lazy("Economic change"),
        gettext_lazy("Did the enterprises' business change?"),
    ),
    (
        "social",
        gettext_lazy("Social change"),
        gettext_lazy("Did knowledge, competence and participation change?"),
    ),
    (
        "environmental",
        gettext_lazy("Environmental change"),
        gettext_lazy("Are natural resources better used?"),
    ),
    (
        "empowerment",
        gettext_lazy("The empowerment process"),
        gettext_lazy("How far did the villages go in the empowerment cycle?"),
    ),
    (
        "products",
        gettext_lazy("Products and consumers"),
        gettext_lazy("Do the products reach consumers?"),
    ),
)


#: Told how far the report is: percent done and the step being made.
Progress = Callable[[int, str], None]


def _quiet(pct: int, step: str) -> None:
    return None


def _blocks(user: User, programme: Programme, year: int, say: Progress) -> dict[str, list[Block]]:
    """Each chapter's blocks, by the chapter's key (60 % of the work, the estimates first)."""
    say(5, _("Impact estimates"))
    results = impacts(user=user, programme=programme, until_year=year)
    parts: list[tuple[str, Callable[[], list[Block]]]] = [
        ("effectiveness", lambda: goal_blocks(programme, year)),
        ("efficiency", lambda: efficiency_blocks(user, programme, year)),
        ("constraints", lambda: constraint_blocks(year)),
        ("economic", lambda: _change(results, Domain.ECONOMIC, _("Economic indicators"))),
        ("social", lambda: _social(programme, results, year)),
        (
            "environmental",
            lambda: _change(results, Domain.ENVIRONMENTAL, _("Environmental indicators")),
        ),
        ("empowerment", lambda: empowerment_blocks(programme, year)),
        ("products", lambda: _products(programme, results, year)),
    ]
    titles = {key: title for key, title, _question in CHAPTERS}
    found = {}
    for n, (key, make) in enumerate(parts):
        say(30 + 30 * n // len(parts), str(titles[key]))
        found[key] = make()
    return found


def _social(programme: Programme, results: list[IndicatorImpact], year: int) -> list[Block]:
    social = _change(results, Domain.SOCIAL, _("Social indicators"))
    return social + people_blocks(programme, year) + _gender(programme, results, year)


def _products(programme: Programme, results: list[IndicatorImpact], year: int) -> list[Block]:
    products = product_blocks(programme, year)
    outputs = [r for r in results if r.indicator.domain == Domain.OUTPUT]
    if outputs:
        products += domain_blocks(outputs, Domain.OUTPUT, _("Outputs measured by the survey"), [])
    return products


def _chapters(user: User, programme: Programme, year: int, say: Progress) -> list[Chapter]:
    blocks = _blocks(user, programme, year, say)
    return [
        numbered(number, key, str(title), str(question), blocks[key])
        for number, (key, title, question) in enumerate(CHAPTERS, start=1)
    ]


def report_build(
    *,
    user: User,
    programme: Programme,
    year: int,
    language: str,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> Report:
    """The evaluation report of ``programme`` for ``year`` in ``language`` ("id" or "en"), as
    ``user`` (a reader of the evaluation) may read it; ``progress`` is told how far it is."""
    scope.require_reader(user)
    with translation.override(language):
        chapters = _chapters(user, programme, year, progress or _quiet)
        methods = method_notes(programme, year, lag_years(programme))
    return Report(
        programme=programme,
        year=year,
        language=language,
        printed_on=today or timezone.localdate(),
        chapters=chapters,
        methods=methods,
    )
