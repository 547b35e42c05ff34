"""Demo moderation: the two demo owners' proposed changes to their products' catalogue pages
waiting for an officer (and one earlier proposal the officer rejected, with its reason), and
buyers' reviews on the published demo products — most published, a few waiting.

Idempotent: a product that already has a proposal gets none, and a review already written (same
product, name and text) is not written again, so a second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from ovop.accounts.models import Role, User
from ovop.catalogue import services_moderation, services_reviews
from ovop.catalogue.models import Listing
from ovop.catalogue.models_moderation import ListingProposal, Review, ReviewStatus
from ovop.core.history import save_with_history
from ovop.demo import data

NAMANG = "19.04.05.2001"
BATU_BELUBANG = "19.04.02.2018"

#: village code → (story, price in rupiah, unit, marketplace links) the owner proposes.
PROPOSALS = {
    NAMANG: (
        "Madu pelawan kami dipanen dua kali setahun dari Hutan Pelawan Desa Namang tanpa "
        "menebang pohon. Rasanya pahit-manis khas dan warnanya gelap; dikemas dalam botol kaca "
        "250 ml yang bisa dikirim ke seluruh Indonesia.",
        185_000,
        "botol 250 ml",
        ["https://www.tokopedia.com/maduPelawanNamang"],
    ),
    BATU_BELUBANG: (
        "",
        40_000,
        "toples 200 g",
        ["https://shopee.co.id/rusipbatubelubang"],
    ),
}
#: The earlier proposal of Batu Belubang's owner, rejected by the officer.
REJECTED = (
    450_000,
    "Harga Rp 450.000 per toples tampaknya salah ketik (biasanya Rp 45.000); mohon periksa "
    "kembali dan kirim ulang.",
)

#: (stars, text, name, days ago, published?) per review; spread over the published listings.
REVIEWS = [
    (5, "Rasanya khas sekali, pengiriman ke Jakarta aman dan cepat.", "Rina Kartika", 160, True),
    (4, "Enak dan renyah, hanya kemasannya perlu lebih rapat.", "Agus Salim", 130, True),
    (5, "Oleh-oleh favorit keluarga kami setiap pulang ke Bangka.", "Dewi Lestari", 95, True),
    (4, "Kualitas bagus, penjual ramah menjawab pertanyaan.", "Budi Hartono", 70, True),
    (3, "Produk bagus, tetapi stok sering habis saat Lebaran.", "Siti Aminah", 48, True),
    (5, "Sudah tiga kali pesan, rasanya selalu sama enaknya.", "Hendra Wijaya", 30, True),
    (4, "Cocok untuk hadiah, ceritanya menarik.", "Maya Putri", 21, True),
    (5, "Asli buatan desa, terasa bedanya dengan produk pabrik.", "Yusuf Ramadhan", 12, True),
    (2, "Paket datang terlambat seminggu.", "Tono Saputra", 4, False),
    (5, "Mantap, akan pesan lagi bulan depan!", "Lina Marlina", 2, False),
    (4, "Rasanya pas, semoga ada ukuran yang lebih besar.", "Fajar Nugroho", 1, False),
]


@dataclass(frozen=True)
class ModerationSummary:
    proposals: int
    reviews: int


def _owner_listing(code: str) -> tuple[User, Listing] | None:
    listing = (
        Listing.objects.filter(
            product__is_sample=True,
            product__enterprise__village__code=code,
            product__enterprise__account__role=Role.OWNER,
        )
        .select_related("product__enterprise__account")
        .order_by("pk")
        .first()
    )
    if listing is None or listing.product.enterprise.account is None:
        return None
    return listing.product.enterprise.account, listing


def _values(listing: Listing, **changed: object) -> services_moderation.ProposalValues:
    return services_moderation.ProposalValues.of(listing, **changed)


def _proposals(officer: User) -> int:
    made = 0
    for code, (story, price, unit, links) in PROPOSALS.items():
        found = _owner_listing(code)
        if found is None or ListingProposal.objects.filter(product=found[1].product).exists():
            continue
        owner, listing = found
        if code == BATU_BELUBANG:
            wrong_price, reason = REJECTED
            earlier = services_moderation.proposal_submit(
                user=owner, product=listing.product, values=_values(listing, price_idr=wrong_price)
            )
            services_moderation.proposal_reject(user=officer, proposal=earlier, reason=reason)
            made += 1
        changed: dict[str, object] = {"price_idr": price, "unit": unit, "marketplace_links": links}
        if story:
            changed["story"] = story
        services_moderation.proposal_submit(
            user=owner, product=listing.product, values=_values(listing, **changed)
        )
        made += 1
    return made


def _reviews(officer: User) -> int:
    listings = list(
        Listing.objects.filter(product__is_sample=True, published=True).order_by(
            "product__enterprise__village__code", "pk"
        )[:6]
    )
    if not listings:
        return 0
    made = 0
    today = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    for n, (stars, text, name, days, published) in enumerate(REVIEWS):
        listing = listings[n % len(listings)]
        if Review.objects.filter(listing=listing, name=name, text=text).exists():
            continue
        sent = today - dt.timedelta(days=days)
        email = name.lower().replace(" ", ".") + "@example.com"
        review = Review(
            listing=listing, stars=stars, text=text, name=name, email=email, consent_at=sent
        )
        review.created_at = sent
        save_with_history(review, user=None, reason=data.CHANGE_REASON)
        if published:
            services_reviews.review_publish(user=officer, review=review)
        made += 1
    return made


def demo_moderation_load(*, officer: User) -> ModerationSummary:
    """Load the demo's proposals and reviews (see the module's documentation)."""
    return ModerationSummary(proposals=_proposals(officer), reviews=_reviews(officer))


def pending_counts() -> tuple[int, int, int]:
    """(pending proposals, published reviews, waiting reviews) of the demo."""
    proposals = ListingProposal.objects.filter(status="pending", product__is_sample=True).count()
    reviews = Review.objects.filter(listing__product__is_sample=True)
    return (
        proposals,
        reviews.filter(status=ReviewStatus.PUBLISHED).count(),
        reviews.filter(status=ReviewStatus.PENDING).count(),
    )
