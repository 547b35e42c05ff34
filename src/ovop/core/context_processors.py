from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from ovop.core.documents import regency_logo


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the shared layout needs to draw the header and the menu for the current user."""
    header = regency_header()
    user = request.user
    if not user.is_authenticated:
        return {"nav_role": None, **header}
    return {
        "nav_role": getattr(user, "role", None),
        "nav_reads_all": getattr(user, "reads_all", False),
        "nav_manages": getattr(user, "manages", False),
        **header,
    }


def regency_header() -> dict[str, str]:
    """The regency's name (``OVOP_REGENCY_NAME``) and the address of its logo, versioned by
    the file (``OVOP_REGENCY_LOGO``; "" when none is configured or it is no picture)."""
    logo = regency_logo()
    url = f"{reverse('regency_logo')}?v={logo.version}" if logo else ""
    return {"regency_name": settings.OVOP_REGENCY_NAME, "regency_logo_url": url}
