"""The experience theme list: officers keep it, facilitators and viewers read it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.core.forms import (
    Confirmation,
    add_service_errors,
    ask_to_confirm,
    run_and_redirect,
)
from ovop.empowerment import services_themes
from ovop.empowerment.forms_groups import ThemeForm
from ovop.empowerment.models_cycle import Theme
from ovop.empowerment.scope_themes import (
    can_manage_themes,
    require_theme_manager,
    require_theme_reader,
)


def _crumbs() -> list[tuple[str, str]]:
    return [(reverse("empowerment:theme_list"), _("Experience themes"))]


@require_GET
def theme_list(request: HttpRequest) -> HttpResponse:
    user = require_theme_reader(request.user)
    themes = Theme.objects.order_by("archived_at", "name_id", "pk")
    context = {"themes": themes, "can_manage": can_manage_themes(user)}
    return render(request, "empowerment/theme_list.html", context)


@require_http_methods(["GET", "POST"])
def theme_create(request: HttpRequest) -> HttpResponse:
    user = require_theme_manager(request.user)
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services_themes.theme_create(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Theme “%(name)s” added.") % {"name": theme})
            return redirect("empowerment:theme_list")
    context = {"form": form, "theme": None, "crumbs": _crumbs()}
    return render(request, "empowerment/theme_form.html", context)


@require_http_methods(["GET", "POST"])
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_theme_manager(request.user)
    theme = get_object_or_404(Theme, pk=pk)
    initial = {"name_id": theme.name_id, "name_en": theme.name_en}
    form = ThemeForm(request.POST or None, initial=initial, renaming=True)
    if request.method == "POST" and form.is_valid():
        try:
            services_themes.theme_update(user=user, theme=theme, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Theme “%(name)s” saved.") % {"name": theme})
            return redirect("empowerment:theme_list")
    context = {"form": form, "theme": theme, "crumbs": _crumbs()}
    return render(request, "empowerment/theme_form.html", context)


@require_POST
def theme_archive(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_theme_manager(request.user)
    theme = get_object_or_404(Theme, pk=pk)
    back = reverse("empowerment:theme_list")
    _reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Archive the theme %(name)s") % {"name": theme},
            what=_(
                "“%(name)s” will no longer be offered for new experiences; the experiences "
                "already tagged with it keep the tag."
            )
            % {"name": theme},
            warning=_("It can be restored later."),
            cancel=back,
            crumbs=_crumbs(),
        ),
        reason=False,
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services_themes.theme_archive(user=user, theme=theme),
        done=_("Theme “%(name)s” archived.") % {"name": theme},
        to=back,
    )


@require_POST
def theme_restore(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_theme_manager(request.user)
    theme = get_object_or_404(Theme, pk=pk)
    return run_and_redirect(
        request,
        lambda: services_themes.theme_restore(user=user, theme=theme),
        done=_("Theme “%(name)s” restored.") % {"name": theme},
        to=reverse("empowerment:theme_list"),
    )
