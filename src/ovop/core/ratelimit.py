"""A small rate limit on Django's cache: at most ``limit`` hits per key in a fixed window.

Used where a public form must not be flooded (the catalogue's inquiries). The window is fixed
(it starts at the first hit), which is enough to keep a flood out; the count lives in the
cache, so it is per cache (shared by every process with a shared cache backend).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


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
