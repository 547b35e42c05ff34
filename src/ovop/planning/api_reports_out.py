"""What the realisation and alerts endpoints answer (the serializers document it; the data are
built from the same figures as the page). Money is whole rupiah; percentages have one decimal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from rest_framework import serializers

from ovop.planning.alerts import Alerts
from ovop.planning.figures_realisation import MonthFigures, Row
from ovop.planning.selectors_realisation import Realisation


def _pct(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class RowOut(serializers.Serializer[Any]):
    key = serializers.CharField(
        read_only=True, help_text="The source's id, the kecamatan's id or the type."
    )
    label = serializers.CharField(read_only=True, allow_blank=True)  # type: ignore[assignment]
    activities = serializers.IntegerField(help_text="Activities counted (all but cancelled).")
    planned_idr = serializers.IntegerField()
    realised_idr = serializers.IntegerField()
    absorption_pct = serializers.FloatField()
    progress_pct = serializers.FloatField(allow_null=True)
    planned = serializers.IntegerField(help_text="Activities planned (not started).")
    in_progress = serializers.IntegerField()
    done = serializers.IntegerField()
    cancelled = serializers.IntegerField()


class MonthOut(serializers.Serializer[Any]):
    month = serializers.IntegerField()
    ends_on = serializers.DateField()
    planned_cumulative_idr = serializers.IntegerField()
    target_pct = serializers.FloatField()
    realised_idr = serializers.IntegerField(allow_null=True)
    realised_cumulative_idr = serializers.IntegerField(allow_null=True)
    absorption_pct = serializers.FloatField(allow_null=True)


class CancelledOut(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    planned_idr = serializers.IntegerField()
    realised_idr = serializers.IntegerField()


class RealisationOut(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    as_at = serializers.DateField()
    by = serializers.CharField(read_only=True)
    total = RowOut()
    rows = RowOut(many=True, help_text="By source, kecamatan or type; empty when by=month.")
    months = MonthOut(many=True, help_text="January to December when by=month, else empty.")
    cancelled = CancelledOut()
    realised_all_idr = serializers.IntegerField(help_text="Cancelled activities included.")


def row_data(row: Row) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "activities": row.activities,
        "planned_idr": row.planned_idr,
        "realised_idr": row.realised_idr,
        "absorption_pct": float(row.absorption_pct),
        "progress_pct": _pct(row.progress_pct),
        **{status: row.count(status) for status in ("planned", "in_progress", "done")},
        "cancelled": row.count("cancelled"),
    }


def month_data(month: MonthFigures) -> dict[str, Any]:
    return {
        "month": month.month,
        "ends_on": month.ends_on.isoformat(),
        "planned_cumulative_idr": month.planned_cumulative_idr,
        "target_pct": float(month.target_pct),
        "realised_idr": month.realised_idr,
        "realised_cumulative_idr": month.realised_cumulative_idr,
        "absorption_pct": _pct(month.absorption_pct),
    }


def realisation_data(figures: Realisation, grouping: str) -> dict[str, Any]:
    by_month = grouping == "month"
    return {
        "year": figures.year,
        "month": figures.month,
        "as_at": figures.as_at.isoformat(),
        "by": grouping,
        "total": row_data(figures.total),
        "rows": [] if by_month else [row_data(r) for r in figures.rows(grouping)],
        "months": [month_data(m) for m in figures.months] if by_month else [],
        "cancelled": {
            "count": len(figures.cancelled),
            "planned_idr": figures.cancelled_planned_idr,
            "realised_idr": figures.cancelled_realised_idr,
        },
        "realised_all_idr": figures.realised_all_idr,
    }


class OverPlanOut(serializers.Serializer[Any]):
    activity_id = serializers.IntegerField()
    title = serializers.CharField(read_only=True)
    planned_idr = serializers.IntegerField()
    realised_idr = serializers.IntegerField()
    over_idr = serializers.IntegerField()
    over_pct = serializers.FloatField()


class OverdueOut(serializers.Serializer[Any]):
    activity_id = serializers.IntegerField()
    title = serializers.CharField(read_only=True)
    ends_on = serializers.DateField()
    status = serializers.CharField(read_only=True)
    days_late = serializers.IntegerField()


class SlowOut(serializers.Serializer[Any]):
    key = serializers.CharField(
        read_only=True, help_text='The source\'s id, or "total" for the whole year.'
    )
    label = serializers.CharField(read_only=True, allow_blank=True)  # type: ignore[assignment]
    planned_idr = serializers.IntegerField()
    realised_idr = serializers.IntegerField()
    months_elapsed = serializers.IntegerField()
    projected_idr = serializers.IntegerField()
    shortfall_idr = serializers.IntegerField()


class AlertsOut(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    as_at = serializers.DateField()
    reference = serializers.DateField(help_text="The day overdue and elapsed months count to.")
    over_plan = OverPlanOut(many=True)
    overdue = OverdueOut(many=True)
    slow_absorption = SlowOut(many=True)


def alerts_data(figures: Realisation, alerts: Alerts) -> dict[str, Any]:
    return {
        "year": figures.year,
        "month": figures.month,
        "as_at": figures.as_at.isoformat(),
        "reference": alerts.reference.isoformat(),
        "over_plan": [
            {
                "activity_id": o.activity.pk,
                "title": o.activity.title,
                "planned_idr": o.activity.planned_idr,
                "realised_idr": o.activity.realised_idr,
                "over_idr": o.over_idr,
                "over_pct": float(o.over_pct),
            }
            for o in alerts.over_plan
        ],
        "overdue": [
            {
                "activity_id": o.activity.pk,
                "title": o.activity.title,
                "ends_on": o.activity.ends_on.isoformat(),
                "status": o.activity.status,
                "days_late": o.days_late,
            }
            for o in alerts.overdue
        ],
        "slow_absorption": [
            {**s.__dict__, "label": s.label or gettext("All sources")} for s in alerts.slow
        ],
    }
