"""A request for the evaluation report, built in the background (``services_report``).

The report of a regency takes a few seconds on the demo and longer on a large regency's data
(its PDF most of it): a reader asks for it, sees its progress, and downloads it when it is
ready. The file is kept in the database row — the worker and the web processes need not share
a disk — and only the reader who asked (or an administrator) may download it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("being made")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class ReportKind(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"


class ReportJob(models.Model):
    programme = models.ForeignKey(
        "programme.Programme", on_delete=models.CASCADE, related_name="report_jobs"
    )
    year = models.PositiveSmallIntegerField()
    language = models.CharField(max_length=2)
    kind = models.CharField(max_length=4, choices=ReportKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    #: 0–100, and what is being done (a chapter's title, "PDF", ...).
    progress_pct = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    #: What went wrong, in words a reader can act on (the details are in the worker's log).
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("report request")
        verbose_name_plural = _("report requests")
        indexes = [
            models.Index(fields=["created_by", "-created_at"], name="evaluation_report_mine")
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.year}/{self.kind}#{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)
