"""Records in the real regions of Bangka Tengah, behind the `registry` fixture of tests/conftest.py
(which loads the regions first)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from ovop.accounts.models import Role, User
from ovop.enterprises.models import Enterprise, Product
from ovop.programme.models import Designation, Programme, ProgrammeVillage
from ovop.regions.models import Region
from tests.factories import EnterpriseFactory, ProductFactory, ProgrammeFactory, UserFactory


@dataclass(frozen=True)
class Registry:
    """A few records in Bangka Tengah, seen differently by each role.

    Namang (desa 19.04.05.2001): Rusip Namang (owned by `owner_rusip`; 1 active product and
    1 archived), Madu Pelawan (1 product), an archived enterprise. Cambai (19.04.05.2002):
    Kerupuk Cambai (1 product). Koba (kelurahan 19.04.01.1001): Lempah Koba (3 products, owned
    by `owner_lempah`). `fasil_namang` serves the village Namang only.
    Programme "Desa OVOP Bangka Tengah": Namang chose Rusip in 2024 and nothing yet for 2025;
    Cambai chose Kerupuk in 2025; Kayu Besi (19.04.05.2003) takes part but chose nothing.
    An archived programme's designation of Cambai (2026) is never shown.
    """

    facilitator: User
    owner: User
    other_owner: User
    rusip: Enterprise
    madu: Enterprise
    kerupuk: Enterprise
    lempah: Enterprise
    rusip_product: Product
    kerupuk_product: Product
    programme: Programme


def designate(
    programme: Programme, village: Region, choices: dict[int, Product | None]
) -> ProgrammeVillage:
    """``village`` joins ``programme`` (2024) with the product chosen each year (None: none yet)."""
    membership = ProgrammeVillage.objects.create(
        programme=programme, village=village, joined_year=2024
    )
    for year, product in choices.items():
        Designation.objects.create(membership=membership, year=year, product=product)
    return membership


def _programme(regions: dict[str, Region], *, name: str, archived: bool = False) -> Programme:
    return ProgrammeFactory(  # type: ignore[no-any-return]
        name=name,
        regency=regions["19.04"],
        archived_at=timezone.now() if archived else None,
    )


def _enterprises(namang: Region, owner: User) -> tuple[Enterprise, Enterprise]:
    rusip = EnterpriseFactory(
        name="Rusip Namang",
        owner_name="Bu Sari",
        village=namang,
        account=owner,
        phone="+6281200000001",
        nib="1111111111111",
    )
    madu = EnterpriseFactory(
        name="Madu Pelawan",
        owner_name="Pak Udin",
        village=namang,
        phone="+6281200000002",
        nib="2222222222222",
        workers_male=15,
        workers_female=10,
        investment_idr=2_000_000_000,
    )
    EnterpriseFactory(name="Tutup Lama", village=namang, archived_at=timezone.now())
    return rusip, madu


def registry_create(regions: dict[str, Region]) -> Registry:
    """The records described in `Registry`, in the loaded ``regions``."""
    namang, cambai, koba = (
        regions["19.04.05.2001"],
        regions["19.04.05.2002"],
        regions["19.04.01.1001"],
    )
    facilitator = UserFactory(username="fasil_namang", role=Role.FACILITATOR)
    facilitator.villages.add(namang)
    owner = UserFactory(username="owner_rusip", role=Role.OWNER)
    other_owner = UserFactory(username="owner_lempah", role=Role.OWNER)
    rusip, madu = _enterprises(namang, owner)
    kerupuk = EnterpriseFactory(name="Kerupuk Cambai", owner_name="Bu Ani", village=cambai)
    lempah = EnterpriseFactory(name="Lempah Koba", village=koba, account=other_owner)
    rusip_product = ProductFactory(enterprise=rusip, name="Rusip botol")
    ProductFactory(enterprise=rusip, name="Rusip lama", archived_at=timezone.now())
    ProductFactory(enterprise=madu, name="Madu pahit")
    kerupuk_product = ProductFactory(enterprise=kerupuk, name="Kerupuk ikan")
    for n in range(3):
        ProductFactory(enterprise=lempah, name=f"Lempah {n}")
    programme = _programme(regions, name="Desa OVOP Bangka Tengah")
    designate(programme, namang, {2024: rusip_product, 2025: None})
    designate(programme, cambai, {2025: kerupuk_product})
    designate(programme, regions["19.04.05.2003"], {})
    old = _programme(regions, name="Old programme", archived=True)
    designate(old, cambai, {2026: kerupuk_product})
    return Registry(
        facilitator=facilitator,
        owner=owner,
        other_owner=other_owner,
        rusip=rusip,
        madu=madu,
        kerupuk=kerupuk,
        lempah=lempah,
        rusip_product=rusip_product,
        kerupuk_product=kerupuk_product,
        programme=programme,
    )
