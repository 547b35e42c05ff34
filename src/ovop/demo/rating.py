"""Demo star ratings: the two shipped schemes, a finished rating of Namang's madu pelawan and
one draft assessment. Idempotent: a second run writes nothing."""

from __future__ import annotations

from ovop.accounts.models import User
from ovop.enterprises.models import CertificationKind, Product
from ovop.rating import services
from ovop.rating.models import Assessment, AssessmentStatus, RatingScheme, StarRating

NAMANG = "19.04.05.2001"

#: The demo assessor's answers for the madu pelawan of Namang (Kemenperin scheme).
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


def _legal_answers(product: Product) -> dict[str, str]:
    kinds = set(product.enterprise.certifications.values_list("kind", flat=True))
    food_ok = bool(
        {CertificationKind.PIRT, CertificationKind.BPOM_MD} & kinds
        and CertificationKind.HALAL in kinds
    )
    return {
        "l_nib": "o2" if product.enterprise.nib else "o1",
        "l_food_permit": "o2" if food_ok else "o1",
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


def demo_ratings_load(*, officer: User, assessor: User) -> int:
    """Install the schemes and the demo ratings; returns how many records it wrote."""
    before = RatingScheme.objects.count()
    schemes = {s.code: s for s in services.scheme_install_fixtures()}
    writes = RatingScheme.objects.count() - before
    kemenperin = schemes["kemenperin-ovop"]
    madu = _product("Madu Pelawan")
    if madu is not None:
        assessment, new = _assessment(officer, assessor, madu, kemenperin)
        writes += new
        if assessment.status != AssessmentStatus.FINAL:
            services.assessment_save(
                user=assessor,
                assessment=assessment,
                answers={**MADU_ANSWERS, **_legal_answers(madu)},
                evidence="Kunjungan lapangan ke rumah produksi; label dan izin diperiksa.",
                finalise=True,
            )
            writes += 1
        if not StarRating.objects.filter(product=madu, scheme=kemenperin).exists():
            services.star_rating_issue(user=officer, product=madu, scheme=kemenperin)
            writes += 1
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
