"""One date format and one decimal separator per language; dates typed as Indonesians write
them are read as day/month/year in both languages."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

MOMENT = dt.datetime(2026, 12, 3, 14, 53, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.mark.parametrize(
    ("language", "date", "moment", "number"),
    [
        ("id", "3 Desember 2026", "3 Desember 2026, 14.53", "0,511"),
        ("en", "3 December 2026", "3 December 2026, 14:53", "0.511"),
    ],
)
def test_one_date_time_and_decimal_format_per_language(
    language: str, date: str, moment: str, number: str
) -> None:
    template = Template(
        "{{ d }}|{{ d|date }}|{{ d|date:'SHORT_DATE_FORMAT' }}|{{ m }}|"
        "{{ m|date:'SHORT_DATETIME_FORMAT' }}|{{ x }}"
    )
    with translation.override(language):
        text = template.render(Context({"d": MOMENT.date(), "m": MOMENT, "x": 0.511}))
    assert text.split("|") == [date, date, date, moment, moment, number]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("typed", ["12/01/2024", "12-01-2024", "2024-01-12"])
def test_a_date_typed_day_first_is_read_day_first(language: str, typed: str) -> None:
    field = forms.DateField()
    with translation.override(language):
        assert field.clean(typed) == dt.date(2024, 1, 12)
