"""Every page a facilitator, an owner and an assessor reach works on a 390×844 phone: nothing
scrolls the page sideways, and every visible tap target is at least 24×24 CSS pixels.

The demo is loaded (Bangka Tengah, 300 IKM, one account per role); each account walks the
links of its pages from the home page, breadth first, GET only, a few URLs of each shape;
the facilitator and the owner start with their empowerment pages (issue 10).
"""

from __future__ import annotations

import re
from collections import deque

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from ovop.accounts.models import Role, User
from ovop.demo.data import DEMO_PASSWORD
from ovop.empowerment import scope
from ovop.empowerment.models import Action, Cycle, CycleStatus, Group
from ovop.empowerment.models_meetings import Meeting, MeetingStatus
from tests import demo_snapshot
from tests.browser.conftest import PHONE_VIEWPORT
from tests.conftest import refresh_statistics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = PHONE_VIEWPORT["width"]
#: The smallest tap target allowed (WCAG 2.2, 2.5.8 Target Size (Minimum)), CSS pixels.
MIN_TARGET_PX = 24
#: Pages visited in all; of each URL shape (numbers folded) at most PER_SHAPE per account.
MAX_PAGES = 150
PER_ACCOUNT = 50
PER_SHAPE = 2
SKIP = re.compile(r"^/(accounts/logout|admin/|static/|media/|i18n/|api/)|/export|\.(pdf|xlsx|csv)$")

#: What breaks a phone page, measured in the page: its width, and the visible tap targets
#: (links, buttons, fields, summaries) smaller than MIN_TARGET_PX either way.
MEASURE = """(min) => {
  const small = [];
  for (const el of document.querySelectorAll("a[href], button, input, select, summary")) {
    if (el.type === "hidden") continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not rendered (closed menu, hidden)
    const style = getComputedStyle(el);
    if (style.visibility === "hidden") continue;
    // out of sight on purpose: a skip link until it has the focus (clipped), a honeypot field
    // that robots fill in and people never see (placed off the page)
    if (style.clip === "rect(0px, 0px, 0px, 0px)" || box.right <= 0) continue;
    if (box.width < min || box.height < min) {
      const name = (el.innerText || el.value || el.name || "").trim().slice(0, 40);
      const size = `${Math.round(box.width)}×${Math.round(box.height)}`;
      small.push(`${el.tagName.toLowerCase()} "${name}" ${size}`);
    }
  }
  const links = [...document.querySelectorAll("a[href]:not([download])")]
    .map((a) => a.getAttribute("href"));
  return {width: document.documentElement.scrollWidth, small: small, links: links};
}"""


def _login(page: Page, username: str) -> None:
    """Log a demo account in through the form (the bar shows its full name, not username)."""
    page.context.clear_cookies(name="sessionid")
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("form:has(#id_username) [type=submit]").click()
    expect(page.locator(".menu > summary")).to_be_visible()


def _shape(url: str) -> str:
    return re.sub(r"\d+", "N", url.split("?")[0]) + ("?" if "?" in url else "")


def _empowerment_pages(username: str) -> list[str]:
    """The empowerment pages (issue 10) of a demo account, visited right after the home page
    (the walk might not reach them within its budget): overview, village status, a group, a
    cycle, a held meeting; for the facilitator also the forms (member, meeting, record, action);
    the owner reads them only."""
    user = User.objects.get(username=username)
    group = Group.objects.filter(scope.group_filter(user), archived_at__isnull=True).first()
    readable = scope.village_record_filter(user)
    cycle = Cycle.objects.filter(readable, status=CycleStatus.OPEN, actions__isnull=False).first()
    held = Meeting.objects.filter(readable, status=MeetingStatus.HELD, cycle=cycle).first()
    assert group is not None and cycle is not None and held is not None, username
    action = Action.objects.filter(cycle=cycle).order_by("pk").first()
    assert action is not None
    pages = [
        reverse("empowerment:overview"),
        reverse("empowerment:village", args=[group.village_id]),
        reverse("empowerment:group_list"),
        reverse("empowerment:group_detail", args=[group.pk]),
        reverse("empowerment:cycle_list"),
        reverse("empowerment:cycle_detail", args=[cycle.pk]),
        reverse("empowerment:meeting_detail", args=[held.pk]),
    ]
    if user.role == Role.FACILITATOR:
        pages += [
            reverse("empowerment:member_add", args=[group.pk]),
            reverse("empowerment:meeting_create") + f"?cycle={cycle.pk}",
            reverse("empowerment:meeting_record", args=[held.pk]),
            reverse("empowerment:action_edit", args=[action.pk]),
            reverse("empowerment:action_progress", args=[action.pk]),
        ]
    return pages


def _walk(
    page: Page, username: str, budget: int, first: tuple[str, ...] = ()
) -> tuple[int, list[str]]:
    """Visit up to ``budget`` pages from the home page (and ``first``, which must answer 200);
    the pages visited and what was wrong."""
    problems: list[str] = []
    seen: set[str] = set()
    per_shape: dict[str, int] = {}
    queue: deque[str] = deque(["/", *first])
    while queue and len(seen) < budget:
        url = queue.popleft()
        shape = _shape(url)
        if url in seen or SKIP.search(url.split("?")[0]) or per_shape.get(shape, 0) >= PER_SHAPE:
            continue
        per_shape[shape] = per_shape.get(shape, 0) + 1
        seen.add(url)
        response = page.goto(url)
        if response is None or response.status != 200:
            if url in first:
                problems.append(f"{username} {url}: HTTP {response and response.status}")
            continue
        found = page.evaluate(MEASURE, MIN_TARGET_PX)
        if found["width"] > WIDTH:
            problems.append(f"{username} {url}: the page is {found['width']} px wide")
        problems += [f"{username} {url}: small target {s}" for s in found["small"]]
        queue.extend(h.split("#")[0] for h in found["links"] if h and h.startswith("/"))
    return len(seen), problems


def test_every_page_of_a_facilitator_owner_and_assessor_fits_a_phone(phone: Page) -> None:
    demo_snapshot.install()
    refresh_statistics()
    visited: dict[str, int] = {}
    problems: list[str] = []
    for username in ("facilitator", "owner", "assessor"):
        _login(phone, username)
        budget = min(PER_ACCOUNT, MAX_PAGES - sum(visited.values()))
        first = tuple(_empowerment_pages(username)) if username != "assessor" else ()
        visited[username], found = _walk(phone, username, budget, first)
        problems += found
    assert problems == []
    # each walk went deep enough to mean something: lists, details, forms, histories
    assert visited["facilitator"] >= 30 and visited["owner"] >= 20 and visited["assessor"] >= 30


def test_the_menu_is_one_button_on_a_phone(phone: Page) -> None:
    demo_snapshot.install()
    refresh_statistics()
    _login(phone, "facilitator")
    header = phone.locator("header.topbar")
    menu = phone.locator(".menu > summary")
    links = phone.get_by_role("navigation", name="Main menu").get_by_role("link")
    # closed: one row (brand, language, menu button) and no link shown
    header_height = header.bounding_box()
    assert header_height is not None and header_height["height"] <= 70
    expect(links.first).to_be_hidden()
    menu.tap()
    expect(links).to_have_count(10)
    for k in range(10):
        box = links.nth(k).bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 300
    links.filter(has_text="Enterprises").tap()
    expect(phone).to_have_url(re.compile(r"/enterprises/$"))
    # the filters fold behind a button: the first screen shows the enterprises themselves
    expect(phone.locator("#id_q")).to_be_hidden()
    first_card = phone.locator("#results tbody tr").first.bounding_box()
    assert first_card is not None and first_card["y"] < 844
    phone.locator("details.fold > summary").tap()
    expect(phone.locator("#id_q")).to_be_visible()


def test_the_phone_reaches_no_host_but_the_live_server(phone: Page) -> None:
    """The browser stays offline without a route (which would turn its cache off): a host
    other than the live server's does not resolve, the live server answers."""
    response = phone.goto("/accounts/login/")
    assert response is not None and response.status == 200
    with pytest.raises(PlaywrightError, match="ERR_NAME_NOT_RESOLVED"):
        phone.goto("https://tile.openstreetmap.org/")
