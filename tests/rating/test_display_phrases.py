"""Odd Indonesian phrases of the rating pages (issue 9): a group worth no points said "paling
banyak 0 poin" and the options of a condition said "Ya (0 poin)"."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import translation

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.rating import services
from ovop.rating.definition import scheme_view
from ovop.rating.forms import AssessmentForm, item_field
from ovop.rating.models import Assessment, RatingScheme
from tests.conftest import login
from tests.rating.helpers import v1_in_use


def _choices(scheme: RatingScheme, item: str, language: str) -> list[str]:
    with translation.override(language):
        form = AssessmentForm(view=scheme_view(scheme, language))
        return [str(label) for _id, label in form.fields[item_field(item)].choices]


def test_a_condition_worth_no_points_offers_its_options_without_points(
    schemes: dict[str, RatingScheme],
) -> None:
    v1 = RatingScheme.objects.get(code="kemenperin-ovop", version=1)
    assert _choices(v1, "l_nib", "id") == ["Tidak", "Ya"]
    assert _choices(v1, "l_nib", "en") == ["No", "Yes"]


def test_scored_options_say_their_points_in_the_readers_language(
    kemenperin: RatingScheme, ocop: RatingScheme
) -> None:
    # "1 poin" comes with this change's translations; "%(n)s points" was translated before
    assert _choices(kemenperin, "a1_material", "id")[1:] == [
        "Lokal 80% atau lebih (2 poin)",
        "Seluruhnya lokal (3 poin)",
    ]
    assert _choices(kemenperin, "a1_material", "en") == [
        "Less than 80% local (1 point)",
        "80% or more local (2 points)",
        "All local (3 points)",
    ]
    # in a scored item an option worth nothing still says so
    assert _choices(ocop, "b_story", "id") == [
        "Tidak ada (0 poin)",
        "Diceritakan lisan (4 poin)",
        "Tertulis dan ada di kemasan (8 poin)",
    ]


def test_the_assessment_page_says_no_maximum_for_a_group_worth_no_points(
    client: Client, invited: Assessment, assessor: User
) -> None:
    page = login(client, assessor).get(reverse("rating:assessment", args=[invited.pk]))
    html = page.content.decode()
    assert "paling banyak 0 poin" not in html
    assert "<strong>Legalitas (diputuskan dari registri, tanpa poin)</strong></legend>" in html
    assert (
        '<strong>A.I Produksi</strong> <span class="muted">(paling banyak 15 poin)</span>' in html
    )


def test_an_assessment_on_version_1_offers_yes_and_no_without_points(
    client: Client, officer: User, assessor: User, product_x: Product, schemes: object
) -> None:
    v1 = v1_in_use()
    assessment = services.assessment_invite(
        user=officer, product=product_x, scheme=v1, assessor=assessor
    )
    html = login(client, assessor).get(reverse("rating:assessment", args=[assessment.pk]))
    text = html.content.decode()
    assert "0 poin" not in text
    assert 'value="o2" id="id_item_l_nib_1">\n Ya</label>' in text
    assert "<strong>Legalitas (batas bintang, tanpa poin)</strong></legend>" in text


def test_the_scheme_page_gives_no_points_to_a_group_of_conditions(
    client: Client, admin_user: User, kemenperin: RatingScheme
) -> None:
    page = login(client, admin_user).get(reverse("rating:scheme", args=[kemenperin.pk]))
    html = page.content.decode()
    assert "<h2>Legalitas (diputuskan dari registri, tanpa poin) <span" in html  # no "— 0 poin"
    assert "<li>Ya <span" in html and "Ya: <strong>0</strong>" not in html
    assert "<h2>A.I Produksi — 15 poin</h2>" in html
