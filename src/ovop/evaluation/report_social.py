"""The people in the report's chapter 5 (social change), beside the social indicators' impacts:
the competence tests taken before and after the programme's activities of the fiscal year
(paired t-test and Wilcoxon, ``analysis.impact.paired``), and who took part — the activities'
participants and the people present at the empowerment meetings of the year, with the women's
share and the youth share (under ``settings.OVOP_YOUTH_AGE_LIMIT`` in the report's year, among
those whose year of birth is known).

The programme's activities of fiscal year Y are those in its villages that had joined by Y
(not cancelled), the rule the budget plan and the efficiency chapter use.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext as _

from ovop.analysis import AnalysisError
from ovop.analysis.impact import paired
from ovop.empowerment.choices import AgeGroup, Gender
from ovop.empowerment.models import age_group
from ovop.empowerment.models_meetings import Attendance, Guest, MeetingStatus
from ovop.evaluation.report_parts import (
    Block,
    Cell,
    Column,
    Table,
    empty,
    none_cell,
    number_cell,
    p_cell,
    percent_cell,
    share_pct,
    text_cell,
)
from ovop.planning.choices import ActivityStatus, ActivityType
from ovop.planning.models import Participant
from ovop.programme.models import Programme, ProgrammeVillage


def programme_villages(programme: Programme, year: int) -> list[ProgrammeVillage]:
    """The programme's villages that had joined by ``year``, by kecamatan and name."""
    return list(
        ProgrammeVillage.objects.filter(
            programme=programme, archived_at__isnull=True, joined_year__lte=year
        )
        .select_related("village__parent")
        .order_by("village__parent__name", "village__name")
    )


@dataclass
class Tally:
    """People present (or taking part): the women among them, the youth among those of known
    age."""

    present: int = 0
    women: int = 0
    youth: int = 0
    known_age: int = 0

    def add(self, gender: str, birth_year: int | None, year: int, n: int = 1) -> None:
        self.present += n
        self.women += n if gender == Gender.FEMALE else 0
        group = age_group(birth_year, year)
        self.known_age += 0 if group == AgeGroup.UNKNOWN else n
        self.youth += n if group == AgeGroup.YOUTH else 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.present + other.present,
            self.women + other.women,
            self.youth + other.youth,
            self.known_age + other.known_age,
        )

    @property
    def women_pct(self) -> float | None:
        return share_pct(self.women, self.present)

    @property
    def youth_pct(self) -> float | None:
        return share_pct(self.youth, self.known_age)


def meeting_tallies(village_ids: list[int], year: int) -> dict[int, Tally]:
    """People present at the meetings held in ``year``, by village (two queries)."""
    where = {
        "meeting__village_id__in": village_ids,
        "meeting__status": MeetingStatus.HELD,
        "meeting__held_on__year": year,
    }
    members = (
        Attendance.objects.filter(**where)
        .order_by()
        .values_list("meeting__village_id", "person__gender", "person__birth_year")
        .annotate(n=Count("pk"))
    )
    guests = (
        Guest.objects.filter(**where)
        .order_by()
        .values_list("meeting__village_id", "gender", "birth_year")
        .annotate(n=Count("pk"))
    )
    tallies: dict[int, Tally] = defaultdict(Tally)
    for rows in (members, guests):
        for village, gender, birth_year, n in rows:
            tallies[village].add(gender, birth_year, year, n)
    return tallies


Answer = tuple[str, str, int | None, Decimal | None, Decimal | None]


def _participants(village_ids: list[int], year: int) -> list[Answer]:
    """Each participant of the year's activities: type, gender, year of birth, scores."""
    rows = (
        Participant.objects.filter(
            activity__fiscal_year__year=year, activity__village_id__in=village_ids
        )
        .exclude(activity__status=ActivityStatus.CANCELLED)
        .order_by("activity__activity_type", "pk")
        .values_list(
            "activity__activity_type",
            "person__gender",
            "person__birth_year",
            "pre_score",
            "post_score",
        )
    )
    return list(rows)


def _test_row(label: str, people: int, pairs: list[tuple[float, float]]) -> list[Cell]:
    cells = [text_cell(label), number_cell(people), number_cell(len(pairs))]
    try:
        result = paired([b for b, _a in pairs], [a for _b, a in pairs])
    except AnalysisError:  # fewer than two pairs
        return cells + [none_cell()] * 9
    low, high = number_cell(result.ci95[0], 1), number_cell(result.ci95[1], 1)
    improved = sum(1 for before, after in pairs if after > before)
    return cells + [
        number_cell(result.mean_before, 1),
        number_cell(result.mean_after, 1),
        number_cell(result.mean_diff, 1),
        Cell(None, f"{low.text} … {high.text}"),
        low,
        high,
        p_cell(result.p_t),
        p_cell(result.p_wilcoxon),
        percent_cell(share_pct(improved, len(pairs))),
    ]


def tests_table(answers: list[Answer]) -> Table | None:
    """Pre- and post-test scores by activity type, then all together (None without a pair)."""
    people: dict[str, int] = defaultdict(int)
    pairs: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for kind, _gender, _born, pre, post in answers:
        people[kind] += 1
        if pre is not None and post is not None:
            pairs[kind].append((float(pre), float(post)))
    if not pairs:
        return None
    rows = [
        _test_row(str(ActivityType(kind).label), people[kind], pairs[kind])
        for kind in sorted(pairs)
    ]
    every = [pair for kind in sorted(pairs) for pair in pairs[kind]]
    rows.append(_test_row(_("All activities with tests"), sum(people[k] for k in pairs), every))
    columns = [
        Column(_("Activity type")),
        Column(_("Participants"), numeric=True),
        Column(_("With both tests"), numeric=True),
        Column(_("Mean before"), numeric=True),
        Column(_("Mean after"), numeric=True),
        Column(_("Mean gain"), numeric=True),
        # xgettext:no-python-format
        Column(_("95% confidence interval"), numeric=True, xlsx=False),
        Column(_("Lower limit"), numeric=True, pdf=False),
        Column(_("Upper limit"), numeric=True, pdf=False),
        Column(_("p (t-test)"), numeric=True),
        Column(_("p (Wilcoxon)"), numeric=True),
        Column(_("Improved (%)"), numeric=True),
    ]
    note = _(
        "Scores 0–100 of the tests taken at the start and at the end of each activity; the gain "
        "is that of the participants with both scores (paired t-test and Wilcoxon signed-rank)."
    )
    title = _("Competence tests before and after the activities")
    return Table("social-tests", title, columns, rows, note)


def _participation_row(label: str, tally: Tally) -> list[Cell]:
    return [
        text_cell(label),
        number_cell(tally.present),
        number_cell(tally.women),
        percent_cell(tally.women_pct),
        number_cell(tally.youth),
        number_cell(tally.known_age),
        percent_cell(tally.youth_pct),
    ]


def participation_table(answers: list[Answer], meetings: Tally, year: int) -> Table | None:
    activities = Tally()
    for _kind, gender, born, _pre, _post in answers:
        activities.add(gender, born, year)
    if not activities.present and not meetings.present:
        return None
    columns = [
        Column(_("Who took part")),
        Column(_("People"), numeric=True),
        Column(_("Women"), numeric=True),
        Column(_("Women (%)"), numeric=True),
        Column(_("Youth"), numeric=True),
        Column(_("Age known"), numeric=True),
        Column(_("Youth (%)"), numeric=True),
    ]
    rows = [
        _participation_row(_("Participants of the year's activities"), activities),
        _participation_row(_("Present at the year's empowerment meetings"), meetings),
    ]
    note = _(
        "A person is counted once per activity and once per meeting attended. Youth: under "
        "%(age)s in %(year)s; their share is of those whose year of birth is known."
    ) % {"age": settings.OVOP_YOUTH_AGE_LIMIT, "year": year}
    return Table("social-participation", _("Participation of women and youth"), columns, rows, note)


def people_blocks(programme: Programme, year: int) -> list[Block]:
    """The tests and the participation of chapter 5 (or why there are none)."""
    ids = [m.village_id for m in programme_villages(programme, year)]
    answers = _participants(ids, year)
    meetings = sum(meeting_tallies(ids, year).values(), Tally())
    blocks: list[Block] = []
    tests = tests_table(answers)
    if tests is None:
        blocks.append(
            empty(
                _(
                    "no participant of the programme's activities of %(year)s has both a "
                    "pre-test and a post-test score"
                )
                % {"year": year}
            )
        )
    else:
        blocks.append(tests)
    taking_part = participation_table(answers, meetings, year)
    if taking_part is None:
        blocks.append(
            empty(
                _("no participant and no meeting attendance is recorded for %(year)s")
                % {"year": year}
            )
        )
    else:
        blocks.append(taking_part)
    return blocks
