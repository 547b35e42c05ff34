"""IKM enterprises, their products and the certificates they hold.

Nothing here is ever deleted: a record is archived (``archived_at`` set) and can be restored.
Every change is kept by django-simple-history with who, when and the values before and after.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ovop.core import models as core_models
from ovop.core.files import UploadTo

nib_validator = RegexValidator(r"^\d{13}$", _("NIB must be exactly 13 digits."), "nib")
kbli_validator = RegexValidator(r"^\d{5}$", _("KBLI must be exactly 5 digits."), "kbli")


class SizeClass(models.TextChoices):
    """Industry size class of Permenperin 64/M-IND/PER/7/2016 (workers and investment)."""

    SMALL = "small", _("Small industry (industri kecil)")
    MEDIUM = "medium", _("Medium industry (industri menengah)")
    LARGE = "large", _("Large industry (industri besar)")


class Category(models.TextChoices):
    FOOD_BEVERAGE = "food_beverage", _("Food and beverage")
    WOVEN_CLOTH = "woven_cloth", _("Woven cloth (tenun)")
    BATIK = "batik", _("Batik")
    PLAITED_CRAFT = "plaited_craft", _("Plaited craft (anyaman)")
    POTTERY = "pottery", _("Pottery (gerabah)")
    WOOD_CRAFT = "wood_craft", _("Wood and other craft")
    HERBAL = "herbal", _("Herbal products")
    OTHER = "other", _("Other")


class OwnerGender(models.TextChoices):
    """The owner's gender as the registry records it; an empty value means not recorded."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class CertificationKind(models.TextChoices):
    NIB = "nib", _("NIB (business identity number)")
    PIRT = "pirt", _("P-IRT (home-industry food permit)")
    HALAL = "halal", _("Halal certificate")
    BPOM_MD = "bpom_md", _("BPOM MD distribution permit")
    SNI = "sni", _("SNI (national standard)")
    TRADEMARK = "trademark", _("Trademark")
    OTHER = "other", _("Other")


class Archivable(core_models.Archivable):
    """``archived_at`` (from ``ovop.core``) and the registry's bookkeeping fields."""

    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Created by the demo loader.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Enterprise(Archivable):
    name = models.CharField(_("business name"), max_length=160)
    owner_name = models.CharField(_("owner name"), max_length=120)
    owner_gender = models.CharField(
        _("owner's gender"),
        max_length=8,
        choices=OwnerGender.choices,
        blank=True,
        help_text=_("Leave empty when it is not known."),
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner's account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enterprises",
    )
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    nib = models.CharField(
        _("NIB"), max_length=13, unique=True, null=True, blank=True, validators=[nib_validator]
    )
    kbli = models.CharField(_("KBLI"), max_length=5, blank=True, validators=[kbli_validator])
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    workers_male = models.PositiveIntegerField(_("male workers"), default=0)
    workers_female = models.PositiveIntegerField(_("female workers"), default=0)
    investment_idr = models.PositiveBigIntegerField(
        _("investment (rupiah)"),
        default=0,
        help_text=_("Excluding land and buildings."),
    )
    annual_sales_idr = models.PositiveBigIntegerField(_("annual sales (rupiah)"), default=0)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("enterprise (IKM)")
        verbose_name_plural = _("enterprises (IKM)")
        indexes = [
            models.Index(fields=["village", "name"]),
            # the few archived IKM, for counts over the whole country that leave them out
            # without joining the others
            models.Index(
                fields=["id"],
                condition=models.Q(archived_at__isnull=False),
                name="enterprises_archived",
            ),
            # (PostgreSQL also keeps ``enterprises_village_read``, migration 0010: every IKM's
            # village read whole from an index alone for an estimate over the country)
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("enterprises:detail", args=[self.pk])

    @property
    def workers_total(self) -> int:
        return self.workers_male + self.workers_female

    # The one NIB fact: an enterprise holds a valid NIB when its NIB field is filled (13 digits,
    # unique; an OSS NIB does not expire). The list's filter, the rating gate and this field
    # read it here only; a Certification of kind NIB is not consulted.
    @property
    def holds_nib(self) -> bool:
        """True when the enterprise has an NIB on file (see :func:`holds_nib_q`)."""
        return bool(self.nib)


def holds_nib_q(prefix: str = "") -> models.Q:
    """The database form of :attr:`Enterprise.holds_nib`; ``prefix`` reaches the enterprise
    from another model (``"enterprise__"``)."""
    return models.Q(**{f"{prefix}nib__isnull": False}) & ~models.Q(**{f"{prefix}nib": ""})


class Product(Archivable):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField(_("product name"), max_length=160)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"), blank=True)
    story = models.TextField(
        _("village story"), blank=True, help_text=_("Where it comes from and who makes it.")
    )
    local_material_pct = models.PositiveSmallIntegerField(
        _("local raw material (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
    )
    unit = models.CharField(_("unit"), max_length=30, help_text=_("For example kg, bottle, piece."))
    price_idr = models.PositiveBigIntegerField(_("price per unit (rupiah)"), default=0)
    monthly_capacity = models.PositiveIntegerField(_("monthly capacity (units)"), default=0)
    published = models.BooleanField(_("published in the catalogue"), default=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(local_material_pct__lte=100), name="product_local_pct_le_100"
            )
        ]
        indexes = [
            # the dashboard's category filter over the whole country: the products of a
            # category (for the designated ones) and whether an IKM holds one (for its
            # certificates), each read from an index
            models.Index(fields=["category", "id"], name="enterprises_product_category"),
            models.Index(
                fields=["enterprise", "category"],
                condition=models.Q(archived_at__isnull=True),
                name="enterprises_product_live",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("enterprises:product_detail", args=[self.pk])


class ProductPhoto(models.Model):
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=UploadTo("products"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")

    def __str__(self) -> str:
        return self.caption or self.image.name

    def file_url(self) -> str:
        """Where the photo is served, to users who may see the product."""
        from django.urls import reverse

        return reverse("files:product_photo", args=[self.pk])


class Certification(Archivable):
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="certifications",
    )
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certifications",
        help_text=_("Leave empty when the certificate covers the whole enterprise."),
    )
    kind = models.CharField(_("certificate"), max_length=12, choices=CertificationKind.choices)
    number = models.CharField(_("number"), max_length=60)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(
        _("expires on"), null=True, blank=True, help_text=_("Leave empty if it never expires.")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(issued_on__isnull=True)
                | models.Q(expires_on__gte=models.F("issued_on")),
                name="certification_expires_after_issue",
            )
        ]
        #: The dashboard counts the certificates expiring later this month live (their
        #: enterprises read from the index too).
        indexes = [
            models.Index(
                fields=["expires_on", "enterprise"],
                condition=models.Q(archived_at__isnull=True),
                name="enterprises_cert_expires_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


from ovop.enterprises.models_tallies import RegistryTally  # noqa: E402, F401  (the app's models)
