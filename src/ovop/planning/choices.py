"""Choice lists and limits of the planning app, and the default rules of each kind of source."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: The largest amount any money field accepts: Rp 1 trillion, far above a regency's budget.
MAX_MONEY_IDR = 1_000_000_000_000
MONEY = [MinValueValidator(0), MaxValueValidator(MAX_MONEY_IDR)]
#: The largest number of units one proposal may multiply a unit cost by.
MAX_UNITS = 100_000


class ActivityType(models.TextChoices):
    TRAINING = "training", _("Training (bimtek)")
    EQUIPMENT = "equipment", _("Equipment and facilities")
    PACKAGING = "packaging", _("Packaging and design clinic")
    CERT_HALAL = "cert_halal", _("Certification: halal")
    CERT_PIRT = "cert_pirt", _("Certification: P-IRT")
    CERT_BPOM = "cert_bpom", _("Certification: BPOM MD")
    CERT_TRADEMARK = "cert_trademark", _("Certification: trademark")
    PROMOTION = "promotion", _("Promotion and exhibitions")
    MENTORING = "mentoring", _("Mentoring")
    MARKET_ACCESS = "market_access", _("Market access")
    OTHER = "other", _("Other")


#: Activity types that facilitate a certificate, and the registry's kind of certificate each
#: one produces when the output is obtained.
CERTIFICATION_OF = {
    ActivityType.CERT_HALAL: "halal",
    ActivityType.CERT_PIRT: "pirt",
    ActivityType.CERT_BPOM: "bpom_md",
    ActivityType.CERT_TRADEMARK: "trademark",
}


class SourceKind(models.TextChoices):
    APBD_KAB = "apbd_kab", _("APBD kabupaten (Disperindag DPA)")
    APBD_PROV = "apbd_prov", _("APBD provinsi")
    DAK = "dak", _("DAK (APBN)")
    DANA_DESA = "dana_desa", _("Dana Desa")
    CSR = "csr", _("CSR partner")
    OTHER = "other", _("Other source")


#: Configurable defaults: the activity types each kind of source may pay for when a new source
#: is recorded (empty = any type). DAK fisik pays for equipment and facilities only; a CSR
#: partner typically funds training, equipment and promotion. The officer edits each source.
DEFAULT_TYPES: dict[str, tuple[str, ...]] = {
    SourceKind.APBD_KAB: (),
    SourceKind.APBD_PROV: (),
    SourceKind.DAK: (ActivityType.EQUIPMENT,),
    SourceKind.DANA_DESA: (),
    SourceKind.CSR: (ActivityType.TRAINING, ActivityType.EQUIPMENT, ActivityType.PROMOTION),
    SourceKind.OTHER: (),
}


class YearStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class BenefitBasis(models.TextChoices):
    RUBRIC = "rubric", _("Scoring rubric")
    MEASURED = "measured", _("Measured effect per rupiah")


class ScenarioStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved plan")
    SUPERSEDED = "superseded", _("Superseded by a revision")


class SolveStatus(models.TextChoices):
    NOT_RUN = "not_run", _("Not run yet")
    OPTIMAL = "optimal", _("Optimal")
    #: Stopped at the time limit with a plan proven within ``runs.NEAR_GAP`` of the optimum.
    NEAR_OPTIMAL = "near_optimal", _("Near-optimal (proof stopped at the time limit)")
    INFEASIBLE = "infeasible", _("Impossible constraints")
    TIME_LIMIT = "time_limit", _("Stopped at the time limit")
    FAILED = "failed", _("Solver failed")


#: The results that hold a plan to show and approve.
PLAN_FOUND = frozenset({SolveStatus.OPTIMAL, SolveStatus.NEAR_OPTIMAL})


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class OutputKind(models.TextChoices):
    CERTIFICATION = "certification", _("Certificate obtained")
    EQUIPMENT = "equipment", _("Equipment delivered")
    PACKAGING = "packaging", _("Packaging design")
    OTHER = "other", _("Other output")
