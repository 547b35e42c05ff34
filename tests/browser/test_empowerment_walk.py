"""Issue 10, done when: one full empowerment cycle walked by the facilitator on a 390×844
phone, tapping and typing like a person (no request is posted by the test itself).

The facilitator creates a group, adds its members (one picked from the IKM registry, two typed
in), opens a cycle and, for each of Hogan's five stages, plans a meeting, records it as held
with the members ticked, adds what the stage produces and moves on; prints the attendance sheet
(its text, read with pdftotext, names the members); updates the actions' progress; reviews and
closes the cycle. The next cycle is open with the unfinished action carried over. Then the
officer, on a desktop, sees the village at its new stage in the overview's table and in the
map's embedded data, and the support proposal in the proposal list.

Every phone page on the way is measured: nothing wider than the screen, and every visible tap
target (links, buttons, fields, summaries) at least 24×24 CSS pixels.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import dataclass

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from ovop.accounts.models import Role, User
from ovop.empowerment.models import Action, ActionStatus, Cycle, CycleStatus, SupportProposal
from ovop.empowerment.models_cycle import Theme
from ovop.enterprises.models import Enterprise
from ovop.regions.models import Region
from tests.browser.conftest import PHONE_VIEWPORT, browser_login
from tests.browser.test_phone_pages import MEASURE, MIN_TARGET_PX
from tests.factories import EnterpriseFactory, UserFactory, village

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUP = "Kelompok Madu Pelawan Alfa"
MEMBERS = ["Maryam", "Rina Lestari", "Budi Santoso"]
TRAINING = "Pelatihan pengemasan madu"
LABELS = "Cetak label kemasan"


@dataclass(frozen=True)
class World:
    village: Region
    facilitator: User
    officer: User
    enterprise: Enterprise
    today: dt.date


def _world() -> World:
    """The facilitator's village (with coordinates, for the map), an IKM of the village in the
    registry, the facilitator and an officer; the shipped "market" theme (flushed by earlier
    transactional tests, so made again when missing)."""
    place = village("99.01.01.2001", "Desa Alfa")
    place.lat, place.lon = -2.41, 106.25
    place.save()
    facilitator = UserFactory(username="pendamping", role=Role.FACILITATOR)
    facilitator.villages.add(place)
    officer = UserFactory(username="petugas", role=Role.OFFICER)
    enterprise = EnterpriseFactory(name="Madu Pelawan Maryam", owner_name="Maryam", village=place)
    Theme.objects.get_or_create(code="market", defaults={"name_id": "Pasar", "name_en": "Market"})
    return World(place, facilitator, officer, enterprise, timezone.localdate())


def _fits(phone: Page) -> None:
    """The page is no wider than the phone and has no visible tap target under 24 px."""
    found = phone.evaluate(MEASURE, MIN_TARGET_PX)
    assert found["width"] <= PHONE_VIEWPORT["width"], f"{phone.url}: {found['width']} px wide"
    assert found["small"] == [], f"{phone.url}: small tap targets {found['small']}"


def _tap(phone: Page, role: str, name: str, within: Locator | None = None) -> None:
    """Tap the link or button ``name`` and wait for the page it opens."""
    target = (within or phone).get_by_role(role, name=name, exact=True).first  # type: ignore[arg-type]
    with phone.expect_navigation():
        target.tap()


def _flash(phone: Page, text: str) -> None:
    expect(phone.locator(".messages")).to_contain_text(text)
    _fits(phone)


def _group_and_members(phone: Page, w: World) -> None:
    phone.goto("/")
    phone.locator(".menu > summary").tap()
    _tap(phone, "link", "Empowerment", phone.get_by_role("navigation", name="Main menu"))
    expect(phone.locator("h1")).to_have_text("Empowerment: where each village stands")
    _fits(phone)
    _tap(phone, "link", "Groups", phone.locator("main .actions"))
    _fits(phone)
    _tap(phone, "link", "New group")
    _fits(phone)
    phone.fill("#id_name", GROUP)
    phone.select_option("#id_kind", label="IKM group (kelompok IKM)")
    phone.select_option("#id_village", value=str(w.village.pk))
    phone.fill("#id_founded_year", "2019")
    _tap(phone, "button", "Save")
    _flash(phone, f"Group “{GROUP}” created.")
    # the owner of an IKM in the registry is picked, not typed again
    _member(phone, enterprise=f"{w.enterprise.name} — Maryam", gender="Female", born="1978")
    _member(phone, name="Rina Lestari", gender="Female", born="2001")
    _member(phone, name="Budi Santoso", gender="Male", born="1975", role="Treasurer")
    expect(phone.locator("#n-members")).to_have_text("3")
    expect(phone.locator("#n-women")).to_have_text("2")
    expect(phone.locator("#n-youth")).to_have_text("1")


def _member(
    phone: Page, *, gender: str, born: str, enterprise: str = "", name: str = "", role: str = ""
) -> None:
    _tap(phone, "link", "Add a member")
    _fits(phone)
    if enterprise:
        phone.select_option("#id_enterprise", label=enterprise)
    else:
        phone.fill("#id_name", name)
    phone.select_option("#id_gender", label=gender)
    phone.fill("#id_birth_year", born)
    phone.select_option("#id_role", label=role or ("Chair" if enterprise else "Member"))
    _tap(phone, "button", "Add the member")
    _flash(phone, f"is a member of {GROUP}.")


def _open_cycle(phone: Page, w: World) -> None:
    _tap(phone, "link", "Open a cycle")
    _fits(phone)
    expect(phone.get_by_label(f"Desa Alfa · {GROUP}")).to_be_checked()
    expect(phone.locator("#id_year")).to_have_value(str(w.today.year))
    _tap(phone, "button", "Open the cycle")
    _flash(phone, "opened.")
    expect(phone.locator("h1")).to_contain_text(f"Desa Alfa — cycle 1 ({w.today.year})")


def _meeting(phone: Page, w: World, stage: int, *, sheet: bool = False) -> None:
    """From the cycle page: plan the stage's meeting, (print its sheet), record it as held
    with every member ticked, and come back to the cycle."""
    _tap(phone, "link", "Plan a meeting")
    _fits(phone)
    held_on = w.today - dt.timedelta(days=30 - 5 * stage)
    phone.fill("#id_held_on", held_on.isoformat())
    phone.fill("#id_place", "Balai Desa Alfa")
    phone.fill("#id_agenda", f"Tahap {stage} siklus pemberdayaan")
    _tap(phone, "button", "Plan the meeting")
    _flash(phone, "Meeting planned.")
    if sheet:
        _sheet_names(phone)
    _tap(phone, "link", "Record as held")
    _fits(phone)
    expect(phone.locator("#id_held_on")).to_have_value(held_on.isoformat())
    for name in MEMBERS:
        phone.get_by_label(name).check()
    phone.fill("#id_minutes", f"Tahap {stage} dibahas bersama.")
    _tap(phone, "button", "Save: the meeting was held")
    _flash(phone, "The meeting is recorded as held.")
    expect(phone.locator("#counts")).to_contain_text("3 / 3")
    _tap(phone, "link", f"Cycle 1 ({w.today.year})")
    expect(phone.locator("h1")).to_contain_text("cycle 1")
    _fits(phone)


def _sheet_names(phone: Page) -> None:
    """The printed agenda and attendance sheet, downloaded, holds the members' names."""
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Print agenda and attendance sheet (PDF)").tap()
    pdf = download.value.path()
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    for name in MEMBERS:
        assert name in text, f"{name} is not on the attendance sheet"


def _stage_form(phone: Page, slug: str) -> Locator:
    form = phone.locator(f"form[action$='/{slug}/add/']")
    if not form.is_visible():
        form.locator("xpath=..").locator("summary").tap()
    expect(form).to_be_visible()
    _fits(phone)
    return form


def _add(phone: Page, form: Locator, done: str) -> None:
    _tap(phone, "button", "Add", form)
    _flash(phone, done)


def _advance(phone: Page, to: int) -> None:
    _tap(phone, "button", f"Move on to stage {to}")
    _flash(phone, f"The cycle is now at stage {to}.")


def _stages_1_to_4(phone: Page, w: World) -> None:
    _meeting(phone, w, 1, sheet=True)
    form = _stage_form(phone, "experiences")
    form.get_by_label("Depowering").check()
    form.get_by_label("What happened").fill("Madu tidak laku di pasar kota karena kemasan.")
    form.get_by_label("Market").check()
    form.get_by_label("Meeting").select_option(index=1)
    _add(phone, form, "Experience added.")
    _advance(phone, 2)
    _meeting(phone, w, 2)
    form = _stage_form(phone, "reasons")
    form.get_by_label("Reason").fill("Kemasan botol bekas, tanpa label dan izin.")
    form.get_by_label("Madu tidak laku").check()
    _add(phone, form, "Reason added.")
    _advance(phone, 3)
    _meeting(phone, w, 3)
    for title, votes in (("Kemasan dan label madu", "3"), ("Izin P-IRT", "1")):
        form = _stage_form(phone, "problems")
        form.get_by_label("Problem", exact=True).check()
        form.get_by_label("Title").fill(title)
        form.get_by_label("Votes").fill(votes)
        _add(phone, form, "Problem or project added.")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Choose this one Kemasan dan label madu").tap()
    _flash(phone, "“Kemasan dan label madu” is the chosen problem or project.")
    _advance(phone, 4)
    _meeting(phone, w, 4)
    form = _stage_form(phone, "power-bases")
    form.get_by_label("Kind").select_option(label="Local raw material")
    form.get_by_label("Description").fill("Hutan pelawan desa: madu sepanjang tahun")
    form.get_by_label("Member who holds it").select_option(label="Maryam")
    _add(phone, form, "Power base added.")
    _advance(phone, 5)
    _meeting(phone, w, 5)


def _action(
    phone: Page, w: World, title: str, who: str, cost: str, support: str, propose: bool
) -> None:
    _tap(phone, "link", "Add an action")
    _fits(phone)
    phone.fill("#id_title", title)
    phone.get_by_label("Person in charge").select_option(label=who)
    phone.get_by_label("Due date").fill((w.today + dt.timedelta(days=60)).isoformat())
    phone.get_by_label("Estimated cost (rupiah)").fill(cost)
    phone.get_by_label("Support asked from Disperindag").select_option(label=support)
    if propose:
        phone.get_by_label("Propose for next year's plan").check()
    _tap(phone, "button", "Save")
    _flash(phone, f"Action “{title}” added.")


def _progress(phone: Page, title: str, status: str, percent: str) -> None:
    row = phone.locator("#action-plan tbody tr", has_text=title)
    _tap(phone, "link", "Progress", row)
    _fits(phone)
    phone.get_by_label("Status").select_option(label=status)
    phone.get_by_label("Percent done").fill(percent)
    _tap(phone, "button", "Save")
    _flash(phone, f"“{title}”: {status}, {percent} % done.")


def _plan_and_close(phone: Page, w: World) -> None:
    _action(phone, w, TRAINING, "Maryam", "Rp 1.500.000", "Training (bimtek)", True)
    _action(phone, w, LABELS, "Budi Santoso", "500.000", "No support asked", False)
    _progress(phone, LABELS, "Done", "100")
    _progress(phone, TRAINING, "In progress", "40")
    plan = phone.locator("#action-plan")
    # (1.5 M × 40 % + 0.5 M × 100 %) / 2 M = 55 %; plain mean (40 + 100) / 2 = 70 %
    expect(plan.locator(".stat").nth(0)).to_have_text("55.0 %")
    expect(plan.locator(".stat").nth(1)).to_have_text("70.0 %")
    expect(plan.locator(".stat").nth(2)).to_have_text("Rp 2,000,000")  # English: comma thousands
    expect(plan.locator("tbody tr", has_text=TRAINING)).to_contain_text(
        f"proposed for {w.today.year + 1}"
    )
    _tap(phone, "link", "Review and close the cycle")
    _fits(phone)
    phone.get_by_label("What was achieved").fill("Label baru dicetak; pelatihan kemasan berjalan.")
    expect(phone.get_by_label("Year of the next cycle")).to_have_value(str(w.today.year + 1))
    _tap(phone, "button", "Continue")
    _fits(phone)
    _tap(phone, "button", "Close the cycle")
    _flash(phone, "Cycle closed. Cycle 2 is open at stage 1.")
    expect(phone.locator("h1")).to_contain_text(f"Desa Alfa — cycle 2 ({w.today.year + 1})")
    rows = phone.locator("#action-plan tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(TRAINING)
    expect(rows.first).to_contain_text("carried over")
    expect(rows.first).to_contain_text("40 %")


def _stored(w: World) -> None:
    """What the walk left in the database."""
    first, following = Cycle.objects.order_by("number")
    assert (first.status, first.stage, first.meetings.count()) == (CycleStatus.CLOSED, 5, 5)
    assert (following.status, following.stage, following.year) == (
        CycleStatus.OPEN,
        1,
        w.today.year + 1,
    )
    assert following.previous_id == first.pk
    carried = Action.objects.get(cycle=following)
    assert (carried.title, carried.status, carried.percent_done, carried.cost_idr) == (
        TRAINING,
        ActionStatus.IN_PROGRESS,
        40,
        1_500_000,
    )
    assert carried.carried_from is not None and carried.carried_from.cycle_id == first.pk
    proposal = SupportProposal.objects.get()
    assert (proposal.support, proposal.cost_idr, proposal.for_year) == (
        "training",
        1_500_000,
        w.today.year + 1,
    )
    assert proposal.village_id == w.village.pk and proposal.beneficiaries.count() == 3


def _officer_sees(page: Page, w: World) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    page.context.route(lambda url: "tile.openstreetmap.org" in url, lambda route: route.abort())
    browser_login(page, w.officer.username)
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Empowerment").click()
    row = page.locator(f"#village-status tr[data-village='{w.village.code}']")
    expect(row).to_have_attribute("data-stage", "1")
    expect(row).to_contain_text(f"cycle 2, {w.today.year + 1}")
    expect(row.locator("td[data-label='Open actions']")).to_have_text("1")
    markers = json.loads(page.locator("#stage-map-data").text_content() or "[]")
    assert [(m["code"], m["stage"]) for m in markers] == [(w.village.code, "1")]
    expect(page.locator("#stage-map .stage-marker")).to_have_text(["1"])
    page.locator("main .actions").get_by_role("link", name="Support proposals").click()
    proposal = page.locator("table.stack tbody tr", has_text=TRAINING)
    expect(proposal).to_contain_text("Training (bimtek)")
    expect(proposal).to_contain_text("Desa Alfa")
    expect(proposal).to_contain_text(GROUP)
    expect(proposal).to_contain_text("Rp 1,500,000")
    expect(proposal).to_contain_text(str(w.today.year + 1))


def test_a_facilitator_walks_one_full_cycle_on_a_phone_and_the_officer_sees_it(
    phone: Page, page: Page
) -> None:
    w = _world()
    browser_login(phone, w.facilitator.username)
    _group_and_members(phone, w)
    _open_cycle(phone, w)
    _stages_1_to_4(phone, w)
    _plan_and_close(phone, w)
    _stored(w)
    _officer_sees(page, w)
