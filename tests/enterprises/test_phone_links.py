"""Where an enterprise's phone is shown (its page, the IKM list), it is a tap-to-call link and a
WhatsApp link in the Indonesian notation; the stored value stays +62…."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from tests.conftest import login

CALL = (
    '<a class="tel" href="tel:+6281234567890" aria-label="Call 0812-3456-7890">0812-3456-7890</a>'
)
WHATSAPP = '<a class="wa" href="https://wa.me/6281234567890"'


def test_detail_and_list_link_the_phone(
    english_client: Client, facilitator: User, enterprise_x: Enterprise
) -> None:
    login(english_client, facilitator)
    for url in (reverse("enterprises:detail", args=[enterprise_x.pk]), reverse("enterprises:list")):
        page = english_client.get(url).content.decode()
        assert CALL in page and WHATSAPP in page, url
    assert Enterprise.objects.get(pk=enterprise_x.pk).phone == "+6281234567890"
