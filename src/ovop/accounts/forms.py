"""Admin forms for ovop's own user model: role and served villages next to Django's fields."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm, UsernameField
from django.core.exceptions import ValidationError

from ovop.accounts.models import User
from ovop.accounts.services import user_scope_check
from ovop.core.forms import CleanTextMixin


class _ScopeCheck:
    """Apply the role ↔ villages rule of ``accounts.services`` to the submitted values."""

    def _check_scope(self, cleaned: dict[str, Any]) -> None:
        if "role" not in cleaned or "villages" not in cleaned:
            return
        try:
            user_scope_check(role=cleaned["role"], villages=cleaned["villages"])
        except ValidationError as error:
            self.add_error(None, error)  # type: ignore[attr-defined]


class UserCreateForm(CleanTextMixin, _ScopeCheck, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email", "role", "villages")
        field_classes = {"username": UsernameField}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        self._check_scope(cleaned)
        return cleaned


class UserEditForm(CleanTextMixin, _ScopeCheck, UserChangeForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"username": UsernameField}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        self._check_scope(cleaned)
        return cleaned
