"""Demo catalogue: the designated products of Bangka Tengah's programme villages on public
pages with a short Indonesian story and a drawn placeholder photo marked "CONTOH" (sample),
their villages' stories, and a few more of the registry's published products; then the owners'
proposals and the buyers' reviews waiting for moderation (``ovop.demo.catalogue_moderation``).

One designated product (Pinang Sebatang's ikan salai) is left as an unpublished draft, so the
officers' list shows both states. Idempotent: a product that already has a catalogue page is
left as it is (an officer may have edited it), and the photos' files have fixed names, so a
second run writes nothing. Kept fast: one 800×600 picture per listing, drawn and resized once.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.db.models import Q
from PIL import Image, ImageDraw, ImageFont

from ovop.accounts.models import User
from ovop.catalogue import services
from ovop.catalogue.models import Listing, ListingPhoto, VillageStory
from ovop.catalogue.photos import make_variants
from ovop.core.history import save_with_history
from ovop.demo import data
from ovop.demo.catalogue_moderation import demo_moderation_load
from ovop.demo.plan import DemoPlan
from ovop.enterprises.models import Category, Certification, Product
from ovop.programme.models import Designation, Programme
from ovop.regions.models import Region

#: village code → (public story, local raw material, village story); in Indonesian.
STORIES = {
    "19.04.05.2001": (
        "Madu pelawan dipanen dari hutan pelawan di sekitar Desa Namang. Rasanya pahit-manis "
        "khas, karena lebah menghisap nektar bunga pohon pelawan yang hanya mekar sekali "
        "setahun.",
        "Madu lebah hutan dari pohon pelawan (Tristaniopsis) di hutan desa",
        "Namang menjaga Hutan Pelawan sebagai hutan desa; dari hutan itu datang madu, jamur "
        "pelawan dan wisata alam.",
    ),
    "19.04.01.2005": (
        "Getas Kurau dibuat dari ikan tenggiri segar hasil tangkapan nelayan Kurau, digoreng "
        "hingga renyah. Cocok untuk oleh-oleh khas Bangka.",
        "Ikan tenggiri dari nelayan Kurau dan sagu lokal",
        "Kurau adalah kampung nelayan di pesisir timur Bangka Tengah; hasil lautnya diolah oleh "
        "kelompok ibu-ibu menjadi getas dan kerupuk.",
    ),
    "19.04.02.2018": (
        "Rusip Batu Belubang adalah fermentasi ikan bilis dengan garam dan gula aren, dibuat "
        "menurut resep turun-temurun. Nikmat sebagai sambal pendamping nasi dan lalapan.",
        "Ikan bilis dari perairan Batu Belubang, garam dan gula aren",
        "Batu Belubang dikenal dengan pantainya dan perahu nelayan tradisional; rusip adalah "
        "olahan ikan yang paling dicari pengunjung.",
    ),
    "19.04.03.2004": (
        "Kopiah resam dianyam dengan tangan dari batang tumbuhan resam yang dikeringkan. "
        "Ringan, kuat dan tahan lama; satu kopiah dikerjakan beberapa hari.",
        "Batang resam (paku andam) dari kebun dan hutan di sekitar Lampur",
        "Di Lampur, menganyam resam adalah keterampilan yang diwariskan dari orang tua ke anak.",
    ),
}
#: The designated product left unpublished (the officers' list shows a draft).
DRAFT_VILLAGE = "19.04.04.2010"
#: At most this many other published products get a catalogue page.
EXTRA_LISTINGS = 12
COLOURS: dict[str, tuple[int, int, int]] = {
    Category.FOOD_BEVERAGE: (196, 120, 52),
    Category.HERBAL: (172, 132, 24),
}


@dataclass(frozen=True)
class CatalogueSummary:
    listings: int
    published: int
    photos: int
    proposals: int = 0
    reviews: int = 0


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # a Pillow without FreeType
        return ImageFont.load_default()


def placeholder(name: str, category: str) -> io.BytesIO:
    """An 800×600 JPEG: the product's name on a plain colour, with a "CONTOH · SAMPLE" band."""
    colour = COLOURS.get(category, (11, 110, 79))
    picture = Image.new("RGB", (800, 600), colour)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 0, 800, 90), fill=(255, 255, 255))
    draw.text((400, 45), "CONTOH · SAMPLE", fill=(180, 30, 30), font=_font(48), anchor="mm")
    draw.text((400, 330), name[:28], fill=(255, 255, 255), font=_font(52), anchor="mm")
    draw.text(
        (400, 560), "foto contoh / sample photo", fill=(255, 255, 255), font=_font(24), anchor="mm"
    )
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=80)
    out.seek(0)
    return out


def _photo(listing: Listing, officer: User) -> int:
    if listing.photos.exists():
        return 0
    picture = placeholder(listing.public_name, listing.product.category)
    variants, width, height = make_variants(picture, stem=f"catalogue/demo/{listing.slug}")
    photo = ListingPhoto(
        listing=listing,
        caption=f"Foto contoh {listing.public_name}",
        variants=variants,
        width=width,
        height=height,
    )
    photo.image.name = variants["640.jpg"]
    save_with_history(photo, user=officer, reason=data.CHANGE_REASON)
    return 1


def showcased(plan: DemoPlan) -> set[tuple[int, str]]:
    """(``id`` of the enterprise's plan, product name) of the designated products the demo
    publishes: the registry marks them published from the start, so that a second run of the
    demo finds them as it left them."""
    codes = {code for code, _year in data.DESIGNATIONS} - {DRAFT_VILLAGE}
    return {(id(plan.signature[c]), plan.signature[c].products[0].name) for c in codes}


def _designated(programme: Programme) -> dict[str, Product]:
    """village code → the product of its latest designation."""
    latest: dict[str, Product] = {}
    rows = (
        Designation.objects.filter(membership__programme=programme, product__isnull=False)
        .select_related("product__enterprise__village", "membership__village")
        .order_by("membership__village__code", "-year")
    )
    for designation in rows:
        assert designation.product is not None
        latest.setdefault(designation.membership.village.code, designation.product)
    return latest


def neutral_story(product: Product) -> str:
    """A short story naming the enterprise and its village, never a person: the registry's
    own story may name the owner, whom the catalogue does not show."""
    village = product.enterprise.village.name
    return (
        f"{product.name} dibuat oleh {product.enterprise.name} di Desa {village}, Bangka "
        "Tengah, dari bahan setempat."
    )


def _listing(officer: User, product: Product, story: str, material: str) -> Listing | None:
    """A new listing of ``product``; None when it has one already."""
    if Listing.objects.filter(product=product).exists():
        return None
    shown = Certification.objects.filter(
        Q(product=product) | Q(product__isnull=True),
        enterprise=product.enterprise,
        archived_at__isnull=True,
    ).exclude(kind="nib")
    values = services.ListingValues(
        public_name=product.name,
        story=story,
        raw_material=material,
        price_idr=product.price_idr or None,
        unit=product.unit,
        show_whatsapp=bool(product.enterprise.phone),
        certification_ids=list(shown.values_list("pk", flat=True)),
    )
    return services.listing_create(user=officer, product=product, values=values)


def _extras(officer: User, skip: set[int]) -> list[Listing]:
    products = (
        Product.objects.filter(
            is_sample=True,
            published=True,
            archived_at__isnull=True,
            enterprise__village__code__in=list(data.PROGRAMME_VILLAGES),
        )
        .exclude(pk__in=skip)
        .select_related("enterprise__village")
        .order_by("enterprise__village__code", "pk")[:EXTRA_LISTINGS]
    )
    made = [_listing(officer, p, neutral_story(p), "") for p in products]
    return [x for x in made if x is not None]


def demo_catalogue_load(*, programme: Programme, officer: User) -> CatalogueSummary:
    """Load the demo catalogue (see the module's documentation)."""
    created: list[Listing] = []
    designated = _designated(programme)
    for code, product in designated.items():
        story, material, village_story = STORIES.get(code, (neutral_story(product), "", ""))
        listing = _listing(officer, product, story, material)
        if listing is None:
            continue
        created.append(listing)
        if code != DRAFT_VILLAGE:
            services.listing_publish(user=officer, listing=listing)
        village = Region.objects.get(code=code)
        if village_story and not VillageStory.objects.filter(village=village).exists():
            services.village_story_save(user=officer, village=village, story=village_story)
    extras = _extras(officer, {p.pk for p in designated.values()})
    for listing in extras:
        services.listing_publish(user=officer, listing=listing)
    created += extras
    photos = sum(_photo(listing, officer) for listing in created)
    published = Listing.objects.filter(published=True, product__is_sample=True).count()
    total = Listing.objects.filter(product__is_sample=True).count()
    moderation = demo_moderation_load(officer=officer)
    return CatalogueSummary(
        listings=total,
        published=published,
        photos=photos,
        proposals=moderation.proposals,
        reviews=moderation.reviews,
    )
