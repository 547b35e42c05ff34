# ruff: noqa: F811  (fixtures imported from conftest_delivery are parameters here)
"""The year close page and the output page: what will be locked, the confirmed close, the
writes refused afterwards and an administrator's correction; a certificate recorded on a page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.enterprises.models import Certification, Enterprise
from ovop.planning.choices import ActivityType
from ovop.planning.models import Activity, CostLine, Source
from tests.conftest import login
from tests.planning.conftest_delivery import (  # noqa: F401 - fixtures
    JT,
    activity,
    apbd,
    training_a,
    year,
)

pytestmark = pytest.mark.django_db
CLOSE = reverse("planning:year_close", args=[2026])


def test_the_page_lists_what_will_be_locked_then_closes(
    english_client: Client, officer: User, facilitator: User, training_a: Activity
) -> None:
    login(english_client, facilitator)
    assert english_client.get(CLOSE).status_code == 403
    login(english_client, officer)
    page = english_client.get(CLOSE).content.decode()
    assert "Bimtek Pengemasan" in page and "1 activity still open" in page
    assert "Rp 40,000,000" in page  # not absorbed: nothing spent yet
    english_client.post(CLOSE, {"confirm": "1"})
    training_a.fiscal_year.refresh_from_db()
    assert training_a.fiscal_year.status == "closed"


def test_after_the_close_a_cost_is_refused_but_an_admin_corrects_with_a_reason(
    english_client: Client, officer: User, admin_user: User, training_a: Activity
) -> None:
    login(english_client, officer)
    english_client.post(CLOSE, {"confirm": "1"})
    url = reverse("planning:cost_add", args=[training_a.pk])
    data = {"spent_on": "10/02/2026", "description": "Sewa aula", "amount_idr": "1500000"}
    answer = english_client.post(url, data)
    assert answer.status_code == 200
    assert "Fiscal year 2026 is closed" in answer.content.decode()
    assert CostLine.objects.count() == 0
    login(english_client, admin_user)
    answer = english_client.post(url, {**data, "reason": "Kuitansi terlambat masuk"})
    assert answer.status_code == 302
    line = CostLine.objects.get()
    assert line.history.get().history_change_reason == (
        "Correction after year close: Kuitansi terlambat masuk"
    )


def test_a_certificate_recorded_on_the_page(
    client: Client, facilitator: User, apbd: Source, enterprise_x: Enterprise
) -> None:
    bpom = activity(apbd.fiscal_year, apbd, enterprise_x.village, "BPOM", ActivityType.CERT_BPOM)
    login(client, facilitator)
    data = {
        "kind": "certification",
        "description": "Izin edar BPOM",
        "quantity": "1",
        "enterprise": enterprise_x.pk,
        "delivered_on": "02/06/2026",
        "number": "MD 123456789012",
        "issued_on": "01/06/2026",
    }
    assert client.post(reverse("planning:output_add", args=[bpom.pk]), data).status_code == 302
    certificate = Certification.objects.get()
    assert (certificate.kind, certificate.number) == ("bpom_md", "MD 123456789012")
    assert certificate.issued_on == dt.date(2026, 6, 1)
    assert bpom.outputs.get().certification == certificate
