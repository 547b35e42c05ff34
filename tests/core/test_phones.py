"""The phone filter: numbers stored as +62… are shown as Indonesians write them, as a
tap-to-call link and, for a mobile, a WhatsApp link; nothing else becomes a link."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from ovop.core.templatetags.phones import phone, phone_national


def render(value: object) -> str:
    return Template("{% load phones %}{{ value|phone }}").render(Context({"value": value}))


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+6281234567890", "0812-3456-7890"),
        ("+628123456789", "0812-3456-789"),
        ("+62812345678901", "0812-3456-78901"),
        ("+62215551234", "(021) 5551234"),
        ("+62717123456", "(0717) 123456"),  # Pangkalpinang and Bangka Tengah
        ("not a number", "not a number"),
    ],
)
def test_national_notation(stored: str, shown: str) -> None:
    assert phone_national(stored) == shown


def test_a_mobile_gets_a_call_link_and_a_whatsapp_link(english: None) -> None:
    assert render("+6281234567890") == (
        '<a class="tel" href="tel:+6281234567890" aria-label="Call 0812-3456-7890">'
        "0812-3456-7890</a> "
        '<a class="wa" href="https://wa.me/6281234567890" rel="external" '
        'aria-label="WhatsApp 0812-3456-7890">WhatsApp</a>'
    )


def test_a_landline_gets_a_call_link_only(english: None) -> None:
    assert render("+62717123456") == (
        '<a class="tel" href="tel:+62717123456" aria-label="Call (0717) 123456">(0717) 123456</a>'
    )


def test_no_number_is_a_dash_and_a_bad_one_stays_plain_escaped_text() -> None:
    assert render("") == "—"
    assert render(None) == "—"
    assert phone("<b>12345</b>") == "<b>12345</b>"  # not marked safe: the template escapes it
    assert render("<b>12345</b>") == "&lt;b&gt;12345&lt;/b&gt;"
