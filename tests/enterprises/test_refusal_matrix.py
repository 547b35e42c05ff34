"""Every write of the registry pages, tried by every role that may not make it — one test per
refusal — with well-formed data, and the whole registry (rows and history) left as it was.

The records aimed at belong to `owner2` in village B: outside the facilitator's villages and not
`owner`'s. Roles that may read them but not change them (viewer, assessor) get 403; roles that
may not see them (facilitator, owner) get 404, so their existence is not revealed; anonymous
visitors are sent to the login page.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from ovop.accounts.models import User
from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.regions.models import Region
from tests.conftest import login
from tests.enterprises.test_validation import enterprise_payload, product_payload
from tests.factories import CertificationFactory, EnterpriseFactory, ProductFactory
from tests.refusals import LOGIN, Answer, Attempt, changed, matrix, refused, rows

ARCHIVED = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Targets:
    village: Region
    enterprise: Enterprise
    archived_enterprise: Enterprise
    product: Product
    archived_product: Product
    certification: Certification
    archived_certification: Certification


@pytest.fixture
def targets(enterprise_x: Enterprise, enterprise_y: Enterprise, village_b: Region) -> Targets:
    owner2 = enterprise_y.account
    return Targets(
        village=village_b,
        enterprise=enterprise_y,
        archived_enterprise=EnterpriseFactory(
            name="Tutup Beta", village=village_b, account=owner2, archived_at=ARCHIVED
        ),
        product=ProductFactory(enterprise=enterprise_y, name="Rusip botol"),
        archived_product=ProductFactory(
            enterprise=enterprise_y, name="Rusip lama", archived_at=ARCHIVED
        ),
        certification=CertificationFactory(enterprise=enterprise_y, number="PIRT-Y"),
        archived_certification=CertificationFactory(
            enterprise=enterprise_y, number="PIRT-Y-OLD", archived_at=ARCHIVED
        ),
    )


def _image() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile("rusip.png", buffer.getvalue(), content_type="image/png")


def _certificate(t: Targets) -> dict[str, str]:
    return {
        "kind": "halal",
        "number": "HALAL-NEW",
        "product": str(t.product.pk),
        "issued_on": "2025-01-01",
        "expires_on": "2029-01-01",
    }


#: The second, confirming POST of an archive (the first only asks for confirmation).
CONFIRMED = {"confirm": "1", "reason": "The business has closed."}

#: action → the request, with valid data, for the records of ``Targets``.
ACTIONS: dict[str, Attempt] = {
    "enterprise_create": Attempt(
        "post",
        lambda t: reverse("enterprises:create"),
        lambda t: enterprise_payload(t.village, nib="5555666677778"),
    ),
    "enterprise_edit": Attempt(
        "post",
        lambda t: reverse("enterprises:edit", args=[t.enterprise.pk]),
        lambda t: enterprise_payload(t.village, name="Taken over", nib=t.enterprise.nib),
    ),
    "enterprise_archive": Attempt(
        "post", lambda t: reverse("enterprises:archive", args=[t.enterprise.pk]), CONFIRMED
    ),
    "enterprise_restore": Attempt(
        "post", lambda t: reverse("enterprises:restore", args=[t.archived_enterprise.pk]), {}
    ),
    "product_create": Attempt(
        "post",
        lambda t: reverse("enterprises:product_create", args=[t.enterprise.pk]),
        lambda t: product_payload(),
    ),
    "product_edit": Attempt(
        "post",
        lambda t: reverse("enterprises:product_edit", args=[t.product.pk]),
        lambda t: product_payload(name="Renamed"),
    ),
    "product_archive": Attempt(
        "post", lambda t: reverse("enterprises:product_archive", args=[t.product.pk]), CONFIRMED
    ),
    "product_restore": Attempt(
        "post",
        lambda t: reverse("enterprises:product_restore", args=[t.archived_product.pk]),
        {},
    ),
    "product_photo_add": Attempt(
        "post",
        lambda t: reverse("enterprises:product_photo_add", args=[t.product.pk]),
        lambda t: {"image": _image(), "caption": "x"},
    ),
    "certification_create": Attempt(
        "post",
        lambda t: reverse("enterprises:certification_create", args=[t.enterprise.pk]),
        _certificate,
    ),
    "certification_edit": Attempt(
        "post",
        lambda t: reverse("enterprises:certification_edit", args=[t.certification.pk]),
        _certificate,
    ),
    "certification_archive": Attempt(
        "post",
        lambda t: reverse("enterprises:certification_archive", args=[t.certification.pk]),
        CONFIRMED,
    ),
    "certification_restore": Attempt(
        "post",
        lambda t: reverse("enterprises:certification_restore", args=[t.archived_certification.pk]),
        {},
    ),
}

#: What each role gets for every action, unless EXCEPTIONS says otherwise.
ANSWERS = {"viewer": 403, "assessor": 403, "facilitator": 404, "owner": 404, "anonymous": LOGIN}
#: A facilitator may register enterprises, only not in village B: the form refuses the village
#: (tested for its message in test_refusals.py). An owner may register none at all.
EXCEPTIONS = {("facilitator", "enterprise_create"): 200, ("owner", "enterprise_create"): 403}
#: The registry: enterprises, products, photos, certifications and their history.
REGISTRY = ("enterprises",)


@pytest.mark.parametrize(("persona", "action", "expected"), matrix(ANSWERS, ACTIONS, EXCEPTIONS))
def test_refused_and_nothing_changes(
    client: Client,
    request: pytest.FixtureRequest,
    targets: Targets,
    media: Path,
    facilitator: User,
    persona: str,
    action: str,
    expected: Answer,
) -> None:
    response = refused(
        client, request, persona, ACTIONS[action], expected, apps=REGISTRY, records=targets
    )
    if expected == 200:
        assert response.context["form"].errors == {
            "village": ["Village: choose one of the villages offered."]
        }
    assert list(media.iterdir()) == []  # no uploaded file left behind either


@pytest.mark.parametrize("action", list(ACTIONS))
def test_the_same_writes_succeed_for_the_officer(
    client: Client, officer: User, targets: Targets, media: Path, action: str
) -> None:
    """The refusals above are refusals, not broken forms: the officer's identical post saves."""
    login(client, officer)
    before = rows(*REGISTRY)
    response = ACTIONS[action].send(client, targets)
    assert response.status_code == 302, getattr(response, "context", None) and [
        form.errors for form in (response.context.get("form"), response.context.get("photo_form"))
    ]
    assert changed(before, rows(*REGISTRY)) != []
