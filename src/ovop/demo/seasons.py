"""The demo's buying seasons: how much more a food or a craft product is looked at and asked
for in a month than in an ordinary one, from the real Ramadan calendar.

Food peaks in Ramadan (fast-breaking meals), most of all in its last ten days (hampers and
the trip home before Lebaran), stays above normal in the fortnight of Lebaran visits after
Idul Fitri, and bumps a little at the year-end holidays; crafts are steadier.

1 Ramadan as Indonesia's Ministry of Religious Affairs (Kementerian Agama) set it in its
sidang isbat: 1444 H 23 March 2023, 1445 H 12 March 2024, 1446 H 1 March 2025, 1447 H
19 February 2026 (isbat of 17 February 2026: the hilal was below the horizon, Syakban was
completed to 30 days). From 1448 H on the dates are ESTIMATES: the conjunction computed with
Meeus's new-moon series (Astronomical Algorithms, ch. 49), and 1 Ramadan the day after the
first sunset in western Indonesia (≈ 11:00 UTC) at which the moon is some 13 hours old or
more, a rough stand-in for the MABIMS criterion (altitude 3°, elongation 6.4°); the ministry
may well decide a day later. A year outside the table is estimated from its nearest entry by
whole lunar years (354.367 days), enough for a demo.
"""

from __future__ import annotations

import datetime as dt

#: Gregorian year → 1 Ramadan that year, as Kemenag set it (up to 2026) or estimated (after).
RAMADAN_STARTS = {
    2023: dt.date(2023, 3, 23),  # 1444 H
    2024: dt.date(2024, 3, 12),  # 1445 H
    2025: dt.date(2025, 3, 1),  # 1446 H
    2026: dt.date(2026, 2, 19),  # 1447 H
    2027: dt.date(2027, 2, 8),  # 1448 H, estimate (conjunction 6 Feb 15:56 UTC)
    2028: dt.date(2028, 1, 28),  # 1449 H, estimate (conjunction 26 Jan 15:13 UTC)
    2029: dt.date(2029, 1, 16),  # 1450 H, estimate (conjunction 14 Jan 17:24 UTC)
    2030: dt.date(2030, 1, 6),  # 1451 H, estimate (conjunction 4 Jan 02:49 UTC)
    2031: dt.date(2031, 12, 16),  # 1453 H, estimate (conjunction 14 Dec 09:06 UTC)
    2032: dt.date(2032, 12, 4),  # 1454 H, estimate (conjunction 2 Dec 20:53 UTC)
}
#: 1452 H begins in 2030 too (a lunar year is 11 days shorter than a solar one).
EXTRA_STARTS = (dt.date(2030, 12, 26),)  # estimate (conjunction 24 Dec 2030 17:32 UTC)
LUNAR_YEAR_DAYS = 354.367
RAMADAN_DAYS = 30
#: How much more food is wanted on a day, above an ordinary day's 1.
RAMADAN_EXTRA = 1.4
LAST_TEN_EXTRA = 2.4
LEBARAN_EXTRA = 0.8
LEBARAN_DAYS = 14
YEAR_END_EXTRA = 0.6  # 15–31 December
CRAFT_SHARE = 0.25  # crafts feel a quarter of food's season


def _estimated(year: int) -> list[dt.date]:
    known = min(RAMADAN_STARTS, key=lambda y: abs(y - year))
    start = RAMADAN_STARTS[known]
    years = round((dt.date(year, 6, 1) - start).days / LUNAR_YEAR_DAYS)
    found = []
    for n in (years - 1, years, years + 1):
        day = start + dt.timedelta(days=round(n * LUNAR_YEAR_DAYS))
        if day.year == year:
            found.append(day)
    return found


def ramadan_starts(year: int) -> list[dt.date]:
    """1 Ramadan of every Ramadan that begins in ``year`` (one, two in a year like 2030)."""
    if year in RAMADAN_STARTS:
        return sorted([RAMADAN_STARTS[year], *(d for d in EXTRA_STARTS if d.year == year)])
    return _estimated(year)


def _day_extra(day: dt.date) -> float:
    extra = YEAR_END_EXTRA if (day.month, day.day) >= (12, 15) else 0.0
    for year in (day.year - 1, day.year):
        for start in ramadan_starts(year):
            into = (day - start).days
            if 0 <= into < RAMADAN_DAYS - 10:
                extra += RAMADAN_EXTRA
            elif RAMADAN_DAYS - 10 <= into < RAMADAN_DAYS:
                extra += LAST_TEN_EXTRA
            elif RAMADAN_DAYS <= into < RAMADAN_DAYS + LEBARAN_DAYS:
                extra += LEBARAN_EXTRA
    return extra


def season_factor(month: dt.date, *, food: bool) -> float:
    """How much busier ``month`` (its first day) is than an ordinary month: the mean over its
    days (1 on an ordinary day; crafts feel ``CRAFT_SHARE`` of food's extra)."""
    day, days = month.replace(day=1), []
    while day.month == month.month:
        days.append(_day_extra(day))
        day += dt.timedelta(days=1)
    share = 1.0 if food else CRAFT_SHARE
    return 1.0 + share * sum(days) / len(days)
