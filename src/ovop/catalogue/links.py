"""Marketplace links of a listing: where a buyer can order the product online.

A listing holds at most ``MAX_LINKS`` links. A link is an ``https://`` address, or an
``http://`` one on a known marketplace (which all answer on https too: the address is rewritten
to https). Nothing else is accepted (no ``javascript:``, ``data:``, ``ftp:``, no address with a
user name or password in it). A known marketplace is shown by its name, another site by its
host name.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_LINKS = 5
MAX_URL_LENGTH = 300

#: Host (without "www.") → the name buyers know the marketplace by.
MARKETPLACES = {
    "tokopedia.com": "Tokopedia",
    "tokopedia.link": "Tokopedia",
    "shopee.co.id": "Shopee",
    "shp.ee": "Shopee",
    "bukalapak.com": "Bukalapak",
    "lazada.co.id": "Lazada",
    "blibli.com": "Blibli",
    "tiktok.com": "TikTok Shop",
    "instagram.com": "Instagram",
    "facebook.com": "Facebook",
}


def _host(netloc: str) -> str:
    host = netloc.lower().split(":", 1)[0]
    return host[4:] if host.startswith("www.") else host


def marketplace_name(url: str) -> str:
    """The marketplace's name for a known one, else the site's host name."""
    host = _host(urlsplit(url).netloc)
    for known, name in MARKETPLACES.items():
        if host == known or host.endswith("." + known):
            return name
    return host


def _known(host: str) -> bool:
    return any(host == known or host.endswith("." + known) for known in MARKETPLACES)


def link_clean(raw: str) -> str:
    """One address, checked (see the module's documentation); the address as stored."""
    url = raw.strip()
    if len(url) > MAX_URL_LENGTH:
        raise ValidationError(
            _("Marketplace link: at most %(n)d characters.") % {"n": MAX_URL_LENGTH},
            code="link_length",
        )
    parts = urlsplit(url)
    host = _host(parts.netloc)
    bad = (
        parts.scheme not in ("http", "https")
        or not host
        or "@" in parts.netloc
        or any(ch.isspace() for ch in url)
    )
    if bad or (parts.scheme == "http" and not _known(host)):
        raise ValidationError(
            _(
                "Marketplace link: “%(url)s” is not accepted; give an https:// address "
                "(or the http:// address of a known marketplace)."
            )
            % {"url": url[:80]},
            code="link_invalid",
        )
    return urlunsplit(("https", parts.netloc, parts.path, parts.query, parts.fragment))


def links_clean(value: Any) -> list[str]:
    """A list of addresses, each checked, duplicates dropped; at most ``MAX_LINKS``."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Marketplace links: a list of addresses."), code="links_type")
    cleaned: list[str] = []
    for item in value:
        if item.strip():
            url = link_clean(item)
            if url not in cleaned:
                cleaned.append(url)
    if len(cleaned) > MAX_LINKS:
        raise ValidationError(
            _("Marketplace links: at most %(n)d.") % {"n": MAX_LINKS}, code="links_count"
        )
    return cleaned
