"""Buyers' inquiries: sent from the public product page (consent, honeypot, minimum fill time,
rate limit), seen by the owner and the officers, outcomes recorded, personal data erased."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ovop.accounts.models import User
from ovop.catalogue import services_inquiries
from ovop.catalogue.forms_inquiry import started_token
from ovop.catalogue.models import Inquiry, InquiryStatus, Listing
from tests.conftest import login

pytestmark = pytest.mark.django_db

URL = "/id/katalog/produk/keripik-tenggiri-alfa/tanya/"
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 13) Chrome/120 Mobile"}


def form(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "Budi Pembeli",
        "phone": "0812-3456-7890",
        "email": "",
        "quantity": "20",
        "message": "Bisa kirim ke Pangkalpinang?",
        "consent": "on",
        "website": "",
        "started": started_token(time.time() - 30),
    }
    return {**data, **changes}


def send(client: Client, **changes: Any) -> Any:
    return client.post(URL, form(**changes), **BROWSER)


def test_the_product_page_has_the_form_with_consent_and_a_fresh_time_stamp(
    client: Client, listing_x: Listing
) -> None:
    first = client.get("/id/katalog/produk/keripik-tenggiri-alfa/", **BROWSER).content.decode()
    second = client.get("/id/katalog/produk/keripik-tenggiri-alfa/", **BROWSER)
    assert second["X-Catalogue-Cache"] == "hit"
    assert 'action="/id/katalog/produk/keripik-tenggiri-alfa/tanya/"' in first
    assert "disimpan selama 12 bulan" in first
    assert "__ovop_inquiry_started__" not in first
    assert "__ovop_inquiry_started__" not in second.content.decode()
    assert 'name="website"' in first


def test_an_inquiry_is_stored_with_a_normalised_phone(client: Client, listing_x: Listing) -> None:
    response = send(client)
    assert response.status_code == 303
    assert response["Location"] == "/id/katalog/produk/keripik-tenggiri-alfa/tanya/terima-kasih/"
    inquiry = Inquiry.objects.get()
    assert (inquiry.name, inquiry.phone, inquiry.quantity) == ("Budi Pembeli", "+6281234567890", 20)
    assert inquiry.status == InquiryStatus.NEW
    assert inquiry.consent_at is not None
    thanks = client.get(response["Location"])
    assert "Terima kasih" in thanks.content.decode()


@pytest.mark.parametrize(
    ("phone", "stored"),
    [("+62 812 3456 7890", "+6281234567890"), ("(0717) 421-234", "+62717421234")],
)
def test_indonesian_phone_numbers_are_accepted(
    client: Client, listing_x: Listing, phone: str, stored: str
) -> None:
    assert send(client, phone=phone).status_code == 303
    assert Inquiry.objects.get().phone == stored


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "12345"}, "Telepon"),
        ({"phone": "", "email": ""}, "nomor telepon atau alamat e-mail"),
        ({"consent": ""}, "Persetujuan"),
        ({"quantity": "0"}, "Jumlah"),
        ({"quantity": "1000001"}, "Jumlah"),
        ({"message": "x" * 2001}, "Pesan"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    client: Client, listing_x: Listing, changes: dict[str, str], message: str
) -> None:
    response = send(client, **changes)
    assert response.status_code == 400
    assert Inquiry.objects.count() == 0
    html = response.content.decode()
    assert message in html or message.lower() in html


def test_the_shared_cached_form_needs_no_csrf_token(listing_x: Listing) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, form(), **BROWSER).status_code == 303
    assert Inquiry.objects.count() == 1


def test_an_e_mail_alone_is_enough(client: Client, listing_x: Listing) -> None:
    assert send(client, phone="", email="budi@example.com").status_code == 303
    assert Inquiry.objects.get().email == "budi@example.com"


def test_the_honeypot_answers_as_if_sent_but_stores_nothing(
    client: Client, listing_x: Listing
) -> None:
    response = send(client, website="http://spam.example")
    assert response.status_code == 303
    assert Inquiry.objects.count() == 0


def test_a_form_sent_too_quickly_or_with_a_forged_time_stamp_is_refused(
    client: Client, listing_x: Listing
) -> None:
    quick = send(client, started=started_token())
    assert quick.status_code == 400
    assert "terlalu cepat" in quick.content.decode()
    forged = send(client, started="12345:forged")
    assert forged.status_code == 400
    assert Inquiry.objects.count() == 0


def test_the_rate_limit_answers_429_in_the_buyers_language(
    client: Client, listing_x: Listing, settings: Any
) -> None:
    settings.OVOP_INQUIRY_RATE_PER_HOUR = 2
    assert send(client).status_code == 303
    assert send(client).status_code == 303
    refused = send(client)
    assert refused.status_code == 429
    assert "Terlalu banyak pertanyaan" in refused.content.decode()
    assert Inquiry.objects.count() == 2
    english = client.post("/en/catalogue/product/keripik-tenggiri-alfa/inquiry/", form(), **BROWSER)
    assert english.status_code == 429
    assert "Too many inquiries" in english.content.decode()


def test_an_unpublished_product_takes_no_inquiry(
    client: Client, listing_x: Listing, officer: User
) -> None:
    from ovop.catalogue import services

    services.listing_unpublish(user=officer, listing=listing_x)
    assert send(client).status_code == 404
    assert Inquiry.objects.count() == 0


# --- signed in ----------------------------------------------------------------------------------


@pytest.fixture
def inquiry(listing_x: Listing) -> Inquiry:
    return services_inquiries.inquiry_submit(
        listing=listing_x,
        name="<script>alert(1)</script>Budi",
        phone="0812-3456-7890",
        email="",
        quantity=5,
        message='=HYPERLINK("http://evil")',
        language="id",
    )


def test_the_owner_sees_their_inquiry_escaped(
    client: Client, owner: User, inquiry: Inquiry
) -> None:
    html = login(client, owner).get("/catalogue/inquiries/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Budi" in html
    assert "<script>alert(1)" not in html
    detail = client.get(f"/catalogue/inquiries/{inquiry.pk}/")
    assert detail.status_code == 200
    assert "+6281234567890" in detail.content.decode()


def test_another_owner_gets_404_and_other_roles_403(
    client: Client, owner2: User, facilitator: User, assessor: User, inquiry: Inquiry
) -> None:
    login(client, owner2)
    assert client.get(f"/catalogue/inquiries/{inquiry.pk}/").status_code == 404
    assert "Budi" not in client.get("/catalogue/inquiries/").content.decode()
    for user in (facilitator, assessor):
        login(client, user)
        assert client.get("/catalogue/inquiries/").status_code == 403
        assert client.get(f"/catalogue/inquiries/{inquiry.pk}/").status_code == 403
        assert client.get("/catalogue/demand/").status_code == 403


def test_the_owner_marks_it_ordered_with_money_in_words(
    client: Client, owner: User, inquiry: Inquiry
) -> None:
    login(client, owner)
    response = client.post(
        f"/catalogue/inquiries/{inquiry.pk}/",
        {"status": "ordered", "ordered_quantity": "5", "ordered_value_idr": "1,5 juta"},
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ORDERED
    assert (inquiry.ordered_quantity, inquiry.ordered_value_idr) == (5, 1_500_000)
    assert inquiry.history.count() == 2
    assert inquiry.history.first().history_user == owner  # type: ignore[union-attr]
    client.post(
        f"/catalogue/inquiries/{inquiry.pk}/",
        {"status": "ordered", "ordered_quantity": "6", "ordered_value_idr": "Rp 1.800.000"},
    )
    inquiry.refresh_from_db()
    assert inquiry.ordered_value_idr == 1_800_000


def test_an_order_without_value_is_refused(client: Client, owner: User, inquiry: Inquiry) -> None:
    login(client, owner)
    response = client.post(
        f"/catalogue/inquiries/{inquiry.pk}/", {"status": "ordered", "ordered_quantity": "5"}
    )
    assert response.status_code == 200
    assert "Nilai pesanan" in response.content.decode()
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.NEW


def test_the_viewer_reads_but_cannot_change(client: Client, viewer: User, inquiry: Inquiry) -> None:
    login(client, viewer)
    assert client.get(f"/catalogue/inquiries/{inquiry.pk}/").status_code == 200
    assert client.post(f"/catalogue/inquiries/{inquiry.pk}/", {"status": "lost"}).status_code == 403
    assert client.post(f"/catalogue/inquiries/{inquiry.pk}/erase/").status_code == 403
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.NEW


def test_the_owner_cannot_erase_but_the_officer_can(
    client: Client, owner: User, officer: User, inquiry: Inquiry
) -> None:
    login(client, owner)
    assert client.post(f"/catalogue/inquiries/{inquiry.pk}/erase/").status_code == 403
    login(client, officer)
    assert client.post(f"/catalogue/inquiries/{inquiry.pk}/erase/").status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.name, inquiry.phone, inquiry.email, inquiry.message) == ("", "", "", "")
    assert inquiry.anonymised_at is not None
    assert inquiry.quantity == 5
    assert Inquiry.objects.count() == 1
    # the history never held the personal data
    assert not hasattr(inquiry.history.first(), "phone")


def test_the_purge_erases_personal_data_past_the_retention_period(
    listing_x: Listing, settings: Any
) -> None:
    settings.OVOP_INQUIRY_RETENTION_MONTHS = 12
    now = timezone.now()
    old = services_inquiries.inquiry_submit(
        listing=listing_x, name="Lama", phone="081234567890", email="", quantity=1, message="x",
        language="id", now=now - dt.timedelta(days=370),
    )  # fmt: skip
    recent = services_inquiries.inquiry_submit(
        listing=listing_x, name="Baru", phone="081234567890", email="", quantity=1, message="y",
        language="id", now=now - dt.timedelta(days=300),
    )  # fmt: skip
    assert services_inquiries.inquiries_purge(now=now) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.phone, old.message) == ("", "", "")
    assert old.anonymised_at is not None
    assert recent.name == "Baru"
    assert services_inquiries.inquiries_purge(now=now) == 0


@pytest.mark.parametrize(
    ("now", "months", "cutoff"),
    [
        (
            dt.datetime(2026, 5, 15, 8, tzinfo=dt.UTC),
            12,
            dt.datetime(2025, 5, 15, 8, tzinfo=dt.UTC),
        ),
        (dt.datetime(2026, 3, 31, 8, tzinfo=dt.UTC), 1, dt.datetime(2026, 2, 28, 8, tzinfo=dt.UTC)),
        (
            dt.datetime(2026, 1, 10, 8, tzinfo=dt.UTC),
            3,
            dt.datetime(2025, 10, 10, 8, tzinfo=dt.UTC),
        ),
    ],
)
def test_the_retention_cutoff(
    settings: Any, now: dt.datetime, months: int, cutoff: dt.datetime
) -> None:
    settings.OVOP_INQUIRY_RETENTION_MONTHS = months
    assert services_inquiries.retention_cutoff(now) == cutoff


def test_the_purge_command(listing_x: Listing) -> None:
    from io import StringIO

    from django.core.management import call_command

    services_inquiries.inquiry_submit(
        listing=listing_x, name="Lama", phone="081234567890", email="", quantity=1, message="",
        language="id", now=timezone.now() - dt.timedelta(days=400),
    )  # fmt: skip
    out = StringIO()
    call_command("purge_inquiries", stdout=out)
    assert "1" in out.getvalue()
    assert Inquiry.objects.get().name == ""


def test_the_csv_export_neutralises_formulas(
    client: Client, officer: User, owner: User, inquiry: Inquiry
) -> None:
    login(client, owner)
    assert client.get("/catalogue/inquiries/export.csv").status_code == 403
    response = login(client, officer).get("/catalogue/inquiries/export.csv")
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert text.startswith("\ufeff")
    assert '"\'=HYPERLINK(""http://evil"")"' in text
    assert "<script>alert(1)</script>Budi" in text  # plain text in a CSV, never run
    assert ";+6281234567890;" in text


def test_the_list_reads_in_a_constant_number_of_queries(
    client: Client, officer: User, listing_x: Listing
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add() -> None:
        services_inquiries.inquiry_submit(
            listing=listing_x, name="B", phone="081234567890", email="", quantity=1,
            message="", language="id",
        )  # fmt: skip

    add()
    login(client, officer)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/catalogue/inquiries/").status_code == 200
    for _ in range(5):
        add()
    with CaptureQueriesContext(connection) as six:
        html = client.get("/catalogue/inquiries/").content.decode()
    assert "6 pertanyaan" in html
    assert len(six.captured_queries) == len(one.captured_queries)
