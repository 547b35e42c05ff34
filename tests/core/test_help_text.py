"""Every form shows each field's help text under the field, and the field points to it with
aria-describedby (issue 9: "help text under the field"). The forms are found by walking the
pages of an administrator, an officer and an assessor in the demo with the test client: every
form in a page's context whose fields the page shows is checked.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.utils.html import escape

from ovop.accounts.models import User

pytestmark = pytest.mark.django_db

SKIP = re.compile(r"^/(accounts/logout|admin/|static/|media/|i18n/|api/)|/export|\.(pdf|xlsx|csv)$")
#: The apps whose forms this test answers for (others, such as empowerment, test their own).
APPS = re.compile(r"^/($|enterprises/|programmes/|selection/|rating/)")
PER_SHAPE = 2
PER_ACCOUNT = 120
#: Forms whose fields stand in a grid, not one under another (the pairwise judgement, the
#: scores table, the assessment's radio groups); their free-text fields are still checked.
GRID_FIELD = re.compile(r"^(pair_\d+_\d+|score_\d+_\d+|item_\w+|settle_\w+)$")


def _shape(url: str) -> str:
    return re.sub(r"\d+", "N", url.split("?")[0])


def _forms(response: Any) -> list[forms.BaseForm]:
    found: dict[int, forms.BaseForm] = {}
    for context in response.context or []:
        for name, value in context.flatten().items():
            if isinstance(value, forms.BaseForm) and name != "filters":
                found[id(value)] = value
    return list(found.values())


def _problems(url: str, html: str, form: forms.BaseForm) -> tuple[int, list[str]]:
    """How many help texts ``form`` shows in ``html``, and each one missing or not linked."""
    checked, problems = 0, []
    for field in form.visible_fields():
        if not field.help_text or GRID_FIELD.match(field.name):
            continue
        if f'name="{form.add_prefix(field.name)}"' not in html:
            continue  # a form the page does not show (e.g. the invite form of a viewer)
        helptext = f'id="{field.auto_id}_helptext">{escape(field.help_text)}</small>'
        described = f'aria-describedby="{field.auto_id}_helptext"'
        if helptext not in html:
            problems.append(f"{url}: no help text under {field.name}")
        elif described not in html:
            problems.append(f"{url}: {field.name} does not point to its help text")
        checked += 1
    return checked, problems


def _walk(client: Client, user: User) -> tuple[set[str], int, list[str]]:
    client.force_login(user)
    seen: set[str] = set()
    per_shape: dict[str, int] = {}
    queue: deque[str] = deque(["/"])
    checked, problems = 0, []
    while queue and len(seen) < PER_ACCOUNT:
        url = queue.popleft()
        shape = _shape(url)
        path = url.split("?")[0]
        if url in seen or SKIP.search(path) or not APPS.match(path):
            continue
        if per_shape.get(shape, 0) >= PER_SHAPE:
            continue
        per_shape[shape] = per_shape.get(shape, 0) + 1
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        for form in _forms(response):
            n, found = _problems(url, html, form)
            checked, problems = checked + n, problems + found
        links = re.findall(r'href="(/[^"#]*)', html)
        queue.extend(link.replace("&amp;", "&") for link in links)
    return {_shape(u) for u in seen}, checked, problems


def test_every_form_shows_its_help_text_under_the_field(client: Client, demo: None) -> None:
    shapes: set[str] = set()
    checked, problems = 0, []
    for username in ("admin", "officer", "assessor"):
        seen, n, found = _walk(client, User.objects.get(username=username))
        shapes |= seen
        checked, problems = checked + n, problems + found
    assert problems == []
    # the walk reached the forms of each app that carry help text
    for form_page in (
        "/enterprises/new/",
        "/programmes/new/",
        "/selection/new/",
        "/rating/schemes/new/",
        "/rating/assessments/N/",
    ):
        assert form_page in shapes, form_page
    assert checked >= 10
