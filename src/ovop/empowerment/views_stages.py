"""Pages for what stages 1–4 hold: add (the forms sit on the cycle page), edit and remove
experiences, reasons, problems or projects and power bases; choose the one problem.

Each kind of content is one ``ContentKind`` below: its model, form, stage and services. Write
access as in ``views_cycles.writable_cycle`` (404 outside the scope, 403 read-only or closed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ovop.core.forms import Confirmation, add_service_errors, ask_to_confirm, run_and_redirect
from ovop.empowerment import selectors_cycles as selectors
from ovop.empowerment import services_stages as stages
from ovop.empowerment import services_stages_plan as plan
from ovop.empowerment.forms_cycles import STAGE_FORMS
from ovop.empowerment.models import Cycle, Experience, PowerBase, Problem, Reason, Stage
from ovop.empowerment.views_cycles import cycle_crumbs, form_page, writable_cycle


@dataclass(frozen=True)
class ContentKind:
    stage: int
    model: type[models.Model]
    #: The keyword naming the record in the update and remove services.
    keyword: str
    add: Callable[..., Any]
    update: Callable[..., Any]
    remove: Callable[..., None]
    title_add: Any
    title_edit: Any
    #: Flashed after each step; %(item)s is the record.
    added: Any
    saved: Any
    removed: Any
    #: Many-to-many fields whose current values fill the edit form.
    many: tuple[str, ...] = ()

    @property
    def form_class(self) -> Any:
        return STAGE_FORMS[self.stage][1]


KINDS: dict[str, ContentKind] = {
    "experiences": ContentKind(
        stage=Stage.EXPERIENCES,
        model=Experience,
        keyword="experience",
        add=stages.experience_add,
        update=stages.experience_update,
        remove=stages.experience_remove,
        title_add=gettext_lazy("Add an experience"),
        title_edit=gettext_lazy("Edit the experience"),
        added=gettext_lazy("Experience added."),
        saved=gettext_lazy("Experience saved."),
        removed=gettext_lazy("Experience removed."),
        many=("themes",),
    ),
    "reasons": ContentKind(
        stage=Stage.REASONS,
        model=Reason,
        keyword="reason",
        add=stages.reason_add,
        update=stages.reason_update,
        remove=stages.reason_remove,
        title_add=gettext_lazy("Add a reason"),
        title_edit=gettext_lazy("Edit the reason"),
        added=gettext_lazy("Reason added."),
        saved=gettext_lazy("Reason saved."),
        removed=gettext_lazy("Reason removed."),
        many=("experiences",),
    ),
    "problems": ContentKind(
        stage=Stage.PROBLEM,
        model=Problem,
        keyword="problem",
        add=plan.problem_add,
        update=plan.problem_update,
        remove=plan.problem_remove,
        title_add=gettext_lazy("Add a problem or project"),
        title_edit=gettext_lazy("Edit the problem or project"),
        added=gettext_lazy("Problem or project added."),
        saved=gettext_lazy("Problem or project saved."),
        removed=gettext_lazy("Problem or project removed."),
    ),
    "power-bases": ContentKind(
        stage=Stage.POWER_BASES,
        model=PowerBase,
        keyword="power_base",
        add=plan.power_base_add,
        update=plan.power_base_update,
        remove=plan.power_base_remove,
        title_add=gettext_lazy("Add a power base"),
        title_edit=gettext_lazy("Edit the power base"),
        added=gettext_lazy("Power base added."),
        saved=gettext_lazy("Power base saved."),
        removed=gettext_lazy("Power base removed."),
    ),
}


def _kind(slug: str) -> ContentKind:
    if slug not in KINDS:
        raise Http404
    return KINDS[slug]


def _back(cycle: Cycle, kind: ContentKind) -> str:
    return f"{cycle.get_absolute_url()}#stage-{kind.stage}"


def _form(kind: ContentKind, cycle: Cycle, data: Any, item: Any = None) -> Any:
    if item is None:
        return kind.form_class(data, cycle=cycle)
    initial = {name: getattr(item, name) for name in kind.form_class.base_fields}
    for name in kind.many:
        initial[name] = list(getattr(item, name).all())
    extra = {"kept": initial["themes"]} if "themes" in kind.many else {}
    return kind.form_class(data, cycle=cycle, initial=initial, **extra)


def _page(
    request: HttpRequest, cycle: Cycle, kind: ContentKind, form: Any, title: Any
) -> HttpResponse:
    return form_page(
        request,
        form,
        title=str(title),
        button=_("Save"),
        cancel=_back(cycle, kind),
        crumbs=cycle_crumbs(cycle),
    )


@require_http_methods(["GET", "POST"])
def stage_item_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    content = _kind(kind)
    user, cycle = writable_cycle(request, pk)
    form = _form(content, cycle, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            content.add(user=user, cycle=cycle, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, str(content.added))
            return redirect(_back(cycle, content))
    return _page(request, cycle, content, form, content.title_add)


@require_http_methods(["GET", "POST"])
def stage_item_edit(request: HttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    content = _kind(kind)
    user, cycle = writable_cycle(request, pk)
    item = selectors.stage_item(cycle, content.model, item_pk)
    form = _form(content, cycle, request.POST or None, item)
    if request.method == "POST" and form.is_valid():
        try:
            content.update(user=user, **{content.keyword: item}, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, str(content.saved))
            return redirect(_back(cycle, content))
    return _page(request, cycle, content, form, content.title_edit)


@require_POST
def stage_item_remove(request: HttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    """The first POST asks to confirm; the second (``confirm``) removes."""
    content = _kind(kind)
    user, cycle = writable_cycle(request, pk)
    item = selectors.stage_item(cycle, content.model, item_pk)
    back = _back(cycle, content)
    _reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Remove “%(item)s”") % {"item": _short(item)},
            what=_("It leaves the cycle; its removal stays in the cycle's history."),
            button=_("Remove"),
            cancel=back,
            crumbs=cycle_crumbs(cycle),
        ),
        reason=False,
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: content.remove(user=user, **{content.keyword: item}),
        done=str(content.removed),
        to=back,
    )


def _short(item: Any, limit: int = 60) -> str:
    text = str(item)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


@require_POST
def problem_choose(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    user, cycle = writable_cycle(request, pk)
    problem = selectors.stage_item(cycle, Problem, item_pk)
    return run_and_redirect(
        request,
        lambda: plan.problem_choose(user=user, problem=problem),
        done=_("“%(title)s” is the chosen problem or project.") % {"title": problem.title},
        to=f"{cycle.get_absolute_url()}#stage-{Stage.PROBLEM}",
    )
