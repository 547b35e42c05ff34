"""The public pages' cache: whole responses, per language and address, dropped at once when
anything a public page shows changes.

Every key carries a generation number; a change to a listing, its photos, its product, the
product's enterprise or certificates, a star rating or a village story bumps the generation
so every cached page is stale at once — the home page, the
search results, the sitemap and the product page all show listings together; the bump is done
at once and again after the commit. Only 200 answers
to GET requests are kept, for ``TIMEOUT_S`` at most.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation

TIMEOUT_S = 10 * 60
_GENERATION = "catalogue:generation"
#: Response headers kept with a cached page.
_KEPT = ("Content-Type", "Content-Language", "Link")


def generation() -> int:
    value = cache.get(_GENERATION)
    if value is None:
        cache.add(_GENERATION, 1, timeout=None)
        value = cache.get(_GENERATION, 1)
    return int(value)


def _bump() -> None:
    try:
        cache.incr(_GENERATION)
    except ValueError:
        cache.set(_GENERATION, 2, timeout=None)


def catalogue_changed() -> None:
    """Make every cached public page stale: now, and again when the current transaction
    commits (a page cached meanwhile from the rows before the change is dropped then)."""
    _bump()
    transaction.on_commit(_bump)


def page_key(request: HttpRequest) -> str:
    language = translation.get_language() or ""
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"catalogue:page:{generation()}:{language}:{address}"


def remembered(name: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept in the cache under ``name`` until the catalogue changes (for a
    piece of a page that is the same for every address, such as the search form's choices)."""
    key = f"catalogue:part:{generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT_S)
    return value


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve ``view``'s GET answers from the cache (see the module's documentation)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = page_key(request)
        stored = cache.get(key)
        if stored is not None:
            response = HttpResponse(stored["content"], status=200)
            for name, value in stored["headers"].items():
                response[name] = value
            response["X-Catalogue-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            headers = {name: response[name] for name in _KEPT if name in response}
            cache.set(key, {"content": response.content, "headers": headers}, TIMEOUT_S)
        response["X-Catalogue-Cache"] = "miss"
        return response

    return wrapper
