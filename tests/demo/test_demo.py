"""`ovop demo`: Bangka Tengah's regions, 300 IKM, a programme and one account per role."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import translation
from pytest_django import DjangoDbBlocker

from ovop.accounts.models import Role, User
from ovop.demo import data
from ovop.demo.empowerment import female_name
from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.programme.models import Designation, Programme, ProgrammeVillage
from ovop.regions.models import Level, Region
from tests.conftest import refresh_statistics
from tests.shipped import shipped_rows_install

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def output(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    """The demo loaded once for the module (its first run's output); rolled back after."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        shipped_rows_install()
        loaded = _run()
        refresh_statistics()
        yield loaded
        transaction.set_rollback(True)


NAMANG = "19.04.05"


def _run(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("demo", "--force", *args, stdout=out)
    return out.getvalue()


def _snapshot() -> dict[str, object]:
    return {
        "enterprises": sorted(Enterprise.objects.values_list("village__code", "name", "nib")),
        "products": Product.objects.count(),
        "certifications": Certification.objects.count(),
        "history": [
            m.history.count() for m in (Enterprise, Product, Certification, Programme, Designation)
        ],
        "users": sorted(User.objects.values_list("username", "password")),
    }


def test_demo_loads_regions_and_300_enterprises_in_every_village(output: str) -> None:
    villages = Region.objects.filter(level=Level.VILLAGE, code__startswith="19.04.")
    assert villages.count() == 63
    assert Enterprise.objects.count() == 300
    per_village = dict(
        Enterprise.objects.values_list("village__code").annotate(n=Count("pk")).order_by()
    )
    assert len(per_village) == 63 and min(per_village.values()) >= 2
    assert [per_village[code] for code in data.CENTRES] == [c.count for c in data.CENTRES.values()]
    assert "enterprises: 300 in the demo (300 created, 0 updated, 0 archived)" in output
    assert "regions: Bangka Tengah (19.04) loaded" in output


def test_every_demo_record_is_sample_data(output: str) -> None:
    for model in (Enterprise, Product, Certification, Programme):
        assert model.objects.count() > 0
        assert not model.objects.filter(is_sample=False).exists(), model.__name__


def test_second_run_writes_nothing(output: str) -> None:
    before = _snapshot()
    again = _run()
    assert _snapshot() == before
    assert "enterprises: 300 in the demo (0 created, 0 updated, 0 archived)" in again
    assert "programme 'OVOP Bangka Tengah': 0 record(s) written" in again
    assert "regions:" not in again


def test_demo_accounts_have_their_roles_and_scopes(output: str) -> None:
    users = {u.username: u for u in User.objects.all()}
    assert {name: u.role for name, u in users.items()} == {
        "admin": Role.ADMIN,
        "officer": Role.OFFICER,
        "assessor": Role.ASSESSOR,
        "assessor2": Role.ASSESSOR,
        "facilitator": Role.FACILITATOR,
        "owner": Role.OWNER,
        "owner2": Role.OWNER,
        "viewer": Role.VIEWER,
    }
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert all(u.check_password("ovop-demo") and u.first_name for u in users.values())
    served = users["facilitator"].villages.values_list("code", flat=True)
    namang = Region.objects.filter(parent__code=NAMANG, level=Level.VILLAGE)
    assert sorted(served) == sorted(namang.values_list("code", flat=True))
    assert len(served) == 8
    owned = Enterprise.objects.get(account=users["owner"])
    assert owned.village.name == "Namang"
    assert owned.products.first() is not None and "Madu" in owned.products.first().name
    assert owned.owner_name == users["owner"].get_full_name()
    owned2 = Enterprise.objects.get(account=users["owner2"])
    assert owned2.village.name == "Batu Belubang" and "Rusip" in owned2.products.first().name
    assert Enterprise.objects.filter(account__isnull=False).count() == 2
    for name in users:
        assert re.search(rf"^  {name}\s+.+ovop-demo$", output, re.MULTILINE), name


def test_the_programme_has_its_villages_and_designations(output: str) -> None:
    programme = Programme.objects.get(name="OVOP Bangka Tengah")
    assert (programme.scheme, programme.regency.code, programme.start_year) == (
        "regency_desa_ovop",
        "19.04",
        2019,
    )
    members = ProgrammeVillage.objects.filter(programme=programme)
    assert members.count() == 12
    picks = {
        (d.membership.village.name, d.year): d.product.name
        for d in Designation.objects.select_related("membership__village", "product")
    }
    assert len(picks) == 8
    assert "Madu" in picks[("Namang", 2024)] and "Getas" in picks[("Kurau (Timur)", 2023)]
    assert "Rusip" in picks[("Batu Belubang", 2024)] and "Resam" in picks[("Lampur", 2024)]
    assert "Salai" in picks[("Pinang Sebatang", 2024)]
    for (village_name, _year), _product in picks.items():
        assert members.filter(village__name=village_name).exists()
    assert not Designation.objects.filter(membership__village__name="Penyak").exists()


def test_figures_are_in_their_ranges(output: str) -> None:
    workers = [e.workers_total for e in Enterprise.objects.all()]
    assert min(workers) >= 1 and max(workers) <= 30
    assert sum(1 for n in workers if n <= 15) >= 270  # mostly small
    nibs = list(Enterprise.objects.exclude(nib=None).values_list("nib", flat=True))
    assert len(nibs) > 200 and len(set(nibs)) == len(nibs)
    assert all(re.fullmatch(r"\d{13}", nib) for nib in nibs)
    phones = Enterprise.objects.exclude(phone="").values_list("phone", flat=True)
    assert all(re.fullmatch(r"\+6284\d{9}", phone) for phone in phones)
    for product in Product.objects.all():
        line = next(v for v in data.LINES.values() if product.name in v.names)
        low, high = line.price_idr
        assert low * 0.95 <= product.price_idr <= high * 1.05, product.name
    kinds = dict(Certification.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    assert set(kinds) == {"nib", "pirt", "halal", "bpom_md", "trademark"}
    assert Certification.objects.filter(expires_on__year__lte=2024).exists()  # a few expired


def test_every_owner_has_the_gender_of_their_name(output: str) -> None:
    """Drawn with the name, no random number of its own: about 65 % women."""
    genders = Counter(Enterprise.objects.values_list("owner_gender", flat=True))
    assert genders == {"female": 195, "male": 105}
    for name, gender in Enterprise.objects.values_list("owner_name", "owner_gender"):
        assert (gender == "female") == female_name(name), name


def test_products_are_made_where_bangka_tengah_makes_them(output: str) -> None:
    """The product lines of ovop-facts §6, each most common in its known centre."""

    def top_village(word: str) -> str:
        rows = (
            Product.objects.filter(name__icontains=word)
            .values_list("enterprise__village__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "enterprise__village__name")
        )
        return str(rows[0][0])

    assert top_village("getas") == "Kurau (Timur)"
    assert top_village("kemplang").startswith("Kurau")
    assert top_village("rusip") == "Batu Belubang"
    assert top_village("madu pelawan") == "Namang"
    assert top_village("resam") == "Lampur"
    assert top_village("salai") == "Pinang Sebatang"
    assert Product.objects.filter(name__icontains="lada putih").count() >= 10
