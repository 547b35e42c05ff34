"""The admin site, for administrators only.

Django admits every active staff user; ovop admits a staff user only if they are a superuser
or hold the administrator role. An officer or anyone else who has been given the staff flag is
sent to the admin log-in page with Django's "not authorised" note, and sees no admin page.
"""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.sites import AdminSite
from django.http import HttpRequest


class OvopAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        from ovop.accounts import scope  # the models load after this app's config

        user = request.user
        return bool(user.is_staff) and scope.can_manage_users(user)


class OvopAdminConfig(AdminConfig):
    default_site = "ovop.accounts.admin_site.OvopAdminSite"
