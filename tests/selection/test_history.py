"""A selection round's history page: who changed what and why, for those who may read the
round only, in a fixed number of queries."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ovop.accounts.models import User
from ovop.programme.models import Programme
from ovop.regions.models import Region
from ovop.selection import services
from ovop.selection.models import SelectionRound
from tests.conftest import login


def _round(
    officer: User, programme: Programme, village_a: Region, assessor: User
) -> SelectionRound:
    selection_round = services.round_create(
        user=officer,
        programme=programme,
        area=village_a,
        year=2024,
        title="Pilih produk Desa Alfa",
        assessors=[assessor],
        proposed=["Rusip", "Getas"],
    )
    services.round_update(
        user=officer,
        selection_round=selection_round,
        title="Pilih produk unggulan Desa Alfa",
        year=2025,
        assessors=[assessor],
    )
    return selection_round


def test_the_history_shows_who_why_and_old_to_new(
    client: Client,
    officer: User,
    viewer: User,
    programme: Programme,
    village_a: Region,
    assessor: User,
) -> None:
    selection_round = _round(officer, programme, village_a, assessor)
    login(client, viewer)
    url = reverse("selection:history", args=[selection_round.pk])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<td>officer</td>" in page
    assert 'changed <span class="muted">(edited)</span>' in page
    assert "<del>Pilih produk Desa Alfa</del> → <ins>Pilih produk unggulan Desa Alfa</ins>" in page
    assert "<del>2024</del> → <ins>2025</ins>" in page
    assert "<strong>Invited assessors</strong>: <del>—</del> → <ins>assessor</ins>" in page
    assert "Candidate Rusip" in page and "(candidate added)" in page
    entries = response.context["entries"]
    edited = next(e for e in entries if e.reason == "edited")
    assert (edited.who, edited.record) == ("officer", "Round")
    assert [(c.label, c.old, c.new) for c in edited.changes] == [
        ("Title", "Pilih produk Desa Alfa", "Pilih produk unggulan Desa Alfa"),
        ("Year", "2024", "2025"),
    ]
    detail = client.get(reverse("selection:detail", args=[selection_round.pk]))
    assert f'href="{url}"' in detail.content.decode()


def test_an_edit_that_changes_nothing_adds_no_entry(
    officer: User, programme: Programme, village_a: Region, assessor: User
) -> None:
    selection_round = _round(officer, programme, village_a, assessor)
    rows = selection_round.history.count()
    services.round_update(
        user=officer,
        selection_round=selection_round,
        title="Pilih produk unggulan Desa Alfa",
        year=2025,
        assessors=[assessor],
    )
    assert selection_round.history.count() == rows


def test_the_invited_assessor_and_the_villages_facilitator_may_read_it(
    client: Client,
    officer: User,
    facilitator: User,
    programme: Programme,
    village_a: Region,
    assessor: User,
) -> None:
    selection_round = _round(officer, programme, village_a, assessor)
    url = reverse("selection:history", args=[selection_round.pk])
    for reader in (assessor, facilitator):
        login(client, reader)
        assert client.get(url).status_code == 200


def test_refused_to_those_who_may_not_read_the_round(
    client: Client,
    officer: User,
    owner: User,
    programme: Programme,
    village_a: Region,
    assessor: User,
    assessor2: User,
) -> None:
    selection_round = _round(officer, programme, village_a, assessor)
    url = reverse("selection:history", args=[selection_round.pk])
    response = client.get(url)
    assert (response.status_code, response["Location"].startswith("/accounts/login/")) == (
        302,
        True,
    )
    login(client, assessor2)  # not invited: the round's existence is not revealed
    assert client.get(url).status_code == 404
    login(client, owner)
    assert client.get(url).status_code == 403
    login(client, officer)
    assert client.post(url).status_code == 405


def test_the_query_count_does_not_grow(
    client: Client, officer: User, programme: Programme, village_a: Region, assessor: User
) -> None:
    selection_round = _round(officer, programme, village_a, assessor)
    login(client, officer)
    url = reverse("selection:history", args=[selection_round.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for k in range(6):
        services.candidate_add(user=officer, selection_round=selection_round, name=f"Komoditas {k}")
        services.round_update(
            user=officer,
            selection_round=selection_round,
            title=f"Judul {k}",
            year=2024,
            assessors=[assessor] if k % 2 else [],
        )
    assert queries() == few
