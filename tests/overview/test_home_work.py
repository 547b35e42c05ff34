"""Issue 9: the home page of an assessor and of an officer says what waits for them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from ovop.accounts.models import Role, User
from ovop.enterprises.models import Enterprise, Product
from ovop.overview.selectors import home_page
from ovop.overview.selectors_work import assessor_work, officer_work
from ovop.programme.models import Programme
from ovop.rating.models import AssessmentStatus, RatingScheme
from ovop.rating.services import scheme_install_fixtures
from ovop.regions.models import Region
from ovop.selection.models import RoundStatus
from tests.conftest import login
from tests.factories import EnterpriseFactory, ProductFactory, UserFactory
from tests.overview.home_data import FINAL, assessment, certificate, rating, selection_round

pytestmark = pytest.mark.django_db

INVITED, DRAFT = AssessmentStatus.INVITED, AssessmentStatus.DRAFT


@pytest.fixture
def scheme(db: None) -> RatingScheme:
    return scheme_install_fixtures()[0]


@pytest.fixture
def rounds(
    officer: User, assessor: User, assessor2: User, programme: Programme, village_a: Region
) -> dict[str, object]:
    def make(title: str, **kwargs: object) -> object:
        return selection_round(
            officer=officer,
            programme=programme,
            area=village_a,
            title=title,
            **kwargs,  # type: ignore[arg-type]
        )

    return {
        "open": make("Open", assessors=[assessor, assessor2], submitted=[assessor2]),
        "done": make("Done", assessors=[assessor, assessor2], submitted=[assessor, assessor2]),
        "short": make("Short", assessors=[assessor2], submitted=[assessor2], scores=3),
        "draft": make("Draft", assessors=[assessor], status=RoundStatus.DRAFT),
        "other": make("Other", assessors=[assessor2]),
    }


def test_assessor_sees_rounds_to_judge_and_assessments_to_finish(
    officer: User,
    assessor: User,
    assessor2: User,
    rounds: dict[str, object],
    product_x: Product,
    product_y: Product,
    scheme: RatingScheme,
) -> None:
    third = ProductFactory(enterprise=product_x.enterprise, name="Kerupuk Alfa")
    assessment(product_x, scheme, assessor, INVITED, officer=officer)
    assessment(product_y, scheme, assessor, DRAFT, officer=officer)
    assessment(third, scheme, assessor, FINAL, officer=officer)
    assessment(third, scheme, assessor2, DRAFT, officer=officer)  # someone else's draft
    work = assessor_work(user=assessor)
    # "Done": submitted; "Draft": not judging; "Short", "Other": not invited.
    assert [r.title for r in work.rounds_to_judge.rows] == ["Open"]
    assert work.rounds_to_judge.total == 1
    assert [(a.product.name, a.status) for a in work.assessments_to_finish.rows] == [
        ("Getas Tenggiri Alfa", INVITED),
        ("Rusip Beta Botol", DRAFT),
    ]


def test_assessor_page_links_to_the_work(
    client: Client, assessor: User, rounds: dict[str, object]
) -> None:
    page = login(client, assessor).get("/").content.decode()
    assert f'href="/selection/{rounds["open"].pk}/judge/"' in page  # type: ignore[attr-defined]
    assert "Done" not in page and "Other" not in page


def test_officer_sees_ratings_to_issue(
    officer: User, assessor: User, assessor2: User, scheme: RatingScheme, enterprise_x: Enterprise
) -> None:
    ready, half, issued, reissue = (
        ProductFactory(enterprise=enterprise_x, name=n)
        for n in ("A ready", "B half", "C issued", "D again")
    )
    for product in (ready, half, issued, reissue):
        assessment(product, scheme, assessor, FINAL, officer=officer)
    assessment(ready, scheme, assessor2, FINAL, officer=officer)
    assessment(half, scheme, assessor2, DRAFT, officer=officer)
    rating(issued, scheme, list(issued.assessments.all()), officer)
    rating(reissue, scheme, list(reissue.assessments.all()), officer)
    assessment(reissue, scheme, assessor2, FINAL, officer=officer)  # finalised after the rating
    archived = ProductFactory(
        enterprise=enterprise_x, archived_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    )
    assessment(archived, scheme, assessor, FINAL, officer=officer)
    queue = officer_work(user=officer).ratings_to_issue
    assert queue.total == 2
    assert [(r["product__name"], r["scheme_id"]) for r in queue.rows] == [
        ("A ready", scheme.pk),
        ("D again", scheme.pk),
    ]


def test_officer_sees_rounds_ready_to_decide(officer: User, rounds: dict[str, object]) -> None:
    # "Done" has both judgements and all 4 scores; "Short" lacks a score; "Open" a judgement.
    queue = officer_work(user=officer).rounds_to_decide
    assert (queue.total, [r.title for r in queue.rows]) == (1, ["Done"])


def test_officer_sees_certificates_expiring_within_60_days(
    officer: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    today = dt.date(2026, 3, 1)
    certificate(enterprise_x, dt.date(2026, 3, 1))  # today: still valid
    certificate(enterprise_y, dt.date(2026, 4, 30))  # day 60
    certificate(enterprise_x, dt.date(2026, 5, 1))  # day 61
    certificate(enterprise_x, dt.date(2026, 2, 28))  # expired
    certificate(enterprise_x, dt.date(2026, 3, 10), archived=True)
    certificate(enterprise_x, None)
    queue = officer_work(user=officer, today=today).certificates_expiring
    assert queue.total == 2
    assert [(c.enterprise.name, c.expires_on) for c in queue.rows] == [
        ("Getas Alfa", dt.date(2026, 3, 1)),
        ("Rusip Beta", dt.date(2026, 4, 30)),
    ]


def test_officer_sees_data_to_review(
    officer: User, enterprise_x: Enterprise, product_x: Product, product_y: Product
) -> None:
    village_a = enterprise_x.village
    village_a.lat, village_a.lon = -2.3, 106.1
    village_a.save()
    EnterpriseFactory(name="Tanpa NIB", village=village_a)
    EnterpriseFactory(
        name="Arsip", village=village_a, archived_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    )
    product_x.photos.create(image="products/x.jpg")
    work = officer_work(user=officer)
    assert [e.name for e in work.enterprises_without_nib.rows] == ["Tanpa NIB"]
    # Village B (Rusip Beta's) has no coordinates; village A has.
    assert [v.name for v in work.villages_without_coordinates.rows] == ["Desa Beta"]
    assert [p.name for p in work.products_without_photos.rows] == ["Rusip Beta Botol"]


def test_officer_page_shows_totals_and_more(
    english_client: Client, officer: User, enterprise_x: Enterprise
) -> None:
    for k in range(12):
        ProductFactory(enterprise=enterprise_x, name=f"Produk {k:02d}")
    page = login(english_client, officer).get("/").content.decode()
    section = page.split('id="products-without-photos"')[1].split("</section>")[0]
    assert '<div class="stat">12</div>' in section
    assert section.count("<li>") == 10
    assert "and 2 more" in section


def test_viewer_sees_the_counts_only(
    client: Client, viewer: User, enterprise_x: Enterprise
) -> None:
    page = home_page(user=viewer)
    assert (page.officer, page.assessor, page.villages, page.enterprises) == (None,) * 4
    assert page.stats["enterprises"] == 1
    html = login(client, viewer).get("/").content.decode()
    assert 'id="ratings-to-issue"' not in html and 'class="stat">1</div>' in html


def test_admin_sees_the_officers_work(admin_user: User) -> None:
    assert home_page(user=admin_user).officer is not None
    reader = UserFactory(username="boss", role=Role.VIEWER)
    assert home_page(user=reader).officer is None
