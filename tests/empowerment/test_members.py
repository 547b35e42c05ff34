"""Adding, editing and removing group members: the three ways and every refusal."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.empowerment import services_groups
from ovop.empowerment.choices import Gender
from ovop.empowerment.models import Group, GroupKind, MemberRole, Membership, Person
from ovop.enterprises.models import Enterprise
from ovop.regions.models import Region
from tests.conftest import login
from tests.factories import EnterpriseFactory
from tests.refusals import changed, rows


def _ikm(**fields: Any) -> Enterprise:
    return EnterpriseFactory(**fields)  # type: ignore[no-untyped-call,return-value]


def _add(group: Group) -> str:
    return reverse("empowerment:member_add", args=[group.pk])


@pytest.fixture
def second_group(village_a: Region) -> Group:
    return Group.objects.create(name="KWT Melati", kind=GroupKind.WOMEN, village=village_a)


@pytest.mark.django_db
class TestThreeWays:
    def test_pick_a_person_already_recorded(
        self, client: Client, facilitator: User, group_a: Group, second_group: Group
    ) -> None:
        siti = Person.objects.get(name="Siti Aminah")
        response = login(client, facilitator).post(
            _add(second_group), {"person": siti.pk, "role": "chair"}
        )
        assert response.status_code == 302
        membership = Membership.objects.get(group=second_group)
        assert (membership.person, membership.role) == (siti, "chair")
        # one person, two groups
        assert siti.memberships.count() == 2
        assert Person.objects.filter(name="Siti Aminah").count() == 1

    def test_pick_an_ikm_whose_owner_is_recorded_reuses_the_person(
        self,
        client: Client,
        facilitator: User,
        group_a: Group,
        second_group: Group,
        enterprise_x: Enterprise,
    ) -> None:
        people = Person.objects.count()
        response = login(client, facilitator).post(
            _add(second_group), {"enterprise": enterprise_x.pk, "role": "member"}
        )
        assert response.status_code == 302
        membership = Membership.objects.get(group=second_group)
        assert membership.person.name == "Pak Owner"
        assert Person.objects.count() == people

    def test_pick_an_ikm_not_recorded_creates_its_owner(
        self, client: Client, facilitator: User, second_group: Group, village_a: Region
    ) -> None:
        ikm = _ikm(village=village_a, name="Kerupuk Alfa", owner_name="Bu Ani")
        data = {
            "enterprise": ikm.pk,
            "gender": "female",
            "birth_year": "1999",
            "role": "member",
            "name": "",
        }
        response = login(client, facilitator).post(_add(second_group), data)
        assert response.status_code == 302
        person = Person.objects.get(enterprise=ikm)
        assert (person.name, person.gender, person.birth_year) == ("Bu Ani", "female", 1999)
        assert person.village == village_a
        assert person.history.get().history_user == facilitator

    def test_ikm_owner_needs_a_gender_the_first_time(
        self, english_client: Client, facilitator: User, second_group: Group, village_a: Region
    ) -> None:
        ikm = _ikm(village=village_a, name="Kerupuk Alfa", owner_name="Bu Ani")
        before = rows("empowerment")
        response = login(english_client, facilitator).post(
            _add(second_group), {"enterprise": ikm.pk, "role": "member"}
        )
        assert response.context["form"].errors["gender"] == [
            "Gender: choose the gender of Bu Ani, the owner of the IKM."
        ]
        assert changed(before, rows("empowerment")) == []

    def test_ikm_owner_takes_the_gender_the_registry_records(
        self, client: Client, facilitator: User, second_group: Group, village_a: Region
    ) -> None:
        ikm = _ikm(
            village=village_a, name="Kerupuk Alfa", owner_name="Bu Ani", owner_gender="female"
        )
        response = login(client, facilitator).post(
            _add(second_group), {"enterprise": ikm.pk, "role": "member"}
        )
        assert response.status_code == 302
        assert Person.objects.get(enterprise=ikm).gender == "female"

    def test_type_a_new_person(
        self, client: Client, facilitator: User, group_a: Group, village_a: Region
    ) -> None:
        data = {
            "name": "  Dewi Sartika ",
            "gender": "female",
            "birth_year": "",
            "role": "secretary",
        }
        response = login(client, facilitator).post(_add(group_a), data)
        assert response.status_code == 302
        dewi = Person.objects.get(name="Dewi Sartika")
        assert (dewi.village, dewi.birth_year, dewi.enterprise) == (village_a, None, None)
        assert Membership.objects.get(person=dewi).role == "secretary"
        detail = client.get(group_a.get_absolute_url()).context["detail"]
        assert (detail.n_members, detail.n_women) == (5, 3)
        assert [r.age_group for r in detail.members if r.membership.person == dewi] == ["unknown"]

    def test_form_offers_only_the_village(
        self,
        client: Client,
        facilitator: User,
        group_a: Group,
        group_b: Group,
        enterprise_x: Enterprise,
    ) -> None:
        form = login(client, facilitator).get(_add(group_a)).context["form"]
        assert "Yanti" not in {p.name for p in form.fields["person"].queryset}
        assert list(form.fields["enterprise"].queryset) == [enterprise_x]


@pytest.mark.django_db
class TestRefusals:
    def test_person_of_another_village(
        self, english_client: Client, officer: User, group_a: Group, group_b: Group
    ) -> None:
        yanti = Person.objects.get(name="Yanti")
        before = rows("empowerment")
        response = login(english_client, officer).post(
            _add(group_a), {"person": yanti.pk, "role": "member"}
        )
        assert response.context["form"].errors["person"] == [
            "Person: choose one of the people of Desa Alfa."
        ]
        assert changed(before, rows("empowerment")) == []

    def test_person_of_another_village_in_the_service(
        self, officer: User, group_a: Group, group_b: Group, english: None
    ) -> None:
        yanti = Person.objects.get(name="Yanti")
        with pytest.raises(ValidationError) as error:
            services_groups.member_add(user=officer, group=group_a, person=yanti)
        assert error.value.message_dict == {
            "person": ["Person: Yanti is not recorded in Desa Alfa."]
        }

    def test_enterprise_of_another_village(
        self,
        english_client: Client,
        officer: User,
        group_a: Group,
        enterprise_y: Enterprise,
        english: None,
    ) -> None:
        before = rows("empowerment")
        response = login(english_client, officer).post(
            _add(group_a), {"enterprise": enterprise_y.pk, "gender": "female", "role": "member"}
        )
        assert response.context["form"].errors["enterprise"] == [
            "IKM: choose one of the IKM of Desa Alfa."
        ]
        with pytest.raises(ValidationError) as error:
            services_groups.member_add(
                user=officer, group=group_a, enterprise=enterprise_y, gender="female"
            )
        assert error.value.message_dict == {
            "enterprise": ["IKM: “Rusip Beta” is not an active IKM of Desa Alfa."]
        }
        assert changed(before, rows("empowerment")) == []

    def test_already_an_active_member(
        self, english_client: Client, facilitator: User, group_a: Group, enterprise_x: Enterprise
    ) -> None:
        siti = Person.objects.get(name="Siti Aminah")
        login(english_client, facilitator)
        before = rows("empowerment")
        errors = (
            english_client.post(_add(group_a), {"person": siti.pk, "role": "member"})
            .context["form"]
            .errors
        )
        assert errors["person"] == [
            "Person: Siti Aminah is already a member of Kelompok Madu Pelawan."
        ]
        errors = (
            english_client.post(_add(group_a), {"enterprise": enterprise_x.pk, "role": "member"})
            .context["form"]
            .errors
        )
        assert errors["enterprise"] == [
            "IKM: Pak Owner is already a member of Kelompok Madu Pelawan."
        ]
        assert changed(before, rows("empowerment")) == []

    def test_none_or_two_ways_at_once(
        self, english_client: Client, facilitator: User, group_a: Group, second_group: Group
    ) -> None:
        siti = Person.objects.get(name="Siti Aminah")
        login(english_client, facilitator)
        before = rows("empowerment")
        message = [
            "Person: choose a person of the village, or an IKM, or type a new name "
            "(one of the three)."
        ]
        errors = english_client.post(_add(second_group), {"role": "member"}).context["form"].errors
        assert errors["person"] == message
        data = {"person": siti.pk, "name": "Siti Lain", "gender": "female", "role": "member"}
        errors = english_client.post(_add(second_group), data).context["form"].errors
        assert errors["person"] == message
        assert changed(before, rows("empowerment")) == []

    def test_new_person_without_gender_or_with_bad_year(
        self, english_client: Client, facilitator: User, group_a: Group
    ) -> None:
        login(english_client, facilitator)
        before = rows("empowerment")
        errors = (
            english_client.post(_add(group_a), {"name": "Dewi", "role": "member"})
            .context["form"]
            .errors
        )
        assert errors["gender"] == ["Gender: choose the new member's gender."]
        data = {"name": "Dewi", "gender": "female", "birth_year": "19x5", "role": "member"}
        errors = english_client.post(_add(group_a), data).context["form"].errors
        assert errors["birth_year"] == ["Year of birth: type a year of four digits, such as 1985."]
        data["birth_year"], data["role"] = "2101", "boss"
        errors = english_client.post(_add(group_a), data).context["form"].errors
        assert errors["birth_year"] == ["Year of birth: the year must be 2100 or earlier."]
        assert errors["role"] == ["Role in the group: choose one of the options offered."]
        assert changed(before, rows("empowerment")) == []

    def test_service_refuses_a_user_of_another_village(
        self, facilitator: User, group_b: Group
    ) -> None:
        before = rows("empowerment")
        with pytest.raises(PermissionDenied):
            services_groups.member_add(user=facilitator, group=group_b, name="X", gender="male")
        assert changed(before, rows("empowerment")) == []


@pytest.mark.django_db
class TestRemoveEdit:
    def test_remove_is_confirmed_and_archives(
        self, client: Client, facilitator: User, group_a: Group
    ) -> None:
        rina = Membership.objects.get(person__name="Rina Lestari")
        url = reverse("empowerment:member_remove", args=[rina.pk])
        login(client, facilitator)
        before = rows("empowerment")
        page = client.post(url)
        assert page.status_code == 200 and b'name="confirm"' in page.content
        assert changed(before, rows("empowerment")) == []
        assert client.post(url, {"confirm": "1", "reason": "Pindah"}).status_code == 302
        rina.refresh_from_db()
        assert rina.archived_at is not None
        assert rina.history.first().history_change_reason == "Pindah"
        detail = client.get(group_a.get_absolute_url()).context["detail"]
        assert (detail.n_members, detail.n_youth) == (3, 0)
        assert [m.person.name for m in detail.former] == ["Rina Lestari"]

    def test_adding_again_restores_the_membership(
        self, client: Client, facilitator: User, group_a: Group
    ) -> None:
        rina = Membership.objects.get(person__name="Rina Lestari")
        Membership.objects.filter(pk=rina.pk).update(archived_at="2026-01-01T00:00Z")
        response = login(client, facilitator).post(
            _add(group_a), {"person": rina.person_id, "role": "treasurer"}
        )
        assert response.status_code == 302
        rina.refresh_from_db()
        assert (rina.archived_at, rina.role) == (None, "treasurer")
        assert Membership.objects.filter(person=rina.person_id).count() == 1

    def test_restore_button_adds_again(
        self, client: Client, facilitator: User, group_a: Group
    ) -> None:
        rina = Membership.objects.get(person__name="Rina Lestari")
        Membership.objects.filter(pk=rina.pk).update(archived_at="2026-01-01T00:00Z")
        url = reverse("empowerment:member_restore", args=[rina.pk])
        assert login(client, facilitator).post(url).status_code == 302
        rina.refresh_from_db()
        assert rina.archived_at is None

    def test_change_role(self, client: Client, facilitator: User, group_a: Group) -> None:
        budi = Membership.objects.get(person__name="Budi Santoso")
        url = reverse("empowerment:member_edit", args=[budi.pk])
        login(client, facilitator)
        assert client.get(url).context["form"].initial["role"] == "treasurer"
        assert client.post(url, {"role": "chair", "joined_year": "2019"}).status_code == 302
        budi.refresh_from_db()
        assert (budi.role, budi.joined_year) == (MemberRole.CHAIR, 2019)
        assert budi.history.first().history_user == facilitator

    def test_role_of_a_former_member_is_refused(
        self, officer: User, group_a: Group, english: None
    ) -> None:
        rina = Membership.objects.get(person__name="Rina Lestari")
        services_groups.member_remove(user=officer, membership=rina)
        with pytest.raises(ValidationError) as error:
            services_groups.member_update(user=officer, membership=rina, role="chair")
        assert error.value.message_dict == {"role": ["Role: Rina Lestari has left the group."]}


def test_person_unique_per_enterprise_is_kept(
    db: None, officer: User, group_a: Group, village_a: Region, enterprise_x: Enterprise
) -> None:
    """Adding the owner of enterprise X to a second group reuses the one person."""
    other = Group.objects.create(
        name="Koperasi Alfa", kind=GroupKind.COOPERATIVE, village=village_a
    )
    membership = services_groups.member_add(
        user=officer, group=other, enterprise=enterprise_x, gender=Gender.FEMALE
    )
    assert membership.person.gender == Gender.MALE  # the recorded person, unchanged
    assert Person.objects.filter(enterprise=enterprise_x).count() == 1
