"""A viewer reads everything and changes nothing: every POST to every page, and every POST,
PUT, PATCH and DELETE to every API address, is refused — and the database is left exactly as it
was. The addresses come from the URL configuration itself, so a page added later is checked
without anyone remembering to list it here.

An assessor gets the same treatment on the registry and programme pages (they may write only in
the rounds and ratings they are invited to, which their own apps test).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from ovop.accounts.models import User
from ovop.catalogue.models import (
    Inquiry,
    Listing,
    ListingPhoto,
    ListingProposal,
    ProposalPhoto,
    Review,
)
from ovop.empowerment.models import (
    Action,
    Cycle,
    Experience,
    Group,
    Meeting,
    MeetingPhoto,
    Membership,
    Person,
    PowerBase,
    Problem,
    Reason,
    SupportProposal,
    Theme,
)
from ovop.enterprises.models import Certification, Enterprise, Product, ProductPhoto
from ovop.evaluation.models_report import ReportJob
from ovop.monitoring.models import Flag, ImportJob, Indicator, Respondent, Round, Target
from ovop.planning.models import (
    Activity,
    CostLine,
    FiscalYear,
    Participant,
    PriceItem,
    Proposal,
    Scenario,
    Source,
)
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.rating.models import Assessment, AssessmentPhoto, RatingScheme, StarRating
from ovop.regions.models import Region
from ovop.selection.models import Candidate, Criterion, Decision, SelectionRound
from tests.refusals import Attempt, WriteWatch, assert_answer, changed
from tests.refusals import rows as all_rows

#: Addresses whose POST is not a change of ovop's records: signing in and out, the language,
#: resetting one's own password (with the token mailed to the account's address), asking for
#: the evaluation report (a reader's own request, ``evaluation.models_report``; viewers may).
NOT_WRITES = {"accounts/login/", "accounts/logout/", "i18n/setlang/"} | {
    "evaluation/programmes/<int:pk>/report/",
    "accounts/password-reset/",
    "accounts/password-reset/sent/",
    "accounts/reset/<uidb64>/<token>/",
    "accounts/reset/done/",
    # the public review form: anyone, signed in or not, may send a review, which waits for
    # moderation (tests/catalogue/test_reviews.py)
    "id/katalog/produk/<slug:slug>/ulasan/",
    "en/catalogue/product/<slug:slug>/review/",
    # a buyer's inquiry about a public product: anyone may send one, signed in or not (the
    # blind post here lacks the form's signed time stamp and is refused with 400)
    "id/katalog/produk/<slug:slug>/tanya/",
    "en/catalogue/product/<slug:slug>/inquiry/",
}
REFUSED = frozenset({403, 404, 405})
API_METHODS = ("post", "put", "patch", "delete")
#: The records behind each ``<int:pk>``, by the start of the address (first match wins).
RECORDS: list[tuple[str, type[models.Model]]] = [
    ("enterprises/certifications/", Certification),
    ("enterprises/products/", Product),
    ("enterprises/", Enterprise),
    ("programmes/", Programme),
    ("dashboard/", Programme),
    ("selection/", SelectionRound),
    ("rating/assessments/", Assessment),
    ("rating/products/", Product),
    ("rating/ratings/", StarRating),
    ("rating/schemes/", RatingScheme),
    ("files/product-photos/", ProductPhoto),
    ("files/assessment-photos/", AssessmentPhoto),
    ("api/v1/enterprises/", Enterprise),
    ("api/v1/products/", Product),
    ("api/v1/programmes/", Programme),
    ("api/v1/selection/rounds/", SelectionRound),
    ("api/v1/selection/decisions/", Decision),
    ("api/v1/rating-schemes/", RatingScheme),
    ("api/v1/assessments/", Assessment),
    ("api/v1/star-ratings/", StarRating),
    ("empowerment/village/", Region),
    ("empowerment/groups/", Group),
    ("empowerment/members/", Membership),
    ("empowerment/people/", Person),
    ("empowerment/themes/", Theme),
    ("empowerment/cycles/", Cycle),
    ("empowerment/actions/", Action),
    ("empowerment/meetings/photos/", MeetingPhoto),
    ("empowerment/meetings/", Meeting),
    ("files/meeting-photos/", MeetingPhoto),
    ("files/attendance-sheets/", Meeting),
    ("api/v1/empowerment/groups/", Group),
    ("api/v1/empowerment/members/", Membership),
    ("api/v1/empowerment/people/", Person),
    ("api/v1/empowerment/cycles/", Cycle),
    ("api/v1/empowerment/experiences/", Experience),
    ("api/v1/empowerment/reasons/", Reason),
    ("api/v1/empowerment/problems/", Problem),
    ("api/v1/empowerment/power-bases/", PowerBase),
    ("api/v1/empowerment/actions/", Action),
    ("api/v1/empowerment/proposals/", SupportProposal),
    ("api/v1/empowerment/meetings/", Meeting),
    ("planning/activities/", Activity),
    ("planning/participants/", Participant),
    ("planning/costs/", CostLine),
    ("files/receipts/", CostLine),
    ("api/v1/planning/activities/", Activity),
    ("api/v1/planning/participants/", Participant),
    ("api/v1/planning/costs/", CostLine),
    ("planning/sources/", Source),
    ("planning/prices/", PriceItem),
    ("planning/proposals/", Proposal),
    ("api/v1/planning/sources/", Source),
    ("api/v1/planning/price-items/", PriceItem),
    ("api/v1/planning/proposals/", Proposal),
    ("planning/scenarios/", Scenario),
    ("api/v1/planning/scenarios/", Scenario),
    ("monitoring/indicators/targets/", Target),
    ("monitoring/indicators/", Indicator),
    ("monitoring/rounds/", Round),
    ("monitoring/respondents/", Respondent),
    ("monitoring/imports/", ImportJob),
    ("monitoring/flags/", Flag),
    ("api/v1/monitoring/indicators/", Indicator),
    ("api/v1/monitoring/targets/", Target),
    ("api/v1/monitoring/rounds/", Round),
    ("api/v1/monitoring/respondents/", Respondent),
    ("api/v1/monitoring/imports/", ImportJob),
    ("evaluation/programmes/", Programme),
    ("evaluation/indicators/", Indicator),
    ("evaluation/reports/", ReportJob),
    ("catalogue/products/", Product),
    ("catalogue/listings/", Listing),
    ("catalogue/photos/", ListingPhoto),
    ("catalogue/mine/", Product),
    ("catalogue/proposals/", ListingProposal),
    ("catalogue/reviews/", Review),
    ("api/v1/catalogue/proposals/", ListingProposal),
    ("api/v1/catalogue/reviews/", Review),
    ("catalogue/inquiries/", Inquiry),
    ("api/v1/catalogue/inquiries/", Inquiry),
    ("files/catalogue-photos/", ListingPhoto),
    ("files/proposal-photos/", ProposalPhoto),
    ("api/v1/evaluation/programmes/", Programme),
    ("api/v1/evaluation/indicators/", Indicator),
    ("api/v1/dashboard/programmes/", Programme),
]
#: Something plausible to post, so that a view that forgot its check would have data to save.
FORM = {
    "name": "Changed by a read-only role",
    "number": "X-1",
    "kind": "halal",
    "category": "other",
    "unit": "kg",
    "year": "2025",
    "note": "x",
}


def _routes(
    patterns: list[URLPattern | URLResolver], prefix: str = ""
) -> Iterator[tuple[str, str | None]]:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name
        else:
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))


def _model_for(route: str) -> type[models.Model]:
    for start, model in RECORDS:
        if route.startswith(start):
            return model
    raise AssertionError(f"no record known for {route}: add it to RECORDS")


def _addresses(route: str) -> list[str]:
    """The route with its parameters filled with real records: the first and the last."""
    if "<" not in route:
        return ["/" + route]
    if route.startswith(("regions/", "api/v1/regions/")):
        return ["/" + route.replace("<str:code>", code) for code in ("19.04", "19.04.05.2001")]
    if "<int:year>" in route:  # a fiscal year by its number: the first and the last
        years = list(FiscalYear.objects.order_by("year").values_list("year", flat=True))
        ends = sorted({*years[:1], *years[-1:]})
        return ["/" + route.replace("<int:year>", str(year)) for year in ends]
    if "<slug:slug>" in route:  # the public catalogue's products, by their address name
        slugs = Listing.objects.filter(published=True).order_by("pk").values_list("slug", flat=True)
        return ["/" + route.replace("<slug:slug>", slug) for slug in slugs[:1]]
    if route.startswith(("id/katalog/", "en/catalogue/", "catalogue/villages/")):
        return ["/" + route.replace("<str:code>", "19.04.05.2001")]
    if route.startswith("verify/"):
        codes = StarRating.objects.values_list("verification_code", flat=True)
        return ["/" + route.replace("<str:code>", code) for code in codes[:1]]
    model = _model_for(route)
    manager = model._default_manager
    objects = {manager.order_by("pk").first(), manager.order_by("-pk").first()} - {None}
    found = []
    for obj in sorted(objects, key=lambda o: o.pk):
        # A cycle's stage items are tried on its problems (the kind every stage page shares).
        address = route.replace("<int:pk>", str(obj.pk)).replace("<slug:kind>", "problems")
        address = address.replace("<slug:code>", "omzet")  # an indicator the demo measures
        address = address.replace("<str:variant>", "640.webp")  # a catalogue photo's copy
        inner = {
            "<int:membership_pk>": ProgrammeVillage.objects.filter(programme_id=obj.pk),
            "<int:criterion_pk>": Criterion.objects.filter(round_id=obj.pk),
            "<int:candidate_pk>": Candidate.objects.filter(round_id=obj.pk),
            "<int:item_pk>": Problem.objects.filter(cycle_id=obj.pk),
            "<int:photo_pk>": ProposalPhoto.objects.filter(proposal_id=obj.pk),
        }
        for parameter, rows in inner.items():
            if parameter in address:
                first = rows.order_by("pk").first()
                if first is None:
                    address = ""
                    break
                address = address.replace(parameter, str(first.pk))
        if address:
            assert "<" not in address, address
            found.append("/" + address)
    return found


def _attempts(route: str) -> list[Attempt]:
    """Every write to the route, at each of its addresses: POST to a page; POST, PUT, PATCH and
    DELETE (JSON) to the API."""
    return [
        Attempt(method, address, FORM, json=method != "post")
        for address in _addresses(route)
        for method in (API_METHODS if address.startswith("/api/") else ("post",))
    ]


def _write_routes() -> list[str]:
    return [
        route
        for route, _name in _routes(get_resolver().url_patterns)
        if route not in NOT_WRITES and not route.startswith("admin/")
    ]


#: The routes an assessor may change nothing in: the registry, the programmes and empowerment.
REGISTRY = re.compile(
    r"(enterprises|programmes|regions|empowerment|files/(meeting|attendance)"
    r"|api/v1/(enterprises|products|progr|empowerment))"
)
ROUTES = _write_routes()
CASES = [pytest.param("viewer", route, id=f"viewer-{route}") for route in ROUTES] + [
    pytest.param("assessor", route, id=f"assessor-{route}")
    for route in ROUTES
    if REGISTRY.match(route)
]


#: The owner's "remove a new photo of my proposal" address, tried on ``waiting_photo``.
PHOTO_REMOVE = "catalogue/proposals/<int:pk>/photos/<int:photo_pk>/remove/"
#: The owner's "withdraw my proposal" address, tried on the demo's first and newest proposals.
PROPOSAL_WITHDRAW = "catalogue/proposals/<int:pk>/withdraw/"


@pytest.fixture
def waiting_photo(demo: None, db: None) -> ProposalPhoto:
    """A new photo waiting on the demo's newest proposal (the demo has none), so that the
    addresses of a proposal's new photos have one to be tried on; its row only, since a
    refused request never reaches its files."""
    proposal = ListingProposal.objects.order_by("-pk").first()
    assert proposal is not None and proposal.status == "pending"
    return ProposalPhoto.objects.create(
        proposal=proposal,
        image="catalogue/waiting.jpg",
        caption="Kemasan baru",
        variants={"320.jpg": "catalogue/waiting-320.jpg"},
    )


@pytest.mark.parametrize(("username", "route"), CASES)
def test_read_only_roles_change_nothing(
    waiting_photo: ProposalPhoto, client: Client, username: str, route: str
) -> None:
    """Each write to the route is refused, and none reached the database: no statement that
    changes a row was sent (every row of every table is compared once, around all the routes,
    in ``test_no_row_changed_after_every_attempt``)."""
    client.force_login(User.objects.get(username=username))
    attempts = _attempts(route)
    with WriteWatch() as watch:
        for attempt in attempts:
            response = attempt.send(client)
            url = attempt.address()
            assert_answer(response, REFUSED, url, f"{username} {attempt.method.upper()} {url}")
    assert watch.writes == [], [f"{a.method} {a.address()}" for a in attempts]


def test_every_page_and_api_address_is_tried(waiting_photo: ProposalPhoto) -> None:
    viewer = [attempt for route in ROUTES for attempt in _attempts(route)]
    remove = f"/catalogue/proposals/{waiting_photo.proposal_id}/photos/{waiting_photo.pk}/remove/"
    assert PHOTO_REMOVE in ROUTES
    assert [a.address() for a in _attempts(PHOTO_REMOVE)] == [remove]
    proposals = ListingProposal.objects.order_by("pk")
    ends = [proposals.first(), proposals.last()]
    assert PROPOSAL_WITHDRAW in ROUTES and ends[-1] == waiting_photo.proposal
    assert [a.address() for a in _attempts(PROPOSAL_WITHDRAW)] == [
        f"/catalogue/proposals/{p.pk}/withdraw/" for p in ends if p is not None
    ]
    assessor = [
        attempt for route in ROUTES if REGISTRY.match(route) for attempt in _attempts(route)
    ]
    assert len(viewer) > 100
    assert len(assessor) > 40


def test_no_row_changed_after_every_attempt(waiting_photo: ProposalPhoto, client: Client) -> None:
    """Every row of every table (history included) compared before and after all the viewer's
    attempts: a write sent outside Django's cursor, which the statement watch cannot see,
    shows here."""
    client.force_login(User.objects.get(username="viewer"))
    before = all_rows()
    for route in ROUTES:
        for attempt in _attempts(route):
            attempt.send(client)
    assert changed(before, all_rows()) == []


def test_the_watch_sees_a_write(demo: None, db: None) -> None:
    """The statement watch is not blind: an update, an insert and a delete are all seen."""
    indicator = Indicator.objects.order_by("pk").first()
    assert indicator is not None
    with WriteWatch() as watch:
        Indicator.objects.filter(pk=indicator.pk).update(name_en="x")
        region = Region.objects.order_by("code").first()
        Target.objects.create(indicator=indicator, region=region, year=2030, target_value=1)
        Target.objects.filter(year=2030).delete()
    # the update, the target and its history row, the delete and its history row
    assert [w.split()[0] for w in watch.writes] == [
        "UPDATE",
        "INSERT",
        "INSERT",
        "DELETE",
        "INSERT",
    ]
