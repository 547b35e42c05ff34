"""The public catalogue: what buyers may see of a product, its photos and its village's story.

A product is shown to the public only through its :class:`Listing`, and only while the listing
is published and neither the product nor its enterprise is archived. The listing holds its own
copy of everything the public sees (``PublicFields``): the registry's private fields (owner,
NIK, phone, revenue, gender, survey values) are never read by a public page; the enterprise's
phone is shown only when ``show_whatsapp`` records the owner's consent.

``PublicFields`` is abstract so that a proposed change (an owner's edit awaiting an officer's
approval) can later be kept as a row of the same fields beside the live listing.
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ovop.core.files import UploadTo

#: The highest price a listing may show: one billion rupiah per unit.
MAX_PRICE_IDR = 1_000_000_000
NAME_MAX_LENGTH = 120
STORY_MAX_LENGTH = 3_000
MATERIAL_MAX_LENGTH = 500
SLUG_MAX_LENGTH = 80
#: The listing's search facets (see ``Listing``).
FACETS = ("public", "category", "village_code", "kecamatan_code", "regency_code", "stars")
#: Widths (CSS pixels) of the resized copies made of every listing photo.
PHOTO_WIDTHS = (320, 640, 1280)


class PublicFields(models.Model):
    """Every field a buyer may read, in one place (see the module's documentation)."""

    public_name = models.CharField(
        _("public name"), max_length=NAME_MAX_LENGTH, validators=[MinLengthValidator(2)]
    )
    story = models.TextField(
        _("story"),
        blank=True,
        validators=[MaxLengthValidator(STORY_MAX_LENGTH)],
        help_text=_("Who makes it, how, and what makes it special (shown to buyers)."),
    )
    raw_material = models.CharField(
        _("local raw material"),
        max_length=MATERIAL_MAX_LENGTH,
        blank=True,
        help_text=_("Which local materials it is made of, and where they come from."),
    )
    price_idr = models.PositiveBigIntegerField(
        _("price (rupiah)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_PRICE_IDR)],
        help_text=_("Leave empty to show “price on request”."),
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    marketplace_links = models.JSONField(_("marketplace links"), default=list, blank=True)
    show_whatsapp = models.BooleanField(
        _("show a WhatsApp button"),
        default=False,
        help_text=_("Only with the owner's consent: the enterprise's phone number is then public."),
    )

    class Meta:
        abstract = True


class Listing(PublicFields):
    """A product's page in the public catalogue (one per product)."""

    product = models.OneToOneField(
        "enterprises.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="listing",
    )
    slug = models.SlugField(_("address name"), max_length=SLUG_MAX_LENGTH, unique=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    certifications = models.ManyToManyField(
        "enterprises.Certification",
        verbose_name=_("certificates shown"),
        blank=True,
        related_name="listings",
    )
    #: Words of the name, village, kecamatan, category and story with their stems: what the
    #: search reads (SQLite: an FTS5 table kept by triggers; PostgreSQL: a GIN index).
    search_document = models.TextField(editable=False, default="")
    #: The photos a card shows, first one first: set by ``selectors.with_photos`` (no field).
    card_photos: list[ListingPhoto]
    # Search facets: copies of what the search filters and sorts by, kept by the catalogue
    # (``ovop.catalogue.facets``) whenever the listing, its product, enterprise or star rating
    # changes, so that a search reads this one table (docs/decisions/0012).
    #: Shown to the public: published, and neither product nor enterprise archived.
    public = models.BooleanField(editable=False, default=False)
    category = models.CharField(editable=False, max_length=20, default="")
    village_code = models.CharField(editable=False, max_length=13, default="")
    kecamatan_code = models.CharField(editable=False, max_length=13, default="")
    regency_code = models.CharField(editable=False, max_length=13, default="")
    #: The product's latest star rating (none yet: null).
    stars = models.PositiveSmallIntegerField(editable=False, null=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at", "search_document", *FACETS],
    )

    class Meta:
        ordering = ["public_name", "id"]
        verbose_name = _("catalogue listing")
        verbose_name_plural = _("catalogue listings")
        indexes = [
            models.Index(fields=["published", "public_name"]),
            # the search's orders and filters, over the public listings only
            models.Index(
                fields=["public_name", "id"],
                condition=models.Q(public=True),
                name="listing_public_name",
            ),
            models.Index(
                fields=["category", "public_name", "id"],
                condition=models.Q(public=True),
                name="listing_public_category",
            ),
            models.Index(
                fields=["kecamatan_code", "category", "public_name", "id"],
                condition=models.Q(public=True),
                name="listing_public_kecamatan",
            ),
            models.Index(
                fields=["regency_code", "category", "public_name", "id"],
                condition=models.Q(public=True),
                name="listing_public_regency",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price_idr__lte=MAX_PRICE_IDR) | models.Q(price_idr__isnull=True),
                name="listing_price_bounded",
            )
        ]

    def __str__(self) -> str:
        return self.public_name


class ListingSlug(models.Model):
    """An address name a listing had before: its old address redirects (301) to the new one."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=SLUG_MAX_LENGTH, unique=True)
    retired_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-retired_at", "-id"]
        verbose_name = _("former address name")
        verbose_name_plural = _("former address names")

    def __str__(self) -> str:
        return self.slug


class ListingPhoto(models.Model):
    """A photo of a listing: the cleaned upload and its resized WebP and JPEG copies."""

    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=UploadTo("catalogue"))
    caption = models.CharField(
        _("description"), max_length=200, help_text=_("What the photo shows (read aloud).")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    #: "<width>.<webp|jpg>" → stored file name of each resized copy.
    variants = models.JSONField(default=dict, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["variants"])

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("listing photo")
        verbose_name_plural = _("listing photos")

    def __str__(self) -> str:
        return self.caption


class VillageStory(models.Model):
    """The story of a village, shown on its public catalogue page."""

    village = models.OneToOneField(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="catalogue_story",
    )
    story = models.TextField(_("village story"), validators=[MaxLengthValidator(STORY_MAX_LENGTH)])
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("village story")
        verbose_name_plural = _("village stories")

    def __str__(self) -> str:
        return str(self.village)


# The moderation's and the demand's models live in their own modules; imported here so Django
# finds them.
from ovop.catalogue.models_demand import DemandCount, DemandKind, Inquiry, InquiryStatus  # noqa: E402
from ovop.catalogue.models_moderation import (  # noqa: E402
    ListingProposal,
    ProposalPhoto,
    Review,
)

__all__ = [
    "DemandCount",
    "DemandKind",
    "Inquiry",
    "InquiryStatus",
    "Listing",
    "ListingPhoto",
    "ListingProposal",
    "ListingSlug",
    "ProposalPhoto",
    "PublicFields",
    "Review",
    "VillageStory",
]
