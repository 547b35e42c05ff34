"""Users and their role. A role decides what a user may do; scope decides where."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator (Disperindag)")
    OFFICER = "officer", _("Programme officer")
    ASSESSOR = "assessor", _("Assessor")
    FACILITATOR = "facilitator", _("Village facilitator (pendamping)")
    OWNER = "owner", _("IKM owner")
    VIEWER = "viewer", _("Viewer (read-only)")


#: Roles that read everything in the regency.
READ_ALL_ROLES = frozenset({Role.ADMIN, Role.OFFICER, Role.VIEWER})
#: Roles that change registry and programme records anywhere in the regency.
MANAGE_ROLES = frozenset({Role.ADMIN, Role.OFFICER})


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    villages = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("villages served"),
        blank=True,
        related_name="facilitators",
        help_text=_("For facilitators: the villages whose records they may see and change."),
    )

    language = models.CharField(
        _("interface language"),
        max_length=8,
        blank=True,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        help_text=_("Chosen by the user in the language menu; empty means Bahasa Indonesia."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def reads_all(self) -> bool:
        return self.is_superuser or self.role in READ_ALL_ROLES

    @property
    def manages(self) -> bool:
        return self.is_superuser or self.role in MANAGE_ROLES
