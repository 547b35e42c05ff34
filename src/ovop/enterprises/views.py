"""What the enterprise, product and certification pages share: who is asking, paging, errors.

The pages themselves live in views_enterprise.py, views_product.py and views_certification.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ovop.accounts.models import User

PAGE_SIZE = 25
#: How many of the latest changes a detail page shows (the history page shows them all).
RECENT_CHANGES = 3


def request_user(request: HttpRequest) -> User:
    """The signed-in user (LoginRequiredMiddleware sends everyone else to the login page)."""
    user = request.user
    assert isinstance(user, User)
    return user


def paginate(request: HttpRequest, items: Any) -> Page:  # type: ignore[type-arg]
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    """The cleaned values of the fields this form shows (and so may change)."""
    return {name: form.cleaned_data[name] for name in form.fields if name in form.cleaned_data}


class HasUrl(Protocol):
    def get_absolute_url(self) -> str: ...


def run_and_return(
    request: HttpRequest, obj: HasUrl, action: Callable[[], object], done: str
) -> HttpResponse:
    """Run an archive/restore ``action``; report ``done`` or the refusal, back to ``obj``."""
    try:
        action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(obj.get_absolute_url())
