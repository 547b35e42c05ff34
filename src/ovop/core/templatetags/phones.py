"""Phone numbers on pages: stored as +62…, shown the way Indonesians write them (0812-3456-7890),
as a tap-to-call link and, for a mobile number, a WhatsApp link.

    {% load phones %}{{ enterprise.phone|phone }}
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from lokal import parse_phone

register = template.Library()

#: Shown for a record without a phone number.
NONE = "—"


def phone_national(value: str) -> str:
    """+6281234567890 → "0812-3456-7890"; a landline without a known area code is shown as
    "(0717) 123456"; anything that is not an Indonesian number comes back unchanged."""
    info = parse_phone(value)
    if not info.valid or not info.national:
        return value
    national: str = info.national
    if info.type == "landline" and national.isdigit() and len(national) > 7:
        return f"({national[:4]}) {national[4:]}"
    return national


@register.filter
def phone(value: str | None) -> str:
    """Links to call the number (tel:) and to message it on WhatsApp (wa.me, mobiles only)."""
    if not value:
        return NONE
    info = parse_phone(value)
    if not info.valid or not info.e164:
        return value  # autoescaped as plain text: not a number a phone could call
    shown = phone_national(value)
    call: SafeString = format_html(
        '<a class="tel" href="tel:{}" aria-label="{}">{}</a>',
        info.e164,
        _("Call %(number)s") % {"number": shown},
        shown,
    )
    if not info.whatsapp:
        return call
    return format_html(
        '{} <a class="wa" href="https://wa.me/{}" rel="external" aria-label="{}">{}</a>',
        call,
        info.whatsapp,
        _("WhatsApp %(number)s") % {"number": shown},
        _("WhatsApp"),
    )
