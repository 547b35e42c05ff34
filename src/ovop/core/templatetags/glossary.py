"""`{% term_link "closeness" label %}` renders a method term as a link to its glossary entry,
with the short explanation as its title (shown on hover; a tap follows the link)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ovop.core.glossary import BY_SLUG

register = template.Library()


@register.simple_tag
def term_link(slug: str, label: str = "") -> SafeString:
    term = BY_SLUG[slug]
    return format_html(
        '<a class="term" href="{}#{}" title="{}">{}</a>',
        reverse("glossary"),
        slug,
        term.meaning,
        label or term.name,
    )
