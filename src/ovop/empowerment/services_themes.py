"""Writes for the experience theme list: add, rename, archive and restore a theme.

Only administrators and officers keep the list (``scope_themes``); a theme is archived, never
deleted, so that the experiences tagged with it keep their tag. Codes are slugs, unique.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import save_with_history
from ovop.empowerment.models_cycle import Theme
from ovop.empowerment.scope_themes import require_theme_manager


def _check_names(name_id: str, name_en: str) -> tuple[str, str]:
    name_id, name_en = name_id.strip(), name_en.strip()
    if not name_id:
        raise ValidationError({"name_id": _("Name (Indonesian): this field is required.")})
    if not name_en:
        raise ValidationError({"name_en": _("Name (English): this field is required.")})
    return name_id, name_en


@transaction.atomic
def theme_create(*, user: User, code: str, name_id: str, name_en: str) -> Theme:
    """Add a theme; ``code`` is a slug (lower-case letters, digits, hyphens), unique."""
    require_theme_manager(user)
    code = code.strip()
    if not code or code != slugify(code):
        raise ValidationError(
            {
                "code": _(
                    "Code: use lower-case letters, digits and hyphens only, such as “raw-material”."
                )
            }
        )
    if Theme.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("Code: a theme with the code “%(code)s” exists already.") % {"code": code}}
        )
    name_id, name_en = _check_names(name_id, name_en)
    theme = Theme(code=code, name_id=name_id, name_en=name_en)
    return save_with_history(theme, user=user, reason="created")


@transaction.atomic
def theme_update(*, user: User, theme: Theme, name_id: str, name_en: str) -> Theme:
    """Rename a theme (its code stays: it may be used elsewhere)."""
    require_theme_manager(user)
    theme.name_id, theme.name_en = _check_names(name_id, name_en)
    return save_with_history(theme, user=user, reason="edited")


@transaction.atomic
def theme_archive(*, user: User, theme: Theme) -> Theme:
    """Take a theme off the list offered for new tags; experiences keep it."""
    require_theme_manager(user)
    if theme.archived_at is not None:
        raise ValidationError(_("%(record)s is already archived.") % {"record": theme})
    theme.archived_at = timezone.now()
    return save_with_history(theme, user=user, reason="archived")


@transaction.atomic
def theme_restore(*, user: User, theme: Theme) -> Theme:
    """Offer an archived theme again."""
    require_theme_manager(user)
    if theme.archived_at is None:
        raise ValidationError(_("%(record)s is not archived.") % {"record": theme})
    theme.archived_at = None
    return save_with_history(theme, user=user, reason="restored")
