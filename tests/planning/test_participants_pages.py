# ruff: noqa: F811  (fixtures imported from conftest_delivery are parameters here)
"""Participant pages: adding an IKM's owner, the whole list's scores on one phone page (all or
nothing, "75,5" read as 75.5, the bad row named), and what an owner sees."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.empowerment.models import Group, Person
from ovop.enterprises.models import Enterprise
from ovop.planning.models import Activity, Participant
from tests.conftest import login
from tests.planning.conftest_delivery import (  # noqa: F401 - fixtures
    apbd,
    group_a,
    training_a,
    year,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(training_a: Activity, group_a: Group) -> list[Participant]:
    names = ("Siti Aminah", "Rina Lestari", "Pak Owner")
    return [
        Participant.objects.create(activity=training_a, person=Person.objects.get(name=n))
        for n in names
    ]


def test_add_the_owner_of_an_ikm(
    client: Client,
    facilitator: User,
    training_a: Activity,
    group_a: Group,
    enterprise_x: Enterprise,
) -> None:
    login(client, facilitator)
    url = reverse("planning:participant_add", args=[training_a.pk])
    assert client.post(url, {"enterprise": enterprise_x.pk, "attended": "on"}).status_code == 302
    row = Participant.objects.get()
    assert (row.person.name, row.enterprise) == ("Pak Owner", enterprise_x)


def test_scores_of_the_whole_list(
    client: Client, facilitator: User, training_a: Activity, listed: list[Participant]
) -> None:
    siti, rina, owner_row = listed
    login(client, facilitator)
    url = reverse("planning:participant_scores", args=[training_a.pk])
    page = client.get(url)
    assert page.status_code == 200 and b"<table" not in page.content  # cards on a phone
    bad = {
        f"attended_{siti.pk}": "on",
        f"pre_{siti.pk}": "60",
        f"post_{siti.pk}": "75,5",
        f"attended_{rina.pk}": "on",
        f"pre_{rina.pk}": "70",
        f"post_{rina.pk}": "101",
        f"pre_{owner_row.pk}": "",
        f"post_{owner_row.pk}": "",
    }
    answer = client.post(url, bad)
    assert answer.status_code == 200
    assert "Rina Lestari" in str(answer.context["form"].errors[f"post_{rina.pk}"])
    assert Participant.objects.filter(post_score__isnull=False).count() == 0
    answer = client.post(url, {**bad, f"post_{rina.pk}": "80"})
    assert answer.status_code == 302
    siti.refresh_from_db()
    owner_row.refresh_from_db()
    assert (siti.pre_score, siti.post_score, siti.attended) == (Decimal(60), Decimal("75.5"), True)
    assert owner_row.attended is False and owner_row.pre_score is None
    detail = client.get(reverse("planning:activity_detail", args=[training_a.pk]))
    summary = detail.context["summary"]
    assert (summary.female, summary.male, summary.improved, summary.mean_gain) == (
        2,
        1,
        2,
        Decimal("12.75"),
    )


def test_an_owner_sees_only_their_own_participation(
    client: Client, owner: User, training_a: Activity, listed: list[Participant]
) -> None:
    login(client, owner)
    detail = client.get(reverse("planning:activity_detail", args=[training_a.pk]))
    assert detail.status_code == 200
    assert [p.person.name for p in detail.context["participants"]] == ["Pak Owner"]
    assert detail.context["costs"] == [] and not detail.context["sees_costs"]
    url = reverse("planning:participant_scores", args=[training_a.pk])
    assert client.get(url).status_code == 403
    history = reverse("planning:activity_history", args=[training_a.pk])
    assert client.get(history).status_code == 403
