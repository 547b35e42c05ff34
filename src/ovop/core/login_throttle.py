"""Login throttling (django-axes): the address a request came from, and the lockout page.

Behind a proxy every request comes from the proxy's address; throttling by that address
would lock out everyone at once. With TRUSTED_PROXY_COUNT = n (the number of proxies that
each append the address they saw to X-Forwarded-For), the client is the n-th address from
the right of that header: addresses further left were written by the client and can be
forged.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

#: HTTP status of the lockout page: Too Many Requests.
LOCKED_OUT_STATUS = 429


def client_ip(request: HttpRequest) -> str:
    peer = str(request.META.get("REMOTE_ADDR", ""))
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return peer
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < proxies:
        return peer
    return hops[-proxies]


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page a locked-out account or address sees, with the minutes it has to wait."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=LOCKED_OUT_STATUS)
