"""Which language a page is in: Bahasa Indonesia until the user chooses otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language header, and office PCs are often
set to English: the whole interface then switched to English unasked. Here the order is
1. the language a signed-in user chose (stored on the account, so it follows them to another
   device), 2. the language cookie set by the language menu, 3. ``settings.LANGUAGE_CODE``
(Indonesian). The browser's header is never read.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def supported(code: str | None) -> str | None:
    """``code`` if it is one of the installation's languages, else None."""
    codes = {language for language, _name in settings.LANGUAGES}
    return code if code in codes else None


def language_for(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    chosen = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return supported(chosen) or supported(cookie) or settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activates the language of ``language_for`` for the request (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
