"""The regency's logo for the web pages' header (``OVOP_REGENCY_LOGO``, the same cleaned
picture the documents print): served from ovop's own address, so the Content-Security-Policy
(``img-src 'self'``) allows it and the pages stay small (no data: URI in every page).

Public, like the certificates it is printed on. The header asks for ``?v=<version>``: that
address never changes content, so browsers keep it for a year; when the file changes, the
version and with it the address change.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from ovop.core.documents import regency_logo

#: A year: the versioned address of a logo never shows another picture.
VERSIONED_MAX_AGE_S = 365 * 24 * 3600
#: An hour for the address without its version (a bookmark, an old page).
UNVERSIONED_MAX_AGE_S = 3600


@login_not_required  # the login page and the public verification page show it too
@require_GET
def regency_logo_view(request: HttpRequest) -> HttpResponse:
    """The logo's picture; 404 when the installation has none."""
    logo = regency_logo()
    if logo is None:
        raise Http404
    etag = f'"{logo.version}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(logo.data, content_type=logo.content_type)
    versioned = request.GET.get("v") == logo.version
    max_age = VERSIONED_MAX_AGE_S if versioned else UNVERSIONED_MAX_AGE_S
    response["Cache-Control"] = f"public, max-age={max_age}" + (", immutable" if versioned else "")
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    return response
