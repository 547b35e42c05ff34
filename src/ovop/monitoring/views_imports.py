"""Pages of imports and of the round's files: upload, the dry-run report with its progress,
confirm, cancel; the round's spreadsheet template, field form (XLSForm) and respondent list.

Imports are made by administrators and officers (403 otherwise); each sees their own imports
(administrators every one). The files of a round are downloaded by those who may enter its
values (the template holds only the respondents the user may see).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.core.forms import CleanTextMixin, add_service_errors, run_and_redirect
from ovop.enterprises.registry_template import registry_template
from ovop.monitoring import jobs, scope, services_imports, services_xlsform, xlsform
from ovop.monitoring.models import ImportJob
from ovop.monitoring.models_imports import ImportKind, JobStatus
from ovop.monitoring.selectors_rounds import respondents_of, round_get
from ovop.monitoring.template_round import round_template
from ovop.monitoring.views_rounds import round_crumbs
from ovop.regions.models import Level, Region

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RegistryForm(CleanTextMixin, forms.Form):
    region = forms.ModelChoiceField(
        label=gettext_lazy("Regency"),
        queryset=Region.objects.filter(level=Level.REGENCY, children__isnull=False).distinct(),
        help_text=gettext_lazy("The villages of the file are looked for in this regency."),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("XLSX, XLS, ODS or CSV (comma or semicolon)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = list(self.fields["region"].queryset[:2])  # type: ignore[attr-defined]
        if len(choices) == 1:
            self.fields["region"].initial = choices[0].pk


class UploadForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file holds"),
        choices=[
            (ImportKind.VALUES, gettext_lazy("This round's office spreadsheet")),
            (
                ImportKind.FIELD,
                gettext_lazy("A KoboToolbox or ODK Central export of this round's field form"),
            ),
        ],
        widget=forms.RadioSelect,
        initial=ImportKind.VALUES,
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("XLSX, XLS, ODS or CSV (comma or semicolon)."),
    )


def _too_large_message() -> str:
    return _("The file is larger than the %(limit)s MB an import may be.") % {
        "limit": services_imports.max_bytes() // 1_048_576
    }


def _too_large(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > services_imports.max_bytes() + 65536
    except ValueError:
        return False


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    round_ = round_get(user=user, pk=pk)
    refused = ""
    if request.method == "POST" and _too_large(request):
        form = UploadForm()
        refused = _too_large_message()
        status = 413
    else:
        form = UploadForm(request.POST or None, request.FILES or None)
        status = 200
        if request.method == "POST" and form.is_valid():
            try:
                job = services_imports.import_upload(
                    user=user,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                    round_=round_,
                )
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                return redirect("monitoring:import", job.pk)
        elif request.method == "POST":
            status = 400
    context = {
        "round": round_,
        "form": form,
        "refused": refused,
        "crumbs": round_crumbs(round_),
        "recent": ImportJob.objects.filter(round=round_, created_by=user)[:10],
        "inline_limit": services_xlsform.INLINE_RESPONDENTS,
    }
    return render(request, "monitoring/import_upload.html", context, status=status)


@require_http_methods(["GET", "POST"])
def registry_upload(request: HttpRequest) -> HttpResponse:
    user = scope.require_manager(request.user)
    status = 200
    refused = ""
    if request.method == "POST" and _too_large(request):
        form = RegistryForm()
        refused = _too_large_message()
        status = 413
    else:
        form = RegistryForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                job = services_imports.import_upload(
                    user=user,
                    kind=ImportKind.REGISTRY,
                    upload=form.cleaned_data["file"],
                    region=form.cleaned_data["region"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                return redirect("monitoring:import", job.pk)
        elif request.method == "POST":
            status = 400
    context = {
        "form": form,
        "refused": refused,
        "crumbs": [(reverse("enterprises:list"), _("Enterprises"))],
        "recent": ImportJob.objects.filter(kind=ImportKind.REGISTRY, created_by=user)[:10],
    }
    return render(request, "monitoring/registry_upload.html", context, status=status)


@require_GET
def registry_template_download(request: HttpRequest) -> HttpResponse:
    scope.require_manager(request.user)
    response = HttpResponse(registry_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="ovop-templat-daftar-ikm.xlsx"'
    return response


def _job(request: HttpRequest, pk: int) -> ImportJob:
    user = scope.require_manager(request.user)
    job = ImportJob.objects.select_related("round", "created_by").filter(pk=pk).first()
    if job is None or (job.created_by_id != user.pk and not scope.is_admin(user)):
        raise Http404
    return job


def _job_context(job: ImportJob) -> dict[str, object]:
    progress = jobs.progress_read(job)
    errors = [p for p in job.problems if not p.get("note")]
    notes = [p for p in job.problems if p.get("note") and not p.get("duplicate")]
    duplicates = [p for p in job.problems if p.get("duplicate")]
    building = job.kind == ImportKind.XLSFORM
    return {
        "job": job,
        "building": building,
        # a build's bar: its respondents read, then written into the form
        "bar_max": 2 * int(job.counts.get("respondents", 0)) if building else 0,
        "bar_value": progress.rows_read + progress.rows_written,
        "progress": progress,
        "errors": errors,
        "notes": notes,
        "duplicates": duplicates,
        "more_errors": max(0, job.errors_count - len(errors)),
        "crumbs": round_crumbs(job.round)
        if job.round
        else [(reverse("monitoring:registry_upload"), _("IKM registry import"))],
    }


@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "monitoring/import_detail.html", _job_context(job))


@require_GET
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the job page polls while the work runs. When the job has moved
    on from the state the page shows (``?shown=``), the whole page is reloaded (HTMX's
    ``HX-Refresh``): the counts, the bad rows and the buttons of the new state appear."""
    job = _job(request, pk)
    response = render(request, "monitoring/_import_progress.html", _job_context(job))
    shown = request.GET.get("shown", "")[:20]
    if shown and shown != job.status:
        response["HX-Refresh"] = "true"
    return response


def _rows(request: HttpRequest) -> list[int]:
    """The row numbers ticked as new businesses (at most MAX_PROBLEMS of them)."""
    ticked = request.POST.getlist("accept_new")[: jobs.MAX_PROBLEMS]
    return [int(t) for t in ticked if t.isdigit() and len(t) < 8]


@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    user = scope.require_manager(request.user)
    back = reverse("monitoring:import", args=[job.pk])
    accept_new = _rows(request)
    return run_and_redirect(
        request,
        lambda: services_imports.import_confirm(user=user, job=job, accept_new=accept_new),
        done=lambda j: (
            _("Import finished: everything was stored.")
            if j.status == "done"
            else _("The import is being written; this page shows its progress.")
        ),
        to=back,
    )


@require_POST
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    user = scope.require_manager(request.user)
    return run_and_redirect(
        request,
        lambda: services_imports.import_cancel(user=user, job=job),
        done=_("Cancel asked for: the form will not be built.")
        if job.kind == ImportKind.XLSFORM
        else _("Cancel asked for: nothing of this import is stored."),
        to=reverse("monitoring:import", args=[job.pk]),
    )


@require_GET
def round_template_download(request: HttpRequest, pk: int) -> FileResponse:
    user = scope.require_manager(request.user)
    round_ = round_get(user=user, pk=pk)
    rows = respondents_of(user=user, round_=round_).prefetch_related("values")
    book = round_template(round_, rows)
    return FileResponse(
        book,
        as_attachment=True,
        content_type=XLSX,
        filename=f"ovop-putaran-{round_.pk}-templat.xlsx",
    )


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def round_xlsform_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The form that reads its respondents from the ``respondents.csv`` attachment."""
    user = scope.require_manager(request.user)
    round_ = round_get(user=user, pk=pk)
    try:
        content = xlsform.round_xlsform(round_)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("monitoring:import_upload", round_.pk)
    return _xlsx(content, services_xlsform.file_name(round_))


@require_POST
def round_xlsform_build(request: HttpRequest, pk: int) -> HttpResponse:
    """The form with the respondents inside: the file at once for a small round, else the
    page of the background build."""
    user = scope.require_manager(request.user)
    round_ = round_get(user=user, pk=pk)
    try:
        outcome = services_xlsform.xlsform_inline(user=user, round_=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("monitoring:import_upload", round_.pk)
    if isinstance(outcome, ImportJob):
        return redirect("monitoring:import", outcome.pk)
    return _xlsx(outcome, services_xlsform.file_name(round_))


@require_GET
def import_output(request: HttpRequest, pk: int) -> FileResponse:
    """What a finished background build produced (the field form), for its maker."""
    job = _job(request, pk)
    if job.kind != ImportKind.XLSFORM or job.status != JobStatus.DONE or not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"), as_attachment=True, content_type=XLSX, filename=job.file_name
    )


@require_GET
def round_roster_download(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    round_ = round_get(user=user, pk=pk)
    response = HttpResponse(xlsform.respondents_csv(round_), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="respondents.csv"'
    return response
