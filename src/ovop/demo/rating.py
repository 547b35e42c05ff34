"""Demo star ratings: the shipped schemes (Kemenperin's version 2 in use: NIB, food permit and
halal decided from the registry), a finished rating of Namang's madu pelawan and one draft
assessment. Idempotent: a second run writes nothing."""

from __future__ import annotations

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.rating import services
from ovop.rating.models import (
    Assessment,
    AssessmentStatus,
    RatingScheme,
    SchemeStatus,
    StarRating,
)

NAMANG = "19.04.05.2001"
KEMENPERIN = "kemenperin-ovop"

#: The demo assessor's answers for the madu pelawan of Namang (Kemenperin scheme); the
#: legality items are not among them: the registry decides those gates.
MADU_ANSWERS = {
    "a1_material": "o3",
    "a1_supply": "o2",
    "a1_value_added": "o3",
    "a1_environment": "o3",
    "a1_mass": "o2",
    "a2_design": "o3",
    "a2_packaging": "o2",
    "a3_years": "o3",
    "a3_local_workers": "o3",
    "a3_group": "o3",
    "b_reach": "o2",
    "b_promotion": "o2",
    "b_sales_trend": "o3",
    "b_channels": "o2",
    "b_brand": "o2",
    "c_consistency": "o2",
    "c_label": "o2",
    "c_standard": "o1",
    "c_complaints": "o2",
    "c_uniqueness": "o3",
}


def _product(stem: str) -> Product | None:
    return (
        Product.objects.filter(
            enterprise__village__code=NAMANG, name__startswith=stem, archived_at__isnull=True
        )
        .select_related("enterprise")
        .order_by("pk")
        .first()
    )


def _assessment(
    officer: User, assessor: User, product: Product, scheme: RatingScheme
) -> tuple[Assessment, bool]:
    found = Assessment.objects.filter(product=product, scheme=scheme, assessor=assessor).first()
    if found is not None:
        return found, False
    invited = services.assessment_invite(
        user=officer, product=product, scheme=scheme, assessor=assessor
    )
    return invited, True


def _kemenperin(admin: User) -> tuple[RatingScheme, int]:
    """The shipped schemes installed; the newest shipped Kemenperin version (registry gates) in
    use, put in use by the demo's admin when an older demo left it waiting as a draft."""
    before = RatingScheme.objects.count()
    shipped = [s for s in services.scheme_install_fixtures() if s.code == KEMENPERIN]
    writes = RatingScheme.objects.count() - before
    newest = shipped[-1]
    if newest.status == SchemeStatus.DRAFT:
        newest = services.scheme_activate(user=admin, scheme=newest)
        writes += 1
    return newest, writes


def _rate_madu(officer: User, assessor: User, madu: Product, scheme: RatingScheme) -> int:
    """The madu pelawan rated and issued; its legality gates come from the registry."""
    assessment, new = _assessment(officer, assessor, madu, scheme)
    writes = int(new)
    if assessment.status != AssessmentStatus.FINAL:
        services.assessment_save(
            user=assessor,
            assessment=assessment,
            answers=MADU_ANSWERS,
            evidence="Kunjungan lapangan ke rumah produksi; label dan izin diperiksa.",
            finalise=True,
        )
        writes += 1
    if not StarRating.objects.filter(product=madu, scheme=scheme).exists():
        services.star_rating_issue(user=officer, product=madu, scheme=scheme)
        writes += 1
    return writes


def demo_ratings_load(*, admin: User, officer: User, assessor: User) -> int:
    """Install the schemes and the demo ratings; returns how many records it wrote."""
    kemenperin, writes = _kemenperin(admin)
    madu = _product("Madu Pelawan")
    if madu is not None:
        writes += _rate_madu(officer, assessor, madu, kemenperin)
    jamur = _product("Jamur Pelawan")
    if jamur is not None:
        draft, new = _assessment(officer, assessor, jamur, kemenperin)
        if new:
            services.assessment_save(
                user=assessor,
                assessment=draft,
                answers={"a1_material": "o3", "a1_supply": "o2", "a2_design": "o2"},
                evidence="Draf: baru bagian produksi yang dinilai.",
                finalise=False,
            )
            writes += 2
    return writes
