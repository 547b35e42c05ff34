"""Chapter 7 of the report, the empowerment process: for each programme village that had
joined by the report's year, where it stood in Hogan's cycle at the year's end (the last
recorded stage change on or before 31 December: its stage, or its cycle closed), how many
cycles it had completed, the meetings held in the year with the people present (women's and
youth share), and the action plan's actions due in the year with those done; a chart of the
villages by stage.

Actions are counted by their status now (an action's history is not read): "done" is done by
the day the report is made. Dropped actions are left out of the count.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.empowerment.models_actions import Action, ActionStatus
from ovop.empowerment.models_cycle import StageChange
from ovop.empowerment.models_meetings import Meeting, MeetingStatus
from ovop.empowerment.selectors_overview import STAGE_KEYS, STAGE_LABELS
from ovop.evaluation.report_charts import bar_chart
from ovop.evaluation.report_parts import (
    Block,
    Cell,
    Column,
    Figure,
    Table,
    Text,
    empty,
    number_cell,
    percent_cell,
    share_pct,
    text_cell,
    year_cell,
)
from ovop.evaluation.report_social import Tally, meeting_tallies, programme_villages
from ovop.programme.models import Programme, ProgrammeVillage


@dataclass
class Standing:
    """A village's place in the cycle at a moment: the stage key ("1".."5", "closed",
    "none"), its current cycle's number and the cycles it had completed."""

    key: str = "none"
    cycle: int | None = None
    completed: int = 0


def standings(village_ids: list[int], year: int) -> dict[int, Standing]:
    """Each village's standing at the end of ``year`` (one query)."""
    end = timezone.make_aware(dt.datetime(year + 1, 1, 1))  # noqa: DTZ001 - made aware here
    changes = (
        StageChange.objects.filter(cycle__village_id__in=village_ids, at__lt=end)
        .order_by("at", "pk")
        .values_list("cycle__village_id", "cycle__number", "to_stage", "closed")
    )
    found: dict[int, Standing] = defaultdict(Standing)
    for village, number, stage, closed in changes:
        standing = found[village]
        if closed:
            standing.completed += 1
            standing.key = "closed"
        else:
            standing.key = str(stage)
        standing.cycle = number
    return found


def _meetings(village_ids: list[int], year: int) -> Counter[int]:
    held = Meeting.objects.filter(
        village_id__in=village_ids, status=MeetingStatus.HELD, held_on__year=year
    )
    return Counter(dict(held.order_by().values_list("village_id").annotate(n=Count("pk"))))


def _actions(village_ids: list[int], year: int) -> dict[int, tuple[int, int]]:
    """Actions due in ``year`` (dropped ones left out) and those done, by village."""
    rows = (
        Action.objects.filter(cycle__village_id__in=village_ids, due_on__year=year)
        .exclude(status=ActionStatus.DROPPED)
        .order_by()
        .values_list("cycle__village_id", "status")
        .annotate(n=Count("pk"))
    )
    found: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for village, status, n in rows:
        found[village][0] += n
        found[village][1] += n if status == ActionStatus.DONE else 0
    return {village: (due, done) for village, (due, done) in found.items()}


def _row(
    member: ProgrammeVillage,
    standing: Standing,
    meetings: int,
    tally: Tally,
    actions: tuple[int, int],
) -> list[Cell]:
    village = member.village
    due, done = actions
    cycle = _("cycle %(n)s") % {"n": standing.cycle} if standing.cycle else ""
    stage = str(STAGE_LABELS[standing.key])
    return [
        text_cell(village.parent.name if village.parent else ""),
        text_cell(village.name),
        year_cell(member.joined_year),
        text_cell(standing.key),
        Cell(stage, f"{stage} ({cycle})" if cycle else stage),
        number_cell(standing.completed),
        number_cell(meetings),
        number_cell(tally.present),
        percent_cell(tally.women_pct, 0),
        percent_cell(tally.youth_pct, 0),
        number_cell(due),
        number_cell(done),
        percent_cell(share_pct(done, due), 0),
    ]


def villages_table(rows: list[list[Cell]], year: int) -> Table:
    columns = [
        Column(_("Kecamatan")),
        Column(_("Village")),
        Column(_("Joined"), numeric=True),
        Column(_("Stage code"), pdf=False),
        Column(_("Stage at the end of the year")),
        Column(_("Cycles completed"), numeric=True),
        Column(_("Meetings held"), numeric=True),
        Column(_("People present"), numeric=True),
        Column(_("Women (%)"), numeric=True),
        Column(_("Youth (%)"), numeric=True),
        Column(_("Actions due"), numeric=True),
        Column(_("Actions done"), numeric=True),
        Column(_("Done (%)"), numeric=True),
    ]
    title = _("The villages in Hogan's cycle, %(year)s") % {"year": year}
    note = _(
        "Stage: the last stage change recorded by 31 December. Meetings, people present and "
        "actions due: those of the year. Actions are counted by their status today; dropped "
        "actions are left out."
    )
    return Table("empowerment-villages", title, columns, rows, note)


def stage_figure(found: dict[int, Standing], village_ids: list[int]) -> Figure | None:
    counts = Counter(found[v].key if v in found else "none" for v in village_ids)
    items = [(str(STAGE_LABELS[key]), float(counts.get(key, 0))) for key in STAGE_KEYS]
    chart = bar_chart(items, lambda v: f"{round(v):d}")
    if chart is None:
        return None
    columns = [Column(_("Stage")), Column(_("Villages"), numeric=True)]
    rows = [
        [text_cell(label), number_cell(counts.get(key, 0))]
        for key, (label, _v) in zip(STAGE_KEYS, items, strict=True)
    ]
    title = _("Villages by stage at the end of the year")
    data = Table("empowerment-stages", title, columns, rows)
    return Figure("empowerment-stages", title, "evaluation/report/_bars_svg.html", chart, data)


def empowerment_blocks(programme: Programme, year: int) -> list[Block]:
    members = programme_villages(programme, year)
    if not members:
        return [empty(_("no village had joined the programme by %(year)s") % {"year": year})]
    ids = [m.village_id for m in members]
    found = standings(ids, year)
    meetings = _meetings(ids, year)
    tallies = meeting_tallies(ids, year)
    actions = _actions(ids, year)
    if not found and not meetings and not actions:
        return [
            empty(
                _("no cycle, meeting or action is recorded in the programme's villages by %(year)s")
                % {"year": year}
            )
        ]
    rows = [
        _row(
            m,
            found.get(m.village_id, Standing()),
            meetings[m.village_id],
            tallies.get(m.village_id, Tally()),
            actions.get(m.village_id, (0, 0)),
        )
        for m in members
    ]
    blocks: list[Block] = [villages_table(rows, year)]
    figure = stage_figure(found, ids)
    if figure is not None:
        blocks.append(figure)
    held = sum(meetings.values())
    due = sum(a[0] for a in actions.values())
    done = sum(a[1] for a in actions.values())
    blocks.insert(
        0,
        Text(
            _(
                "%(villages)s villages; %(held)s meetings held in %(year)s; %(done)s of %(due)s "
                "actions due in the year done."
            )
            % {"villages": len(members), "held": held, "year": year, "done": done, "due": due}
        ),
    )
    return blocks
