"""The language menu: remembers the choice in a cookie and, for a signed-in user, on the
account, so that it follows them to another device (see ovop.core.language)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from ovop.accounts.models import User
from ovop.core.language import supported


@login_not_required
@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    response = set_language(request)
    language = supported(request.POST.get("language"))
    user = request.user
    if language and isinstance(user, User) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response
