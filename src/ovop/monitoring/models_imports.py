"""An import: the uploaded file, what its dry run found and how far its writing has come.

The row is the import's whole state, so that a page can poll it while a background worker
writes: rows read and written, errors so far, the counts of the dry run (created, updated,
left alone), the first bad rows with sheet, row, column and reason, and a cancel request the
worker honours between batches (a cancelled or failed import changes nothing: its writes are
one transaction).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ovop.core.files import UploadTo


class ImportKind(models.TextChoices):
    VALUES = "values", _("Round values (office spreadsheet)")
    FIELD = "field", _("Field form export (KoboToolbox or ODK Central)")
    REGISTRY = "registry", _("IKM registry")
    #: Not an import: the build of a round's field form with its respondents inside, which
    #: a large round leaves to the worker with the same progress and cancel.
    XLSFORM = "xlsform", _("Field form (XLSForm) with the respondents inside")


class JobStatus(models.TextChoices):
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked: waiting for confirmation")
    REFUSED = "refused", _("Refused: the file has errors")
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Writing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed: nothing changed")
    CANCELLED = "cancelled", _("Cancelled: nothing changed")


#: States after which nothing more happens to an import.
FINISHED = frozenset({JobStatus.REFUSED, JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED})


class ImportJob(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=ImportKind.choices)
    round = models.ForeignKey(
        "monitoring.Round",
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="imports",
    )
    #: A registry import's regency (where the villages of the file are looked for).
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("regency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    #: Rows of a registry file the user confirmed as new businesses, not duplicates.
    accept_new = models.JSONField(default=list, blank=True)
    file = models.FileField(_("file"), upload_to=UploadTo("imports"), max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    file_bytes = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.CHECKING
    )
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    errors_count = models.PositiveIntegerField(_("bad rows"), default=0)
    #: The dry run's counts: {"created": n, "updated": n, "unchanged": n, ...}.
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    #: The first bad rows: [{"sheet", "row", "column", "reason"}], at most MAX_PROBLEMS.
    problems = models.JSONField(_("bad rows"), default=list, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)
    #: The uploader's language: the worker writes the report's reasons in it.
    language = models.CharField(max_length=8, default="id")
    task_id = models.CharField(max_length=64, blank=True)
    cancel_requested = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED
