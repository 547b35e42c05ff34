"""factory_boy factories for ovop's models."""

from __future__ import annotations

import datetime as dt
import functools

import factory
from django.contrib.auth.hashers import make_password

from ovop.accounts.models import Role, User
from ovop.enterprises.models import Category, Certification, CertificationKind, Enterprise, Product
from ovop.monitoring.models import Indicator, Round, RoundIndicator
from ovop.programme.models import Programme, ProgrammeVillage, Scheme
from ovop.regions.models import Kind, Level, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"99.{n:02d}")
    name = factory.Sequence(lambda n: f"Region {n}")
    level = Level.REGENCY
    kind = Kind.KABUPATEN


def village(code: str = "99.01.01.2001", name: str = "Desa Uji") -> Region:
    regency = RegionFactory(code=code[:5], level=Level.REGENCY, kind=Kind.KABUPATEN)
    kec = RegionFactory(code=code[:8], level=Level.KECAMATAN, kind=Kind.KECAMATAN, parent=regency)
    return RegionFactory(code=code, name=name, level=Level.VILLAGE, kind=Kind.DESA, parent=kec)


@functools.cache
def _hashed_password() -> str:
    return make_password("pw-for-tests-only")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.VIEWER
    password = factory.LazyFunction(_hashed_password)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"IKM {n}")
    owner_name = factory.Sequence(lambda n: f"Owner {n}")
    village = factory.LazyFunction(village)
    workers_male = 2
    workers_female = 3
    investment_idr = 25_000_000


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = factory.Sequence(lambda n: f"Product {n}")
    category = Category.FOOD_BEVERAGE
    unit = "kg"
    price_idr = 30_000
    monthly_capacity = 100
    local_material_pct = 80


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = CertificationKind.PIRT
    number = factory.Sequence(lambda n: f"P-IRT {n:06d}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    scheme = Scheme.REGENCY
    regency = factory.LazyFunction(lambda: village().parent.parent)  # type: ignore[union-attr]
    start_year = 2024


class ProgrammeVillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeVillage

    programme = factory.SubFactory(ProgrammeFactory)
    village = factory.LazyFunction(village)
    joined_year = 2024


def survey_round(
    programme: Programme | None = None,
    codes: tuple[str, ...] = ("omzet",),
    *,
    name: str = "Survei",
    year: int = 2024,
) -> Round:
    """A baseline survey round of ``programme`` (a new one by default) asking ``codes``, in
    that order; its collection runs through the first quarter of ``year``."""
    round_ = Round.objects.create(
        programme=programme or ProgrammeFactory(),
        name=name,
        kind="baseline",
        year=year,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 3, 31),
    )
    for order, code in enumerate(codes):
        RoundIndicator.objects.create(
            round=round_, indicator=Indicator.objects.get(code=code), order=order
        )
    return round_
