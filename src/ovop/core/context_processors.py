from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the shared layout needs to draw the menu for the current user."""
    user = request.user
    if not user.is_authenticated:
        return {"nav_role": None}
    return {
        "nav_role": getattr(user, "role", None),
        "nav_reads_all": getattr(user, "reads_all", False),
        "nav_manages": getattr(user, "manages", False),
    }
