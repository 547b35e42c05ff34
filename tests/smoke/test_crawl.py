"""Every demo account walks the pages it can reach from the menu: no page may fail.

A breadth-first walk over the links of each page (GET only), visiting at most a few URLs of
each shape (numbers folded), in both languages. A 500 anywhere, or a link to a page that
answers anything but 200, 302, 403 or 404, fails the test with the page that linked to it.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser

import pytest
from django.test import Client

from ovop.accounts.models import User
from tests import demo_snapshot
from tests.conftest import refresh_statistics
from tests.shipped import shipped_rows_install

SKIP = re.compile(r"^/(accounts/logout|admin/|static/|media/|i18n/)|\.(pdf|xlsx|csv)$|/api/docs")
PER_SHAPE = 2
MAX_PAGES = 120
#: How many pages each account reaches at least (the demo has records for each of them).
MIN_PAGES = {
    "admin": 50,
    "officer": 50,
    "assessor": 25,
    "facilitator": 20,
    "owner": 20,
    "owner2": 20,
    "viewer": 25,
}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/"):
                self.hrefs.append(href.split("#")[0])


def _shape(url: str) -> str:
    return re.sub(r"\d+", "N", url.split("?")[0]) + ("?" if "?" in url else "")


def _walk(client: Client) -> dict[str, int]:
    seen: dict[str, int] = {}
    per_shape: dict[str, int] = {}
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    while queue and len(seen) < MAX_PAGES:
        url, parent = queue.popleft()
        shape = _shape(url)
        if url in seen or SKIP.search(url.split("?")[0]) or per_shape.get(shape, 0) >= PER_SHAPE:
            continue
        per_shape[shape] = per_shape.get(shape, 0) + 1
        response = client.get(url)
        seen[url] = response.status_code
        assert response.status_code in (200, 302, 403, 404), f"{url} (linked from {parent})"
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            parser = _Links()
            parser.feed(response.content.decode())
            queue.extend((href, url) for href in parser.hrefs)
    return seen


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: object) -> object:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        from django.db import transaction

        with transaction.atomic():
            shipped_rows_install()
            demo_snapshot.install()
            refresh_statistics()
            yield None
            transaction.set_rollback(True)


@pytest.mark.parametrize(
    "username", ["admin", "officer", "assessor", "facilitator", "owner", "owner2", "viewer"]
)
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_reachable_page_renders(
    demo: object, db: None, client: Client, username: str, language: str
) -> None:
    client.force_login(User.objects.get(username=username))
    client.cookies["django_language"] = language
    seen = _walk(client)
    assert seen["/"] == 200
    assert sum(1 for status in seen.values() if status == 200) >= MIN_PAGES[username], seen
