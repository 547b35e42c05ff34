"""A person's page, edit (name, gender, year of birth) and history."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.empowerment.models import Group, Person
from tests.conftest import login
from tests.refusals import changed, rows


@pytest.mark.django_db
def test_person_page_lists_their_groups(
    client: Client, viewer: User, group_a: Group, settings: Any
) -> None:
    settings.OVOP_YOUTH_AGE_LIMIT = 30
    rina = Person.objects.get(name="Rina Lestari")
    response = login(client, viewer).get(reverse("empowerment:person_detail", args=[rina.pk]))
    assert response.status_code == 200
    assert response.context["age_group"] == "youth"
    assert [m.group for m in response.context["memberships"]] == [group_a]
    assert response.context["can_change"] is False


@pytest.mark.django_db
def test_edit_and_history(english_client: Client, facilitator: User, group_a: Group) -> None:
    rina = Person.objects.get(name="Rina Lestari")
    url = reverse("empowerment:person_edit", args=[rina.pk])
    login(english_client, facilitator)
    assert english_client.get(url).context["form"].initial["birth_year"] == 2001
    response = english_client.post(
        url, {"name": "Rina L.", "gender": "female", "birth_year": "1990"}
    )
    assert response.status_code == 302
    rina.refresh_from_db()
    assert (rina.name, rina.birth_year) == ("Rina L.", 1990)
    history = english_client.get(reverse("empowerment:person_history", args=[rina.pk]))
    changes = {c.field: (c.old, c.new) for c in history.context["entries"][0].changes}
    assert changes == {"name": ("Rina Lestari", "Rina L."), "birth_year": ("2001", "1990")}
    assert history.context["entries"][0].who == str(facilitator)
    # the group's youth count follows the birth year
    detail = english_client.get(group_a.get_absolute_url()).context["detail"]
    assert detail.n_youth == 0


@pytest.mark.django_db
def test_bad_input_names_the_field(english_client: Client, officer: User, group_a: Group) -> None:
    siti = Person.objects.get(name="Siti Aminah")
    url = reverse("empowerment:person_edit", args=[siti.pk])
    before = rows("empowerment")
    errors = (
        login(english_client, officer)
        .post(url, {"name": "", "gender": "other", "birth_year": "1850"})
        .context["form"]
        .errors
    )
    assert errors == {
        "name": ["Name: this field is required."],
        "gender": ["Gender: choose one of the options offered."],
        "birth_year": ["Year of birth: the year must be 1900 or later."],
    }
    assert changed(before, rows("empowerment")) == []
