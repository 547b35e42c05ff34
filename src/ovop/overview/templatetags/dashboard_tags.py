"""Template tags of the dashboard."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

SELECTED = mark_safe(" selected")  # noqa: S308 (a constant)


@register.simple_tag
def programme_options(board: Any) -> SafeString:
    """The programme choice's options (a country has 514), written in one pass rather than
    through the template's loop."""
    chosen = board.programme.pk if board.programme is not None else None
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((p.pk, SELECTED if p.pk == chosen else "", p.name) for p in board.programmes),
    )
