"""A small per-client rate limit on Django's cache, for public forms (no third-party service).

``allow(scope, request, limit=, window_s=)`` counts one request of the client's address in the
current window of ``window_s`` seconds and says whether it is within ``limit``. The address is
the one the login throttle uses (``ovop.core.login_throttle.client_ip``: the proxy's forwarded
address when ``TRUSTED_PROXY_COUNT`` says there is one). Fixed windows: a client may send up to
twice the limit across a window's boundary, which is enough against floods.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest

from ovop.core.login_throttle import client_ip


def _key(scope: str, request: HttpRequest, window_s: int) -> str:
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()[:24]
    return f"ratelimit:{scope}:{address}:{int(time.time() // window_s)}"


def allow(scope: str, request: HttpRequest, *, limit: int, window_s: int) -> bool:
    """Count this request; True while the client has sent at most ``limit`` in the window."""
    key = _key(scope, request, window_s)
    cache.add(key, 0, timeout=window_s + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_s + 1)
        count = 1
    return int(count) <= limit
