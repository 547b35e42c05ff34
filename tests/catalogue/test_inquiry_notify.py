"""The e-mail about a new inquiry: who gets it, in which language, what it holds and what it
never holds (the buyer's personal data), plain text with a one-line subject."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from pytest_django.fixtures import Settings

from ovop.accounts.models import Role, User
from ovop.catalogue import notify
from ovop.catalogue.forms_inquiry import started_token
from ovop.catalogue.models import Inquiry, Listing
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/id/katalog/produk/keripik-tenggiri-alfa/tanya/"
SCRIPT = "<script>alert(1)</script>"
BUYER = {
    "name": "Budi Pembeli",
    "phone": "0812-3456-7890",
    "email": "budi@pembeli.example",
    "quantity": "20",
    "message": f"Bisa kirim ke Pangkalpinang? {SCRIPT}",
    "consent": "on",
    "website": "",
}


@pytest.fixture
def staff(owner: User, officer: User, facilitator: User, viewer: User) -> dict[str, User]:
    """E-mail addresses for the owner (English), an officer, a facilitator and a viewer; an
    inactive administrator and an owner of another enterprise."""
    addresses = {
        owner: ("pemilik@ikm.example", "en"),
        officer: ("petugas@disperindag.example", ""),
        facilitator: ("pendamping@desa.example", ""),
        viewer: ("pimpinan@disperindag.example", ""),
    }
    for user, (email, language) in addresses.items():
        user.email, user.language = email, language
        user.save()
    UserFactory(username="old-admin", role=Role.ADMIN, email="lama@x.example", is_active=False)
    UserFactory(username="owner9", role=Role.OWNER, email="lain@ikm.example")
    return {"owner": owner, "officer": officer}


def send(client: Client, capture: Callable[..., Any]) -> Any:
    data = {**BUYER, "started": started_token(time.time() - 30)}
    with capture(execute=True):
        return client.post(URL, data, HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 13)")


def test_the_owner_and_the_officers_are_told_without_the_buyers_data(
    client: Client,
    listing_x: Listing,
    staff: dict[str, User],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    assert send(client, django_capture_on_commit_callbacks).status_code == 303
    inquiry = Inquiry.objects.get()
    sent = {m.to[0]: m for m in mail.outbox}
    assert sorted(sent) == ["pemilik@ikm.example", "petugas@disperindag.example"]
    officer = sent["petugas@disperindag.example"]
    assert officer.subject == "ovop: pembeli bertanya tentang Keripik Tenggiri Alfa"
    assert "Jumlah yang ditanyakan: 20 bungkus 250 g." in officer.body
    assert f"http://testserver/catalogue/inquiries/{inquiry.pk}/" in officer.body
    owner = sent["pemilik@ikm.example"]
    assert owner.subject == "ovop: a buyer asks about Keripik Tenggiri Alfa"
    assert "Quantity asked: 20 bungkus 250 g." in owner.body
    for message in mail.outbox:
        assert message.content_subtype == "plain" and not getattr(message, "alternatives", [])
        for private in ("Budi", "0812", "3456", "budi@pembeli", "Pangkalpinang", "<script"):
            assert private not in message.body + message.subject


def test_a_name_with_markup_and_line_breaks_stays_one_plain_line(
    client: Client,
    listing_x: Listing,
    staff: dict[str, User],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    Listing.objects.filter(pk=listing_x.pk).update(public_name=f"Keripik\r\nBcc: x@y.z {SCRIPT}")
    assert send(client, django_capture_on_commit_callbacks).status_code == 303
    subject = mail.outbox[0].subject
    assert subject == f"ovop: pembeli bertanya tentang Keripik Bcc: x@y.z {SCRIPT}"
    assert "\n" not in subject and "\r" not in subject
    assert mail.outbox[0].to == ["petugas@disperindag.example"]


def test_the_link_uses_the_installations_public_address(
    client: Client,
    listing_x: Listing,
    staff: dict[str, User],
    settings: Settings,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.OVOP_PUBLIC_URL = "https://ovop.bangkatengahkab.go.id"
    send(client, django_capture_on_commit_callbacks)
    pk = Inquiry.objects.get().pk
    link = f"https://ovop.bangkatengahkab.go.id/catalogue/inquiries/{pk}/"
    assert all(link in m.body for m in mail.outbox) and len(mail.outbox) == 2


def test_nothing_is_sent_for_a_robot_nor_without_addresses(
    client: Client,
    listing_x: Listing,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    send(client, django_capture_on_commit_callbacks)  # nobody has an e-mail address
    assert Inquiry.objects.count() == 1 and mail.outbox == []
    data = {**BUYER, "website": "http://spam.example", "started": started_token(time.time() - 30)}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data, HTTP_USER_AGENT="Mozilla/5.0")
    assert Inquiry.objects.count() == 1 and mail.outbox == []
    assert notify.inquiry_notify(10**9, "http://testserver") == 0  # erased meanwhile
