"""The main pages of an officer, an assessor and a viewer on a 1366×768 office screen (issue 9):
nothing scrolls the page sideways and no table is cut, neither by the edge of the screen nor
by the box it stands in.

The demo is loaded (Bangka Tengah, 300 IKM, one account per role); each account walks the
links of its pages from the home page, breadth first, GET only, one URL of each shape.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from ovop.demo.data import DEMO_PASSWORD
from tests import demo_snapshot
from tests.browser.conftest import TIMEOUT_MS
from tests.conftest import refresh_statistics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The most common office screen (a 14-15" laptop).
DESKTOP_VIEWPORT = {"width": 1366, "height": 768}
PER_ACCOUNT = 40
PER_SHAPE = 1
SKIP = re.compile(
    r"^/(accounts/logout|admin/|static/|media/|i18n/|api/|files/|regency-logo)|/export"
    r"|\.(pdf|xlsx|csv)$"
)

#: The page's width against the window's, and each visible table wider than what shows of it:
#: the box it stands in (a parent that clips or scrolls, or the table itself when it scrolls)
#: or the window's right edge.
MEASURE = """() => {
  const root = document.documentElement;
  const cut = [];
  for (const table of document.querySelectorAll("main table")) {
    const box = table.getBoundingClientRect();
    if (box.width === 0) continue;
    let shown = root.clientWidth;
    for (let up = table.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.overflowX !== "visible") {
        shown = Math.min(shown, up.getBoundingClientRect().right);
      }
    }
    // a table that is its own scroll box (display:block) hides what is wider than it
    const hidden = Math.max(box.right - shown, table.scrollWidth - table.clientWidth);
    if (hidden > 1) {
      const head = [...table.querySelectorAll("th")].map((th) => th.innerText.trim()).join(" | ");
      cut.push(`${Math.round(hidden)} px of a table cut (${head.slice(0, 80)})`);
    }
  }
  const links = [...document.querySelectorAll("a[href]:not([download])")]
    .map((a) => a.getAttribute("href"));
  return {width: root.scrollWidth, window: root.clientWidth, cut: cut, links: links};
}"""


@pytest.fixture
def desktop(browser: Browser, transactional_db: None, live_server: LiveServer) -> Iterator[Page]:
    """A browser tab at 1366×768, in Indonesian (the default: the longest words), offline but
    for the live server (tests/browser/conftest.py: CHROMIUM_ARGS)."""
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport=DESKTOP_VIEWPORT
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


def _login(page: Page, username: str) -> None:
    page.context.clear_cookies(name="sessionid")
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("form:has(#id_username) [type=submit]").click()
    expect(page.locator("details.menu")).to_be_attached()  # signed in: the menu is drawn


def _shape(url: str) -> str:
    return re.sub(r"\d+", "N", url.split("?")[0]) + ("?" if "?" in url else "")


def _walk(page: Page, username: str) -> tuple[int, list[str]]:
    problems: list[str] = []
    seen: set[str] = set()
    per_shape: dict[str, int] = {}
    queue: deque[str] = deque(["/"])
    while queue and len(seen) < PER_ACCOUNT:
        url = queue.popleft()
        shape = _shape(url)
        if url in seen or SKIP.search(url.split("?")[0]) or per_shape.get(shape, 0) >= PER_SHAPE:
            continue
        per_shape[shape] = per_shape.get(shape, 0) + 1
        seen.add(url)
        response = page.goto(url)
        if response is None or response.status != 200:
            continue
        found = page.evaluate(MEASURE)
        if found["width"] > found["window"]:
            problems.append(f"{username} {url}: the page is {found['width']} px wide")
        problems += [f"{username} {url}: {cut}" for cut in found["cut"]]
        queue.extend(h.split("#")[0] for h in found["links"] if h and h.startswith("/"))
    return len(seen), problems


def test_the_main_pages_of_an_officer_assessor_and_viewer_fit_an_office_screen(
    desktop: Page,
) -> None:
    demo_snapshot.install()
    refresh_statistics()
    visited: dict[str, int] = {}
    problems: list[str] = []
    for username in ("officer", "assessor", "viewer"):
        _login(desktop, username)
        visited[username], found = _walk(desktop, username)
        problems += found
    assert problems == []
    assert visited["officer"] >= 30 and visited["assessor"] >= 15 and visited["viewer"] >= 25


def test_the_measure_finds_a_cut_table_and_a_wide_page(desktop: Page) -> None:
    """The check above is not blind: a table clipped by its box, one scrolling in itself and a
    page wider than the window are each reported."""
    cells = "".join(f"<th>column {k}</th>" for k in range(8))
    row = "".join('<td style="min-width:200px">x</td>' for _ in range(8))
    desktop.set_content(
        "<main>"
        f'<div style="overflow:hidden;width:600px"><table id="a"><tr>{cells}</tr>'
        f"<tr>{row}</tr></table></div>"
        f'<table style="display:block;overflow-x:auto;max-width:500px"><tr>{cells}</tr>'
        f"<tr>{row}</tr></table>"
        '<div style="width:2000px">wide</div>'
        "</main>"
    )
    found = desktop.evaluate(MEASURE)
    assert found["width"] > found["window"]
    assert len(found["cut"]) == 2
    assert all(" px of a table cut (column 0 | column 1" in c for c in found["cut"])
