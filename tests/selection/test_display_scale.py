"""Words the selection pages show (issue 9): a criterion on the 1-to-5 scale had the header
"1-5, 1–5" on the scores page, and a designation made by a round read "selection round 3" on
Indonesian pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.programme import services as programme_services
from ovop.programme.models import Designation, Programme, ProgrammeVillage
from ovop.regions.models import Region
from ovop.selection.models import SelectionRound
from tests.conftest import login
from tests.selection.conftest import make_round


def _indonesian(client: Client) -> Client:
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)  # the conftest asks for English
    return client


def _round(
    officer: User, programme: Programme, village_a: Region, products: list[Product]
) -> SelectionRound:
    return make_round(
        officer=officer,
        programme=programme,
        area=village_a,
        criteria=[("Kualitas", 1, 5), ("Harga jual", 0, 10)],
        candidates=products[:2],
        assessors=[],
    )


def test_the_scores_header_names_a_1_to_5_scale_once(
    client: Client,
    officer: User,
    programme: Programme,
    village_a: Region,
    products: list[Product],
) -> None:
    selection_round = _round(officer, programme, village_a, products)
    page = login(_indonesian(client), officer).get(
        reverse("selection:scores", args=[selection_round.pk])
    )
    html = page.content.decode()
    assert "1-5, 1–5" not in html
    assert 'Kualitas<br><span class="muted">1–5</span>' in html
    assert 'Harga jual<br><span class="muted">points, 0–10</span>' in html


def test_the_criteria_table_says_score_for_a_unit_that_only_restates_the_range(
    client: Client,
    officer: User,
    programme: Programme,
    village_a: Region,
    products: list[Product],
) -> None:
    selection_round = _round(officer, programme, village_a, products)
    page = login(_indonesian(client), officer).get(
        reverse("selection:detail", args=[selection_round.pk])
    )
    html = page.content.decode()
    assert '<td>skor</td><td class="num">1–5</td>' in html
    assert '<td>points</td><td class="num">0–10</td>' in html


@dataclass(frozen=True)
class _Decision:
    pk: int
    round_id: int
    decided_by: User


def test_a_designation_by_a_round_is_named_in_the_readers_language(
    client: Client, officer: User, membership_a: ProgrammeVillage, product_x: Product
) -> None:
    designation = programme_services.designation_decide(
        decision=_Decision(pk=7, round_id=3, decided_by=officer),
        membership=membership_a,
        year=2024,
        product=product_x,
    )
    assert designation.note == "selection round 3"  # stored as the service writes it
    url = reverse("programme:designation", args=[membership_a.programme_id, membership_a.pk])
    html = login(_indonesian(client), officer).get(url).content.decode()
    assert "<td>putaran pemilihan 3</td>" in html and "<td>selection round 3</td>" not in html
    village = client.get(f"/regions/{membership_a.village.code}/").content.decode()
    assert "<td>putaran pemilihan 3</td>" in village and "selection round 3" not in village
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "<td>selection round 3</td>" in client.get(url).content.decode()
    typed = Designation(note="chosen at the village meeting")
    assert typed.note_label == "chosen at the village meeting"
