"""Buyers' reviews: the public form with its consent, honeypot, minimum fill time and per-address
rate limit (429); moderation before anything is public; HTML escaped everywhere; the reviewer's
e-mail address on no public page and in no API answer; hiding and deleting (with history)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.catalogue import public_cache
from ovop.catalogue.forms_reviews import MAX_AGE_S, stamp
from ovop.catalogue.models import Listing
from ovop.catalogue.models_moderation import Review, ReviewStatus
from ovop.catalogue.services_reviews import (
    ReviewValues,
    review_delete,
    review_hide,
    review_publish,
    review_submit,
)
from ovop.catalogue.views_reviews import REVIEWS_PER_HOUR
from tests.refusals import rows

pytestmark = pytest.mark.django_db

EMAIL = "pembeli.rahasia@example.com"
SCRIPT = '<script>alert("x")</script><b>tebal</b>'


def _form(**changed: Any) -> dict[str, Any]:
    data = {
        "stars": "4",
        "text": "Keripiknya renyah dan gurih, pengiriman cepat.",
        "name": "Budi Santoso",
        "email": EMAIL,
        "consent": "on",
        "website": "",
        "started": stamp(time.time() - 30),
    }
    data.update(changed)
    return data


def _url(listing: Listing, language: str = "id") -> str:
    word = "produk" if language == "id" else "product"
    root = "id/katalog" if language == "id" else "en/catalogue"
    review = "ulasan" if language == "id" else "review"
    return f"/{root}/{word}/{listing.slug}/{review}/"


def test_a_review_waits_for_moderation(client: Client, listing_x: Listing) -> None:
    page = client.get(_url(listing_x)).content.decode()
    assert "Data pribadi Anda" in page and 'name="website"' in page
    response = client.post(_url(listing_x), _form())
    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    review = Review.objects.get()
    assert (review.stars, review.status, review.email) == (4, ReviewStatus.PENDING, EMAIL)
    assert review.consent_at is not None
    product = client.get(f"/id/katalog/produk/{listing_x.slug}/").content.decode()
    assert "Keripiknya renyah dan gurih" not in product
    assert "Belum ada ulasan." in product


def test_consent_is_required(client: Client, listing_x: Listing) -> None:
    data = _form()
    del data["consent"]
    response = client.post(_url(listing_x), data)
    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("changed", "field"),
    [
        ({"website": "http://spam.example"}, "website"),  # the honeypot
        ({"started": -1}, "started"),  # too fast: sent a second after it was shown
        ({"started": -MAX_AGE_S - 60}, "started"),  # too old
        ({"started": "1700000000:forged"}, "started"),
        ({"stars": "6"}, "stars"),
        ({"text": "x" * 1001}, "text"),
        ({"name": "n" * 61}, "name"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_bots_and_bad_values_are_refused(
    client: Client, listing_x: Listing, changed: dict[str, Any], field: str
) -> None:
    if isinstance(changed.get("started"), int):  # seconds from now, stamped when the test runs
        changed = {"started": stamp(time.time() + changed["started"])}
    sent = _form(**changed)
    before = rows("catalogue")
    response = client.post(_url(listing_x), sent)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert rows("catalogue") == before
    # the form shown again carries a fresh timestamp
    assert response.context["form"].data["started"] != sent["started"]


def test_flood_is_answered_429(client: Client, listing_x: Listing) -> None:
    for _ in range(REVIEWS_PER_HOUR):
        assert client.post(_url(listing_x), _form()).status_code == 302
    response = client.post(_url(listing_x), _form())
    assert response.status_code == 429
    assert "Terlalu banyak ulasan" in response.content.decode()
    assert Review.objects.count() == REVIEWS_PER_HOUR
    english = client.post(_url(listing_x, "en"), _form())
    assert english.status_code == 429 and "Too many reviews" in english.content.decode()
    # another address is not held back
    other = Client(REMOTE_ADDR="10.9.8.7").post(_url(listing_x), _form())
    assert other.status_code == 302


def test_unpublished_product_has_no_review_form(
    client: Client, officer: User, listing_x: Listing
) -> None:
    from ovop.catalogue.services import listing_unpublish

    listing_unpublish(user=officer, listing=listing_x)
    assert client.get(_url(listing_x)).status_code == 404
    assert client.post(_url(listing_x), _form()).status_code == 404
    assert not Review.objects.exists()


def _published(listing: Listing, officer: User, **values: Any) -> Review:
    data = {"stars": 5, "text": "Enak.", "name": "Budi Santoso", "email": EMAIL, **values}
    review = review_submit(listing=listing, values=ReviewValues(**data))
    return review_publish(user=officer, review=review)


def test_published_reviews_are_public_without_email(
    client: Client, officer: User, listing_x: Listing
) -> None:
    _published(listing_x, officer, stars=5, text="Mantap sekali.")
    _published(listing_x, officer, stars=4, text="Enak, pengiriman lama.", name="Siti")
    review_submit(listing=listing_x, values=ReviewValues(1, "Belum diperiksa.", "Ani", EMAIL))
    page = client.get(f"/id/katalog/produk/{listing_x.slug}/").content.decode()
    assert "Mantap sekali." in page and "Enak, pengiriman lama." in page
    assert "Belum diperiksa." not in page
    assert "Budi S." in page and "Santoso" not in page
    assert "Rata-rata 4,5 dari 5 berdasarkan 2 ulasan" in page
    assert EMAIL not in page
    api = client.get(f"/api/v1/catalogue/products/{listing_x.slug}/").json()
    assert api["review_count"] == 2 and api["review_average"] == 4.5
    assert [r["name"] for r in api["reviews"]] == ["Siti", "Budi S."]
    assert set(api["reviews"][0]) == {"stars", "text", "name", "date"}
    assert EMAIL not in json.dumps(api)
    listing_api = client.get("/api/v1/catalogue/products/").content.decode()
    assert EMAIL not in listing_api


def test_html_in_a_review_is_escaped_everywhere(
    client: Client, officer: User, listing_x: Listing
) -> None:
    _published(listing_x, officer, text=SCRIPT, name="<i>Eve</i> Jahat")
    review_submit(listing=listing_x, values=ReviewValues(2, SCRIPT, "<b>Mal</b>", EMAIL))
    page = client.get(f"/id/katalog/produk/{listing_x.slug}/").content.decode()
    assert SCRIPT not in page and "<b>tebal</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<i>Eve</i>" not in page and "&lt;i&gt;Eve&lt;/i&gt;" in page
    client.force_login(officer)
    queue = client.get("/catalogue/moderation/").content.decode()
    assert SCRIPT not in queue and "<b>Mal</b>" not in queue
    assert "&lt;script&gt;" in queue
    data = client.get("/api/v1/catalogue/moderation/").json()
    assert data["reviews"][0]["text"] == SCRIPT  # JSON carries the text; no HTML is made of it
    assert EMAIL not in json.dumps(data)


def test_hide_and_delete(client: Client, officer: User, listing_x: Listing) -> None:
    review = _published(listing_x, officer, text="Akan disembunyikan.")
    url = f"/id/katalog/produk/{listing_x.slug}/"
    assert "Akan disembunyikan." in client.get(url).content.decode()
    generation = public_cache.generation()
    review_hide(user=officer, review=review)
    assert public_cache.generation() > generation
    assert "Akan disembunyikan." not in client.get(url).content.decode()
    review_delete(user=officer, review=review)
    assert not Review.objects.exists()
    last = Review.history.order_by("-history_id").first()
    assert last is not None and last.history_type == "-" and last.history_user == officer
    assert not hasattr(last, "email") and not hasattr(last, "name")  # personal data gone


def test_only_officers_and_admins_moderate_reviews(
    owner: User, viewer: User, facilitator: User, assessor: User, listing_x: Listing
) -> None:
    from django.core.exceptions import PermissionDenied

    review = review_submit(listing=listing_x, values=ReviewValues(3, "Lumayan.", "Ani", EMAIL))
    before = rows("catalogue")
    for user in (owner, viewer, facilitator, assessor):
        for service in (review_publish, review_hide, review_delete):
            with pytest.raises(PermissionDenied):
                service(user=user, review=review)
    assert rows("catalogue") == before
