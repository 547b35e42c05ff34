# ruff: noqa: F811  (fixtures imported from conftest_delivery are parameters here)
"""Participants from the registry, their scores one by one or the whole list, the summary."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ovop.accounts.models import User
from ovop.empowerment.models import Group, Person
from ovop.enterprises.models import Enterprise
from ovop.planning import selectors_delivery, services_participants
from ovop.planning.models import Activity, Participant
from ovop.planning.services_participants import ScoreRow
from tests.factories import EnterpriseFactory
from tests.planning.conftest_delivery import (  # noqa: F401 - fixtures
    apbd,
    group_a,
    group_b,
    training_a,
    year,
)

pytestmark = pytest.mark.django_db


def _person(name: str) -> Person:
    return Person.objects.get(name=name)


def _add_all(user: User, activity: Activity) -> list[Participant]:
    names = ("Siti Aminah", "Rina Lestari", "Budi Santoso")
    return [
        services_participants.participant_add(user=user, activity=activity, person=_person(n))
        for n in names
    ]


def test_add_people_and_an_ikm_owner(
    facilitator: User, training_a: Activity, group_a: Group, enterprise_x: Enterprise, english: None
) -> None:
    siti = services_participants.participant_add(
        user=facilitator, activity=training_a, person=_person("Siti Aminah")
    )
    assert (siti.person.gender, siti.enterprise, siti.attended) == ("female", None, True)
    owner_row = services_participants.participant_add(
        user=facilitator, activity=training_a, enterprise=enterprise_x
    )
    assert owner_row.person.name == "Pak Owner" and owner_row.enterprise == enterprise_x
    with pytest.raises(ValidationError) as refused:
        services_participants.participant_add(
            user=facilitator, activity=training_a, person=_person("Siti Aminah")
        )
    assert list(refused.value.message_dict) == ["person"]
    assert Participant.objects.count() == 2


def test_an_unrecorded_owner_is_created_from_the_registry_name(
    facilitator: User, training_a: Activity, english: None
) -> None:
    ikm = EnterpriseFactory(name="Kerupuk Ika", owner_name="Ibu Ika", village=training_a.village)
    with pytest.raises(ValidationError) as refused:
        services_participants.participant_add(user=facilitator, activity=training_a, enterprise=ikm)
    assert list(refused.value.message_dict) == ["gender"]
    assert not Person.objects.filter(enterprise=ikm).exists()
    row = services_participants.participant_add(
        user=facilitator, activity=training_a, enterprise=ikm, gender="female"
    )
    person = Person.objects.get(enterprise=ikm)
    assert (row.person, person.name, person.gender) == (person, "Ibu Ika", "female")
    assert person.village == training_a.village


def test_an_unrecorded_owner_takes_the_registry_gender_unless_another_is_chosen(
    facilitator: User, training_a: Activity, english: None
) -> None:
    village = training_a.village
    ika = EnterpriseFactory(owner_name="Ibu Ika", owner_gender="female", village=village)
    ali = EnterpriseFactory(owner_name="Ali", owner_gender="female", village=village)
    services_participants.participant_add(user=facilitator, activity=training_a, enterprise=ika)
    services_participants.participant_add(
        user=facilitator, activity=training_a, enterprise=ali, gender="male"
    )
    people = Person.objects.filter(enterprise__in=[ika, ali]).order_by("name")
    assert list(people.values_list("name", "gender")) == [("Ali", "male"), ("Ibu Ika", "female")]


def test_people_of_another_village_are_refused(
    officer: User, training_a: Activity, group_b: Group, enterprise_y: Enterprise, english: None
) -> None:
    with pytest.raises(ValidationError) as refused:
        services_participants.participant_add(
            user=officer, activity=training_a, person=_person("Yanti")
        )
    assert list(refused.value.message_dict) == ["person"]
    with pytest.raises(ValidationError) as refused:
        services_participants.participant_add(
            user=officer, activity=training_a, enterprise=enterprise_y
        )
    assert list(refused.value.message_dict) == ["enterprise"]
    assert Participant.objects.count() == 0


def test_viewer_and_owner_may_not_add(
    viewer: User, owner: User, training_a: Activity, group_a: Group
) -> None:
    for user in (viewer, owner):
        with pytest.raises(PermissionDenied):
            services_participants.participant_add(
                user=user, activity=training_a, person=_person("Siti Aminah")
            )
    assert Participant.objects.count() == 0


def test_whole_list_is_all_or_nothing_and_names_the_bad_row(
    facilitator: User, training_a: Activity, group_a: Group, english: None
) -> None:
    siti, rina, budi = _add_all(facilitator, training_a)
    rows = [
        ScoreRow(siti, True, Decimal("60"), Decimal("85.5")),
        ScoreRow(rina, True, Decimal("70"), Decimal("101")),
        ScoreRow(budi, False, None, None),
    ]
    with pytest.raises(ValidationError) as refused:
        services_participants.participants_record(user=facilitator, activity=training_a, rows=rows)
    assert refused.value.messages == [
        "Rina Lestari: Post-test score: a score is between 0 and 100."
    ]
    assert Participant.objects.filter(pre_score__isnull=False).count() == 0
    rows[1] = ScoreRow(rina, True, Decimal("70"), Decimal("65"))
    saved = services_participants.participants_record(
        user=facilitator, activity=training_a, rows=rows
    )
    assert saved == 3
    summary = selectors_delivery.score_summary(list(training_a.participants.all()))
    assert (summary.female, summary.male, summary.attended, summary.scored) == (2, 1, 2, 2)
    assert summary.mean_pre == Decimal("65.00")
    assert summary.mean_post == Decimal("75.25")
    assert summary.mean_gain == Decimal("10.25")  # (25.5 + -5) / 2
    assert summary.improved == 1


def test_one_score_out_of_range_names_the_field(
    officer: User, training_a: Activity, group_a: Group, english: None
) -> None:
    (siti, *_rest) = _add_all(officer, training_a)
    with pytest.raises(ValidationError) as refused:
        services_participants.participant_update(
            user=officer,
            participant=siti,
            attended=True,
            pre_score=Decimal("-1"),
            post_score=Decimal("90"),
        )
    assert list(refused.value.message_dict) == ["pre_score"]
    siti.refresh_from_db()
    assert siti.pre_score is None and siti.post_score is None
