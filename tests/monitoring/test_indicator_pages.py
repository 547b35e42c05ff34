# ruff: noqa: F811  (fixtures imported from conftest_indicators are parameters here)
"""The indicator library and target pages: the list by domain, the record with its targets,
the form with options and numbers typed the Indonesian way, archive, history, targets set and
removed, the number of queries, and every refusal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.monitoring.choices import Direction, ValueType
from ovop.monitoring.models import Indicator, Target
from ovop.programme.models import Programme
from ovop.regions.models import Region
from tests.factories import village
from tests.monitoring.conftest_indicators import (  # noqa: F401 - fixtures
    answer,
    enterprises,
    indicator_make,
    produksi,
    round_make,
    village_c,
)
from tests.refusals import LOGIN, Attempt, matrix, refused

pytestmark = pytest.mark.django_db

LIST = "/monitoring/indicators/"
SESSION = 2  # every page view reads the session and the user
NOV = dt.date(2025, 11, 30)


def _form(**more: Any) -> dict[str, Any]:
    return {
        "code": "kemasan_baru",
        "name_id": "Kemasan baru",
        "name_en": "New packaging",
        "domain": "output",
        "unit": "count",
        "value_type": "integer",
        "direction": "higher",
        "aggregation": "sum",
        "level": "ikm",
        "min_value": "0",
        "max_value": "50",
        **more,
    }


def _errors(response: Any) -> dict[str, list[str]]:
    form = response.context["form"]
    return {name: list(messages) for name, messages in form.errors.items()}


@pytest.fixture
def cost(programme: Programme, village_a: Region, enterprises: dict[str, Enterprise]) -> Indicator:
    """Lower is better: village A's participants spent 8 on average against a target of 10."""
    cost = indicator_make("biaya_uji", direction=Direction.LOWER, unit="idr_month")
    round_ = round_make(programme, "Akhir 2025", year=2025, end=NOV, indicators=[cost])
    answer(round_, enterprises["a1"], {cost: 6})
    answer(round_, enterprises["a2"], {cost: 10})
    Target.objects.create(
        indicator=cost,
        region=village_a,
        year=2025,
        baseline_value=Decimal(12),
        target_value=Decimal(10),
    )
    return cost


# --- the list ---------------------------------------------------------------------------------


def test_list_groups_the_shipped_defaults_by_domain(
    english_client: Client, facilitator: User
) -> None:
    english_client.force_login(facilitator)
    response = english_client.get(LIST)
    groups = response.context["groups"]
    assert [g.label for g in groups] == ["Economic", "Social", "Environmental", "Output"]
    economic = {row.indicator.code: row for row in groups[0].rows}
    assert economic["omzet"].range == "0 – 5,000,000,000"
    assert economic["laba"].range == "-1,000,000,000 – 2,000,000,000"
    page = response.content.decode()
    assert "Monthly revenue" in page
    assert "configurable default" in page
    assert "split by gender" in page and ">youth<" in page  # tenaga_kerja
    assert "rupiah per month" in page and "Higher is better" in page
    assert "New indicator" not in page  # a facilitator reads, changes nothing


def test_list_filters_by_domain_and_status(english_client: Client, viewer: User) -> None:
    english_client.force_login(viewer)
    Indicator.objects.filter(code="limbah_dikelola").update(archived_at=dt.datetime.now(dt.UTC))
    response = english_client.get(LIST, {"domain": "environmental"})
    (group,) = response.context["groups"]
    codes = [row.indicator.code for row in group.rows]
    assert "bahan_lokal" in codes and "limbah_dikelola" not in codes
    archived = english_client.get(LIST, {"status": "archived"}).context["groups"]
    assert [[row.indicator.code for row in g.rows] for g in archived] == [["limbah_dikelola"]]
    nothing = english_client.get(LIST, {"domain": "output", "status": "archived"})
    assert "No indicator matches the filter." in nothing.content.decode()


def test_list_in_indonesian(client: Client, viewer: User) -> None:
    """Indonesian words already in the catalogue: Kode, Nama, Satuan, nilai bawaan…"""
    client.force_login(viewer)
    page = client.get(LIST).content.decode()
    assert "Omzet per bulan" in page and "Monthly revenue" not in page
    assert "0 – 5.000.000.000" in page
    for word in ("Kode", "Nama", "Satuan", "nilai bawaan yang dapat diubah", "Saring"):
        assert word in page, word


def test_list_runs_one_query(
    client: Client, viewer: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client.force_login(viewer)
    for n in range(5):
        indicator_make(f"tambahan_{n}")
    with django_assert_num_queries(SESSION + 1):
        assert client.get(LIST).status_code == 200


# --- the record and its targets ---------------------------------------------------------------


def test_record_shows_targets_with_achievement_in_english(
    english_client: Client, owner: User, cost: Indicator
) -> None:
    english_client.force_login(owner)
    response = english_client.get(f"/monitoring/indicators/{cost.pk}/")
    (row,) = response.context["rows"]
    assert (row.baseline_text, row.target_text, row.actual_text, row.achievement_text) == (
        "12",
        "10",
        "8",
        "120.0 %",
    )
    page = response.content.decode()
    assert "Lower is better" in page and "Desa Alfa" in page
    assert "Akhir 2025, 2 participants" in page
    assert "Set a target" not in page and "/targets/history/?target=" in page


def test_record_in_indonesian_writes_numbers_the_indonesian_way(
    client: Client, viewer: User, cost: Indicator
) -> None:
    client.force_login(viewer)
    Target.objects.create(
        indicator=cost,
        region=cost.targets.get().region.parent,  # type: ignore[misc]
        year=2025,
        target_value=Decimal("7.5"),
    )
    page = client.get(f"/monitoring/indicators/{cost.pk}/").content.decode()
    assert "120,0 %" in page  # village A
    assert "7,5" in page and "93,3 %" in page  # the kecamatan: (7.5 − 0.5) ÷ 7.5
    for word in ("Riwayat", "Tahun", "Target"):
        assert word in page, word


def test_record_shows_definition_and_options(english_client: Client, viewer: User) -> None:
    english_client.force_login(viewer)
    pasar = Indicator.objects.get(code="pasar")
    page = english_client.get(f"/monitoring/indicators/{pasar.pk}/").content.decode()
    assert "Dalam kabupaten" in page and "Within the regency" in page
    assert pasar.definition_en in page and pasar.source in page


@pytest.mark.parametrize(("persona", "extra"), [("viewer", 0), ("officer", 1)])
def test_record_runs_a_fixed_number_of_queries(
    client: Client,
    request: pytest.FixtureRequest,
    django_assert_num_queries: DjangoAssertNumQueries,
    cost: Indicator,
    programme: Programme,
    persona: str,
    extra: int,
) -> None:
    """The indicator, its targets, the rounds, the values (and the regions of the form)."""
    for i in range(8):
        place = village(f"99.01.01.{3001 + i}", f"Desa {i}")
        Target.objects.create(indicator=cost, region=place, year=2025, target_value=Decimal(9))
    client.force_login(request.getfixturevalue(persona))
    with django_assert_num_queries(SESSION + 4 + extra):
        response = client.get(f"/monitoring/indicators/{cost.pk}/")
    assert len(response.context["rows"]) == 9


# --- the form ---------------------------------------------------------------------------------


def test_officer_records_a_one_of_a_list_indicator(client: Client, officer: User) -> None:
    client.force_login(officer)
    assert client.get("/monitoring/indicators/new/").status_code == 200
    options = "kecil | Usaha kecil | Small\n\n  mikro|Usaha mikro  \n"
    response = client.post(
        "/monitoring/indicators/new/",
        _form(
            code="skala",
            value_type="choice",
            aggregation="mean",
            min_value="",
            max_value="",
            options=options,
        ),
    )
    made = Indicator.objects.get(code="skala")
    assert response["Location"] == f"/monitoring/indicators/{made.pk}/"
    assert made.options == [
        {"code": "kecil", "label_id": "Usaha kecil", "label_en": "Small"},
        {"code": "mikro", "label_id": "Usaha mikro", "label_en": ""},
    ]
    assert not made.is_default


def test_numbers_are_typed_the_indonesian_way(client: Client, officer: User) -> None:
    client.force_login(officer)
    client.post(
        "/monitoring/indicators/new/",
        _form(value_type="decimal", min_value="-1.500", max_value="1.500.000,5"),
    )
    made = Indicator.objects.get(code="kemasan_baru")
    assert (made.min_value, made.max_value) == (Decimal(-1500), Decimal("1500000.5"))
    edit = client.get(f"/monitoring/indicators/{made.pk}/edit/").content.decode()
    assert 'value="-1.500"' in edit and 'value="1.500.000,5"' in edit


def test_each_option_line_at_fault_is_named(english_client: Client, officer: User) -> None:
    english_client.force_login(officer)
    options = "kecil | Kecil | Small\nsedang Sedang\nBesar | Besar\nkecil | Lagi\nmikro |  | Micro"
    response = english_client.post(
        "/monitoring/indicators/new/", _form(value_type="choice", options=options)
    )
    assert _errors(response) == {
        "options": [
            "Line 2: write it as code | Indonesian label | English label.",
            "Line 3: the code “Besar” must start with a lower-case letter and hold only "
            "lower-case letters, digits and underscores (at most 40).",
            "Line 4: the code “kecil” is already used on line 1.",
            "Line 5: the Indonesian label is missing.",
        ]
    }
    assert not Indicator.objects.filter(code="kemasan_baru").exists()


def test_form_names_the_field_at_fault(english_client: Client, officer: User) -> None:
    english_client.force_login(officer)
    unclear = english_client.post("/monitoring/indicators/new/", _form(min_value="1,500,000"))
    assert _errors(unclear) == {
        "min_value": [
            "Lowest plausible value: “1,500,000” is unclear: write decimals with a comma "
            "(1,5 or 0,125) and group thousands with dots (1.500.000)."
        ]
    }
    crossed = english_client.post(
        "/monitoring/indicators/new/", _form(min_value="10", max_value="5", name_en="")
    )
    assert _errors(crossed) == {"name_en": ["Name in English: this field is required."]}
    crossed = english_client.post(
        "/monitoring/indicators/new/", _form(min_value="10", max_value="5")
    )
    assert _errors(crossed) == {"max_value": ["The highest value is below the lowest."]}
    options = english_client.post("/monitoring/indicators/new/", _form(options="a | A\nb | B"))
    assert _errors(options) == {"options": ["Only a one-of-a-list indicator has options."]}
    assert "Please correct the fields marked below; nothing was saved." in options.content.decode()
    assert not Indicator.objects.filter(code="kemasan_baru").exists()


def test_editing_a_default_keeps_it_a_default(client: Client, officer: User) -> None:
    client.force_login(officer)
    omzet = Indicator.objects.get(code="omzet")
    page = client.get(f"/monitoring/indicators/{omzet.pk}/edit/")
    form = page.context["form"]
    assert form["max_value"].value() == "5.000.000.000"
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    data.update(max_value="7,5 M", min_value="0")
    assert client.post(f"/monitoring/indicators/{omzet.pk}/edit/", data).status_code == 302
    omzet.refresh_from_db()
    assert (omzet.max_value, omzet.is_default) == (Decimal(7_500_000_000), True)


def test_code_cannot_change_under_values(
    english_client: Client,
    officer: User,
    produksi: Indicator,
    programme: Programme,
    enterprise_x: Enterprise,
) -> None:
    round_ = round_make(programme, "Akhir", year=2025, end=NOV, indicators=[produksi])
    answer(round_, enterprise_x, {produksi: 3})
    english_client.force_login(officer)
    response = english_client.post(
        f"/monitoring/indicators/{produksi.pk}/edit/",
        _form(code="produksi_lain", value_type="decimal"),
    )
    assert _errors(response) == {
        "code": ["Code cannot change: values are stored under this indicator."]
    }
    produksi.refresh_from_db()
    assert produksi.code == "produksi_uji"


# --- archive, restore, history ----------------------------------------------------------------


def test_archive_asks_to_confirm_then_archives_and_restores(
    english_client: Client, officer: User, produksi: Indicator
) -> None:
    english_client.force_login(officer)
    url = f"/monitoring/indicators/{produksi.pk}/archive/"
    ask = english_client.post(url)
    assert ask.status_code == 200 and "It can be restored later" in ask.content.decode()
    produksi.refresh_from_db()
    assert not produksi.is_archived
    done = english_client.post(url, {"confirm": "1", "reason": "diganti indikator baru"})
    assert done["Location"] == f"/monitoring/indicators/{produksi.pk}/"
    produksi.refresh_from_db()
    assert produksi.is_archived
    page = english_client.get(done["Location"]).content.decode()
    assert "Indicator “produksi_uji” archived." in page and "Set a target" not in page
    history = english_client.get(f"/monitoring/indicators/{produksi.pk}/history/")
    assert "diganti indikator baru" in history.content.decode()
    english_client.post(f"/monitoring/indicators/{produksi.pk}/restore/")
    produksi.refresh_from_db()
    assert not produksi.is_archived


# --- targets ----------------------------------------------------------------------------------


def test_officer_sets_a_target_for_a_kecamatan(
    english_client: Client,
    officer: User,
    produksi: Indicator,
    programme: Programme,
    village_a: Region,
    village_b: Region,
) -> None:
    english_client.force_login(officer)
    page = english_client.get(f"/monitoring/indicators/{produksi.pk}/")
    field = page.context["target_form"].fields["region"]
    kec_a, kec_b = village_a.parent, village_b.parent
    assert kec_a is not None and kec_b is not None
    assert [label for _value, label in field.choices] == [
        "— choose —",
        "Kabupaten Uji (Regency (kabupaten))",
        f"\u2003{kec_a.name} (Kecamatan)",
        "\u2003\u2003Desa Alfa (Desa)",
        f"\u2003{kec_b.name} (Kecamatan)",
        "\u2003\u2003Desa Beta (Desa)",
    ]
    response = english_client.post(
        f"/monitoring/indicators/{produksi.pk}/targets/",
        {
            "region": "99.01.01",
            "year": "2026",
            "baseline_value": "1.250,5",
            "target_value": "1,5 juta",
            "note": "RPJMD",
        },
    )
    assert response["Location"] == f"/monitoring/indicators/{produksi.pk}/#targets"
    target = Target.objects.get()
    assert (target.region, target.year, target.baseline_value, target.target_value) == (
        village_a.parent,
        2026,
        Decimal("1250.5"),
        Decimal(1_500_000),
    )
    shown = english_client.get(response["Location"]).content.decode()
    assert f"Target for {kec_a.name} in 2026: 1,500,000." in shown


def test_a_target_refused_by_the_service_is_shown_on_the_form(
    english_client: Client, officer: User, produksi: Indicator, programme: Programme
) -> None:
    english_client.force_login(officer)
    produksi.archived_at = dt.datetime.now(dt.UTC)
    produksi.save()
    response = english_client.post(
        f"/monitoring/indicators/{produksi.pk}/targets/",
        {"region": "99.01", "year": "2026", "target_value": "5"},
    )
    assert response.context["target_form"].non_field_errors() == [
        "Indicator “produksi_uji” is archived; restore it before changing it."
    ]
    assert not Target.objects.exists()


def test_target_form_names_the_field_at_fault(
    english_client: Client, officer: User, produksi: Indicator, regency: Region
) -> None:
    english_client.force_login(officer)
    url = f"/monitoring/indicators/{produksi.pk}/targets/"
    response = english_client.post(url, {"year": "1999", "target_value": "banyak"})
    assert response.status_code == 200
    assert {k: list(v) for k, v in response.context["target_form"].errors.items()} == {
        "region": ["Region: this field is required."],
        "year": ["Year: at least 2000."],
        "target_value": ["Target: “banyak” is not a number; write it like 1.500.000 or 1,5."],
    }
    assert not Target.objects.exists()


def test_removing_a_target_asks_then_keeps_its_history(
    english_client: Client, officer: User, cost: Indicator
) -> None:
    english_client.force_login(officer)
    target = cost.targets.get()
    url = f"/monitoring/indicators/targets/{target.pk}/remove/"
    ask = english_client.post(url)
    assert "Remove the target for Desa Alfa in 2025" in ask.content.decode()
    assert Target.objects.exists()
    done = english_client.post(url, {"confirm": "1", "reason": "salah desa"})
    assert done["Location"] == f"/monitoring/indicators/{cost.pk}/#targets"
    assert not Target.objects.exists()
    history = english_client.get(
        f"/monitoring/indicators/{cost.pk}/targets/history/", {"target": target.pk}
    )
    entries = history.context["entries"]
    assert [(e.kind, e.reason, e.record) for e in entries] == [
        ("deleted", "salah desa", "Desa Alfa 2025"),
        ("created", "", "Desa Alfa 2025"),
    ]


# --- refusals ---------------------------------------------------------------------------------


def _target_of(indicator: Indicator) -> int:
    return indicator.targets.get().pk


ATTEMPTS = {
    "create": Attempt("post", "/monitoring/indicators/new/", _form()),
    "edit": Attempt("post", lambda i: f"/monitoring/indicators/{i.pk}/edit/", _form()),
    "archive": Attempt(
        "post", lambda i: f"/monitoring/indicators/{i.pk}/archive/", {"confirm": "1", "reason": "x"}
    ),
    "restore": Attempt("post", lambda i: f"/monitoring/indicators/{i.pk}/restore/"),
    "target-set": Attempt(
        "post",
        lambda i: f"/monitoring/indicators/{i.pk}/targets/",
        {"region": "99.01", "year": "2026", "target_value": "5"},
    ),
    "target-remove": Attempt(
        "post",
        lambda i: f"/monitoring/indicators/targets/{_target_of(i)}/remove/",
        {"confirm": "1", "reason": "x"},
    ),
    "new-form": Attempt("get", "/monitoring/indicators/new/"),
    "edit-form": Attempt("get", lambda i: f"/monitoring/indicators/{i.pk}/edit/"),
}
ANSWERS: dict[str, Any] = {
    "viewer": 403,
    "facilitator": 403,
    "owner": 403,
    "assessor": 403,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize(("persona", "action", "expected"), matrix(ANSWERS, ATTEMPTS))
def test_only_admins_and_officers_change(
    client: Client,
    request: pytest.FixtureRequest,
    cost: Indicator,
    persona: str,
    action: str,
    expected: int | str,
) -> None:
    refused(
        client, request, persona, ATTEMPTS[action], expected, apps=("monitoring",), records=cost
    )


READS = {
    "list": Attempt("get", LIST),
    "record": Attempt("get", lambda i: f"/monitoring/indicators/{i.pk}/"),
    "history": Attempt("get", lambda i: f"/monitoring/indicators/{i.pk}/history/"),
    "targets-history": Attempt("get", lambda i: f"/monitoring/indicators/{i.pk}/targets/history/"),
}


@pytest.mark.parametrize(
    ("persona", "action", "expected"),
    matrix({"assessor": 403, "anonymous": LOGIN}, READS),
)
def test_assessors_and_visitors_read_nothing(
    client: Client,
    request: pytest.FixtureRequest,
    cost: Indicator,
    persona: str,
    action: str,
    expected: int | str,
) -> None:
    refused(client, request, persona, READS[action], expected, apps=("monitoring",), records=cost)


@pytest.mark.parametrize("persona", ["viewer", "facilitator", "owner", "officer", "admin_user"])
def test_the_other_roles_read_every_page(
    client: Client, request: pytest.FixtureRequest, cost: Indicator, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    for attempt in READS.values():
        assert attempt.send(client, cost).status_code == 200, attempt.address(cost)


def test_a_missing_indicator_is_404_for_a_manager(client: Client, officer: User) -> None:
    client.force_login(officer)
    assert client.get("/monitoring/indicators/999999/").status_code == 404
    assert client.post("/monitoring/indicators/999999/archive/").status_code == 404
    assert client.post("/monitoring/indicators/targets/999999/remove/").status_code == 404


def test_choice_indicators_take_no_target_form(client: Client, officer: User) -> None:
    client.force_login(officer)
    pasar = Indicator.objects.get(code="pasar")
    assert pasar.value_type == ValueType.CHOICE
    assert client.get(f"/monitoring/indicators/{pasar.pk}/").context["target_form"] is None
