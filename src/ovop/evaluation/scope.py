"""Who may see and change the evaluation: the one place for it.

- admin, officer: read every estimate; change a programme's evaluation settings; adopt the
  efficiency's revenue figures as the budget plan's measured effects per rupiah.
- viewer: reads every estimate, changes nothing.
- admin, officer, viewer: ask for the evaluation report; each downloads their own reports
  (an administrator anyone's).
- facilitator, owner, assessor, and anyone not signed in: no access to the programme-wide
  estimates (403); their own smaller views come with the dashboard.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from ovop.accounts.models import Role, User
from ovop.monitoring import scope as monitoring_scope


def can_read(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and user.is_active and user.reads_all


def require_reader(user: User | AnonymousUser) -> User:
    if not can_read(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user


#: The settings are changed by those who manage the survey rounds: admins and officers.
require_manager = monitoring_scope.require_manager


def report_job_filter(user: User) -> Q:
    """The report requests a reader sees: their own; an administrator's, everyone's."""
    return Q() if user.role == Role.ADMIN else Q(created_by=user)
