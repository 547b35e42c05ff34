"""Counting public interest in a listing: page views, WhatsApp clicks and marketplace clicks.

One counter row per (listing, month, kind) raised by ``UPDATE … SET n = n + 1``; the row is made
on the month's first count. Nothing about the visitor is stored (no address, no cookie);
requests from obvious robots are not counted (``is_robot``).
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from ovop.catalogue.models import DemandCount, DemandKind

_ROBOT = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|preview|curl|wget|python-|httpclient|"
    r"java/|go-http|libwww|scrapy|headless|lighthouse|monitor",
    re.IGNORECASE,
)


def is_robot(request: HttpRequest) -> bool:
    """True for a request that is not a person's browser by its User-Agent (or has none)."""
    agent = str(request.META.get("HTTP_USER_AGENT", ""))[:500]
    return not agent or bool(_ROBOT.search(agent))


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def count(*, listing_id: int, kind: DemandKind, n: int = 1, day: dt.date | None = None) -> None:
    """Add ``n`` to the listing's counter of ``kind`` in the month of ``day`` (today)."""
    month = month_of(day or timezone.localdate())
    rows = DemandCount.objects.filter(listing_id=listing_id, month=month, kind=kind)
    if rows.update(n=F("n") + n):
        return
    try:
        with transaction.atomic():
            DemandCount.objects.create(listing_id=listing_id, month=month, kind=kind, n=n)
    except IntegrityError:  # another request made the row meanwhile
        rows.update(n=F("n") + n)
