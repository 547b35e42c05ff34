"""Member and people pages: add, edit and remove group members; edit a person.

Scope as on the group pages: 404 outside the user's read scope, 403 when the user may read
the record but not change its village.
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
from ovop.empowerment import scope, services_groups
from ovop.empowerment import selectors_groups as selectors
from ovop.empowerment.forms_groups import MemberAddForm, MembershipForm, PersonForm
from ovop.empowerment.models import Membership, Person
from ovop.empowerment.views_groups import group_crumbs, writable_group


def _writable_membership(request: HttpRequest, pk: int) -> tuple[User, Membership]:
    user = scope.require_reader(request.user)
    membership = selectors.membership_get(user=user, pk=pk)
    scope.require_change_village(user, membership.group.village_id)
    return user, membership


def _writable_person(request: HttpRequest, pk: int) -> tuple[User, Person]:
    user = scope.require_reader(request.user)
    person = selectors.person_get(user=user, pk=pk)
    scope.require_change_village(user, person.village_id)
    return user, person


@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, group = writable_group(request, pk)
    form = MemberAddForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services_groups.member_add(user=user, group=group, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is a member of %(group)s.")
                % {"name": membership.person.name, "group": group.name},
            )
            return redirect(group)
    context = {"form": form, "group": group, "crumbs": group_crumbs(group)}
    return render(request, "empowerment/member_add.html", context)


@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, membership = _writable_membership(request, pk)
    group = membership.group
    form = MembershipForm(request.POST or None, initial=MembershipForm.initial_for(membership))
    if request.method == "POST" and form.is_valid():
        try:
            services_groups.member_update(user=user, membership=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Role of %(name)s saved.") % {"name": membership.person.name}
            )
            return redirect(group)
    context = {
        "form": form,
        "membership": membership,
        "group": group,
        "crumbs": group_crumbs(group),
    }
    return render(request, "empowerment/member_form.html", context)


@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """The first POST asks to confirm, with a reason; the second archives the membership."""
    user, membership = _writable_membership(request, pk)
    group, name = membership.group, membership.person.name
    reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Remove %(name)s from %(group)s") % {"name": name, "group": group.name},
            what=_(
                "%(name)s will no longer be a member of “%(group)s”; the meetings they "
                "attended keep them. Adding them again restores the membership."
            )
            % {"name": name, "group": group.name},
            warning=archive_warning(),
            button=_("Remove"),
            cancel=group.get_absolute_url(),
            crumbs=group_crumbs(group),
        ),
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services_groups.member_remove(user=user, membership=membership, reason=reason),
        done=_("%(name)s removed from %(group)s.") % {"name": name, "group": group.name},
        to=group,
    )


@require_POST
def member_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a former member again, with the role they had."""
    user, membership = _writable_membership(request, pk)
    group, person = membership.group, membership.person
    return run_and_redirect(
        request,
        lambda: services_groups.member_add(
            user=user, group=group, person=person, role=membership.role
        ),
        done=_("%(name)s is a member of %(group)s.") % {"name": person.name, "group": group.name},
        to=group,
    )


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    person = selectors.person_get(user=user, pk=pk)
    context = {
        "person": person,
        "memberships": selectors.person_groups(user=user, person=person),
        "age_group": person.age_group_in(selectors.this_year()),
        "can_change": scope.can_change_village(user, person.village_id),
        "crumbs": group_crumbs(),
    }
    return render(request, "empowerment/person_detail.html", context)


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, person = _writable_person(request, pk)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        try:
            services_groups.person_update(user=user, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": person.name})
            return redirect("empowerment:person_detail", pk=person.pk)
    context = {"form": form, "person": person, "crumbs": group_crumbs()}
    return render(request, "empowerment/person_form.html", context)


@require_GET
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    person = selectors.person_get(user=user, pk=pk)
    back = reverse("empowerment:person_detail", args=[person.pk])
    return history_page(
        request,
        title=_("History of %(name)s") % {"name": person.name},
        crumbs=[*group_crumbs(), (back, person.name)],
        back=back,
        back_text=_("Back to the person"),
        entries=selectors.person_history(person=person),
    )
