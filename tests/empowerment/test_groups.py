"""Group pages: list (scope, filters, counts, query count), create, edit, archive, history."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.empowerment.choices import Gender
from ovop.empowerment.models import Group, GroupKind, Membership, Person
from ovop.enterprises.models import Enterprise
from ovop.regions.models import Region
from tests.conftest import login
from tests.factories import EnterpriseFactory
from tests.refusals import changed, rows

LIST = reverse("empowerment:group_list")
CREATE = reverse("empowerment:group_create")


def _names(response: Any) -> list[str]:
    return [row.group.name for row in response.context["rows"]]


@pytest.fixture
def more_groups(village_a: Region, village_b: Region) -> list[Group]:
    return [
        Group.objects.create(name="KWT Melati", kind=GroupKind.WOMEN, village=village_a),
        Group.objects.create(name="Karang Taruna Beta", kind=GroupKind.YOUTH, village=village_b),
    ]


@pytest.mark.django_db
class TestList:
    def test_officer_sees_every_group_with_counts(
        self, client: Client, officer: User, group_a: Group, group_b: Group, settings: Any
    ) -> None:
        settings.OVOP_YOUTH_AGE_LIMIT = 30
        response = login(client, officer).get(LIST)
        assert response.status_code == 200
        by_name = {row.group.name: row for row in response.context["rows"]}
        assert sorted(by_name) == ["KWT Rusip Bahari", "Kelompok Madu Pelawan"]
        row = by_name["Kelompok Madu Pelawan"]
        # Siti F 1980, Rina F 2001 (youth), Budi M 1975, Pak Owner M 1970
        assert (row.members, row.women, row.youth) == (4, 2, 1)
        assert (row.women_pct, row.youth_pct) == (50, 25)
        assert by_name["KWT Rusip Bahari"].members == 1
        assert "50&nbsp;%" in response.content.decode()

    def test_youth_cut_off_setting_changes_the_youth_count(
        self, client: Client, officer: User, group_a: Group, settings: Any
    ) -> None:
        login(client, officer)
        settings.OVOP_YOUTH_AGE_LIMIT = 30
        assert client.get(LIST).context["rows"][0].youth == 1
        settings.OVOP_YOUTH_AGE_LIMIT = 60  # Siti (1980), Budi (1975) and Pak Owner (1970) too
        assert client.get(LIST).context["rows"][0].youth == 4
        settings.OVOP_YOUTH_AGE_LIMIT = 15
        assert client.get(LIST).context["rows"][0].youth == 0

    def test_archived_membership_is_not_counted(
        self, client: Client, officer: User, group_a: Group
    ) -> None:
        Membership.objects.filter(person__name="Rina Lestari").update(
            archived_at="2026-01-01T00:00Z"
        )
        row = login(client, officer).get(LIST).context["rows"][0]
        assert (row.members, row.women, row.youth) == (3, 1, 0)

    def test_facilitator_sees_own_villages_only(
        self, client: Client, facilitator: User, group_a: Group, group_b: Group, more_groups: Any
    ) -> None:
        response = login(client, facilitator).get(LIST)
        assert _names(response) == ["KWT Melati", "Kelompok Madu Pelawan"]

    def test_owner_sees_groups_they_belong_to(
        self,
        client: Client,
        owner: User,
        owner2: User,
        group_a: Group,
        group_b: Group,
        more_groups: Any,
    ) -> None:
        assert _names(login(client, owner).get(LIST)) == ["Kelompok Madu Pelawan"]
        assert _names(login(client, owner2).get(LIST)) == ["KWT Rusip Bahari"]

    def test_owner_with_two_enterprises_in_one_group_sees_it_once(
        self, client: Client, owner: User, group_a: Group, village_a: Region
    ) -> None:
        second: Enterprise = EnterpriseFactory(  # type: ignore[no-untyped-call,assignment]
            village=village_a, account=owner, name="Getas Dua"
        )
        person = Person.objects.create(
            village=village_a, name="Bu Owner", gender=Gender.FEMALE, enterprise=second
        )
        Membership.objects.create(group=group_a, person=person)
        response = login(client, owner).get(LIST)
        assert _names(response) == ["Kelompok Madu Pelawan"]
        assert response.context["rows"][0].members == 5

    def test_viewer_sees_all_and_cannot_create(
        self, client: Client, viewer: User, group_a: Group, group_b: Group
    ) -> None:
        response = login(client, viewer).get(LIST)
        assert len(_names(response)) == 2
        assert response.context["can_create"] is False
        assert CREATE not in response.content.decode()

    def test_filters(
        self,
        client: Client,
        officer: User,
        group_a: Group,
        group_b: Group,
        more_groups: Any,
        village_a: Region,
    ) -> None:
        login(client, officer)
        assert _names(client.get(LIST, {"q": "madu"})) == ["Kelompok Madu Pelawan"]
        assert _names(client.get(LIST, {"kind": "youth"})) == ["Karang Taruna Beta"]
        kecamatan_a = village_a.parent.code  # type: ignore[union-attr]
        assert _names(client.get(LIST, {"kecamatan": kecamatan_a})) == [
            "KWT Melati",
            "Kelompok Madu Pelawan",
        ]
        assert _names(client.get(LIST, {"village": "99.01.02.2001"})) == [
            "KWT Rusip Bahari",
            "Karang Taruna Beta",
        ]

    def test_kecamatan_narrows_the_village_choices(
        self, client: Client, officer: User, group_a: Group, group_b: Group, village_a: Region
    ) -> None:
        kecamatan_a = village_a.parent.code  # type: ignore[union-attr]
        response = login(client, officer).get(LIST, {"kecamatan": kecamatan_a})
        offered = list(response.context["form"].fields["village"].queryset)
        assert offered == [village_a]
        # a village of another kecamatan is not accepted with it
        response = client.get(LIST, {"kecamatan": kecamatan_a, "village": "99.01.02.2001"})
        assert len(_names(response)) == 1

    def test_archived_filter(
        self, client: Client, officer: User, group_a: Group, group_b: Group
    ) -> None:
        Group.objects.filter(pk=group_b.pk).update(archived_at="2026-01-01T00:00Z")
        login(client, officer)
        assert _names(client.get(LIST)) == ["Kelompok Madu Pelawan"]
        assert _names(client.get(LIST, {"active": "archived"})) == ["KWT Rusip Bahari"]
        assert len(_names(client.get(LIST, {"active": "all"}))) == 2

    def test_pagination(self, client: Client, officer: User, village_a: Region) -> None:
        for i in range(30):
            Group.objects.create(name=f"Kelompok {i:02}", kind=GroupKind.IKM, village=village_a)
        login(client, officer)
        assert len(client.get(LIST).context["rows"]) == 25
        assert len(client.get(LIST, {"page": 2}).context["rows"]) == 5

    def test_query_count_is_bounded(
        self,
        client: Client,
        officer: User,
        village_a: Region,
        django_assert_max_num_queries: Any,
    ) -> None:
        for i in range(20):
            group = Group.objects.create(name=f"G{i}", kind=GroupKind.IKM, village=village_a)
            for j in range(3):
                person = Person.objects.create(
                    village=village_a, name=f"P{i}-{j}", gender=Gender.FEMALE, birth_year=2000
                )
                Membership.objects.create(group=group, person=person)
        login(client, officer)
        with django_assert_max_num_queries(9):
            response = client.get(LIST)
        assert len(response.context["rows"]) == 20
        assert response.context["rows"][0].members == 3

    def test_phone_layout_markup(self, client: Client, officer: User, group_a: Group) -> None:
        html = login(client, officer).get(LIST).content.decode()
        assert '<table class="stack">' in html
        assert '<details class="fold">' in html
        assert 'data-label="' in html


@pytest.mark.django_db
class TestCreateEdit:
    def test_facilitator_creates_a_group_in_their_village(
        self, client: Client, facilitator: User, village_a: Region
    ) -> None:
        data = {
            "name": " KWT Mawar ",
            "kind": "women",
            "village": village_a.pk,
            "founded_year": "2015",
            "note": "Rusip",
        }
        response = login(client, facilitator).post(CREATE, data)
        group = Group.objects.get(name="KWT Mawar")
        assert response.status_code == 302
        assert response["Location"] == group.get_absolute_url()
        assert (group.kind, group.village, group.founded_year) == ("women", village_a, 2015)
        version = group.history.get()
        assert (version.history_user, version.history_change_reason) == (facilitator, "created")

    def test_village_choices_are_the_users_villages(
        self, client: Client, facilitator: User, village_a: Region, village_b: Region
    ) -> None:
        response = login(client, facilitator).get(CREATE)
        assert list(response.context["form"].fields["village"].queryset) == [village_a]

    def test_facilitator_cannot_create_in_another_village(
        self, client: Client, facilitator: User, village_b: Region, english_client: Client
    ) -> None:
        before = rows("empowerment")
        data = {"name": "KWT X", "kind": "women", "village": village_b.pk}
        response = login(english_client, facilitator).post(CREATE, data)
        assert response.status_code == 200
        assert response.context["form"].errors["village"] == [
            "Village: choose one of the villages offered."
        ]
        assert changed(before, rows("empowerment")) == []

    def test_bad_input_is_named_in_english(
        self, english_client: Client, officer: User, village_a: Region, group_a: Group
    ) -> None:
        login(english_client, officer)
        before = rows("empowerment")
        data = {
            "name": "kelompok madu pelawan",
            "kind": "ikm",
            "village": village_a.pk,
            "founded_year": "12",
        }
        errors = english_client.post(CREATE, data).context["form"].errors
        assert errors["founded_year"] == ["Year founded: the year must be 1900 or later."]
        data["founded_year"] = ""
        errors = english_client.post(CREATE, data).context["form"].errors
        assert errors["name"] == [
            "Group name: Desa Alfa already has a group called “kelompok madu pelawan”."
        ]
        errors = english_client.post(CREATE, {"kind": "club"}).context["form"].errors
        assert errors["name"] == ["Group name: this field is required."]
        assert errors["kind"] == ["Kind of group: choose one of the options offered."]
        assert changed(before, rows("empowerment")) == []

    def test_bad_input_is_named_in_indonesian(
        self, client: Client, facilitator: User, village_b: Region
    ) -> None:
        login(client, facilitator)
        data = {"name": "KWT X", "kind": "ikm", "village": village_b.pk}
        errors = client.post(CREATE, data).context["form"].errors
        assert errors["village"] == ["Desa: pilih salah satu desa yang tersedia."]
        assert not Group.objects.exists()

    def test_edit(self, client: Client, facilitator: User, group_a: Group) -> None:
        url = reverse("empowerment:group_edit", args=[group_a.pk])
        login(client, facilitator)
        assert client.get(url).context["form"].initial["name"] == "Kelompok Madu Pelawan"
        data = {"name": "Kelompok Madu", "kind": "cooperative", "village": group_a.village_id}
        assert client.post(url, data).status_code == 302
        group_a.refresh_from_db()
        assert (group_a.name, group_a.kind) == ("Kelompok Madu", "cooperative")
        assert group_a.history.first().history_change_reason == "edited"

    def test_a_group_with_members_does_not_move(
        self, english_client: Client, officer: User, group_a: Group, village_b: Region
    ) -> None:
        url = reverse("empowerment:group_edit", args=[group_a.pk])
        before = rows("empowerment")
        data = {"name": group_a.name, "kind": "ikm", "village": village_b.pk}
        errors = login(english_client, officer).post(url, data).context["form"].errors
        assert errors["village"] == [
            "Village: the group has members, cycles or meetings in Desa Alfa, so it cannot "
            "move to another village."
        ]
        assert changed(before, rows("empowerment")) == []


@pytest.mark.django_db
class TestArchiveHistory:
    def test_archive_asks_to_confirm_then_archives(
        self, client: Client, facilitator: User, group_a: Group
    ) -> None:
        url = reverse("empowerment:group_archive", args=[group_a.pk])
        login(client, facilitator)
        before = rows("empowerment")
        page = client.post(url)
        assert page.status_code == 200
        assert b'name="confirm"' in page.content
        assert changed(before, rows("empowerment")) == []
        response = client.post(url, {"confirm": "1", "reason": "Bubar"})
        assert response.status_code == 302
        group_a.refresh_from_db()
        assert group_a.archived_at is not None
        assert group_a.history.first().history_change_reason == "Bubar"
        # archived: no longer listed, members cannot be added
        assert _names(client.get(LIST)) == []
        add = reverse("empowerment:member_add", args=[group_a.pk])
        response = client.post(add, {"name": "Baru", "gender": "male", "role": "member"})
        assert response.status_code == 200
        assert not Person.objects.filter(name="Baru").exists()

    def test_restore(self, client: Client, officer: User, group_a: Group) -> None:
        Group.objects.filter(pk=group_a.pk).update(archived_at="2026-01-01T00:00Z")
        url = reverse("empowerment:group_restore", args=[group_a.pk])
        assert login(client, officer).post(url).status_code == 302
        group_a.refresh_from_db()
        assert group_a.archived_at is None
        # restoring again is refused with a message, nothing written
        before = rows("empowerment")
        response = client.post(url, follow=True)
        assert "tidak diarsipkan" in response.content.decode()
        assert changed(before, rows("empowerment")) == []

    def test_history_shows_group_and_member_changes(
        self, english_client: Client, facilitator: User, group_a: Group
    ) -> None:
        login(english_client, facilitator)
        english_client.post(
            reverse("empowerment:group_edit", args=[group_a.pk]),
            {"name": "Kelompok Madu", "kind": "ikm", "village": group_a.village_id},
        )
        english_client.post(
            reverse("empowerment:member_add", args=[group_a.pk]),
            {"name": "Dewi", "gender": "female", "role": "secretary"},
        )
        response = english_client.get(reverse("empowerment:group_history", args=[group_a.pk]))
        assert response.status_code == 200
        entries = response.context["entries"]
        assert entries[0].record == "Dewi"
        assert [c.new for c in entries[0].changes if c.field == "role"] == ["Secretary"]
        assert any(
            c.old == "Kelompok Madu Pelawan" and c.new == "Kelompok Madu"
            for e in entries
            for c in e.changes
        )


@pytest.mark.django_db
class TestDetail:
    def test_members_counts_and_links(
        self,
        client: Client,
        facilitator: User,
        group_a: Group,
        cycle_a: Any,
        settings: Any,
        enterprise_x: Any,
    ) -> None:
        settings.OVOP_YOUTH_AGE_LIMIT = 30
        response = login(client, facilitator).get(group_a.get_absolute_url())
        detail = response.context["detail"]
        assert (detail.n_members, detail.n_women, detail.n_youth) == (4, 2, 1)
        ages = {r.membership.person.name: r.age_group for r in detail.members}
        assert ages == {
            "Budi Santoso": "adult",
            "Pak Owner": "adult",
            "Rina Lestari": "youth",
            "Siti Aminah": "adult",
        }
        html = response.content.decode()
        assert reverse("empowerment:cycle_detail", args=[cycle_a.pk]) in html
        assert f"{reverse('empowerment:cycle_open')}?group={group_a.pk}" in html
        assert f"{reverse('empowerment:meeting_create')}?group={group_a.pk}" in html
        assert enterprise_x.get_absolute_url() in html

    def test_youth_cut_off_changes_the_detail(
        self, client: Client, officer: User, group_a: Group, settings: Any
    ) -> None:
        settings.OVOP_YOUTH_AGE_LIMIT = 60
        detail = login(client, officer).get(group_a.get_absolute_url()).context["detail"]
        assert detail.n_youth == 4
        assert detail.youth_limit == 60

    def test_owner_reads_without_change_buttons(
        self, client: Client, owner: User, group_a: Group
    ) -> None:
        response = login(client, owner).get(group_a.get_absolute_url())
        assert response.status_code == 200
        assert response.context["can_change"] is False
        assert reverse("empowerment:member_add", args=[group_a.pk]) not in response.content.decode()
