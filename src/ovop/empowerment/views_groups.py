"""Group pages: parse the request, check the role, call one selector or service.

Readers are everyone but assessors (``scope.require_reader``); a group outside the user's
villages is not found (404); a reader who may not change the group's village gets 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.accounts.models import User
from ovop.core.forms import (
    Confirmation,
    add_service_errors,
    archive_warning,
    ask_to_confirm,
    run_and_redirect,
)
from ovop.core.history import history_page
from ovop.core.pagination import paginate
from ovop.empowerment import scope, services_groups
from ovop.empowerment import selectors_groups as selectors
from ovop.empowerment.forms_groups import GroupFilterForm, GroupForm
from ovop.empowerment.models import Group

HISTORY_PAGE_SIZE = 50


def group_crumbs(group: Group | None = None) -> list[tuple[str, str]]:
    """(address, text) crumbs between Home and a page about ``group``."""
    crumbs = [(reverse("empowerment:group_list"), _("Groups"))]
    if group is not None:
        crumbs.append((group.get_absolute_url(), group.name))
    return crumbs


def writable_group(request: HttpRequest, pk: int) -> tuple[User, Group]:
    """The signed-in user and the group ``pk``: 404 outside their read scope, 403 when they
    may read it but not change it."""
    user = scope.require_reader(request.user)
    group = selectors.group_get(user=user, pk=pk)
    scope.require_change_village(user, group.village_id)
    return user, group


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    user = scope.require_reader(request.user)
    form = GroupFilterForm(request.GET or None)
    form.is_valid()
    page_obj = paginate(request, selectors.group_list(user=user, filters=form.filters()))
    context = {
        "form": form,
        "page_obj": page_obj,
        "rows": selectors.group_rows(page_obj),
        "can_create": scope.villages_for_new_records(user).exists(),
    }
    return render(request, "empowerment/group_list.html", context)


@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest) -> HttpResponse:
    user = scope.require_writer(request.user)
    initial = {"village": request.GET.get("village")} if request.GET.get("village") else {}
    form = GroupForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            group = services_groups.group_create(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Group “%(name)s” created.") % {"name": group.name})
            return redirect(group)
    context = {"form": form, "group": None, "crumbs": group_crumbs()}
    return render(request, "empowerment/group_form.html", context)


@require_GET
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    group = selectors.group_get(user=user, pk=pk)
    context = {
        "group": group,
        "detail": selectors.group_detail(user=user, group=group),
        "can_change": scope.can_change_village(user, group.village_id),
        "crumbs": group_crumbs(),
    }
    return render(request, "empowerment/group_detail.html", context)


@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, group = writable_group(request, pk)
    form = GroupForm(request.POST or None, user=user, initial=GroupForm.initial_for(group))
    if request.method == "POST" and form.is_valid():
        try:
            services_groups.group_update(user=user, group=group, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Group “%(name)s” saved.") % {"name": group.name})
            return redirect(group)
    context = {"form": form, "group": group, "crumbs": group_crumbs(group)}
    return render(request, "empowerment/group_form.html", context)


@require_POST
def group_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """The first POST asks to confirm, with a reason; the second (``confirm``) archives."""
    user, group = writable_group(request, pk)
    reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Archive %(name)s") % {"name": group.name},
            what=_(
                "Group “%(name)s” will be archived: it leaves the list of groups, and its "
                "members can no longer be changed."
            )
            % {"name": group.name},
            warning=archive_warning(),
            cancel=group.get_absolute_url(),
            crumbs=group_crumbs(group),
        ),
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services_groups.group_archive(user=user, group=group, reason=reason),
        done=_("Group “%(name)s” archived.") % {"name": group.name},
        to=group,
    )


@require_POST
def group_restore(request: HttpRequest, pk: int) -> HttpResponse:
    user, group = writable_group(request, pk)
    return run_and_redirect(
        request,
        lambda: services_groups.group_restore(user=user, group=group),
        done=_("Group “%(name)s” restored.") % {"name": group.name},
        to=group,
    )


@require_GET
def group_history(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    group = selectors.group_get(user=user, pk=pk)
    return history_page(
        request,
        title=_("History of %(name)s") % {"name": group.name},
        crumbs=group_crumbs(group),
        back=group.get_absolute_url(),
        back_text=_("Back to the group"),
        intro=_(
            "Every change to the group and its members: who made it, when, and the values "
            "before and after."
        ),
        entries=selectors.group_history(group=group),
        page_size=HISTORY_PAGE_SIZE,
    )
