"""A small rate limit on Django's cache, for public forms (no third-party service).

``hit(scope, key, limit=, window_s=)`` counts one hit of ``key`` (hashed, never stored as
typed) and says whether it is still within ``limit`` in the present window; ``allow(scope,
request, ...)`` does the same for the client's address, the one the login throttle uses
(``ovop.core.login_throttle.client_ip``: the proxy's forwarded address when
``TRUSTED_PROXY_COUNT`` says there is one). The window is fixed and starts at the first hit,
which is enough to keep a flood out; the count lives in the cache, so it is shared by every
process with a shared cache backend. Used by the catalogue's reviews and inquiries.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

from ovop.core.login_throttle import client_ip


def _key(scope: str, key: str) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def hit(scope: str, key: str, *, limit: int, window_s: int) -> bool:
    """Count one hit of ``key``; False when it is over ``limit`` in the present window."""
    name = _key(scope, key)
    if cache.add(name, 1, timeout=window_s):
        return limit >= 1
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=window_s)
        count = 1
    return int(count) <= limit


def allow(scope: str, request: HttpRequest, *, limit: int, window_s: int) -> bool:
    """Count one request of the client's address; True while it is within ``limit``."""
    return hit(scope, client_ip(request), limit=limit, window_s=window_s)
