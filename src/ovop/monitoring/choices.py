"""Choice lists and limits of the monitoring app."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

#: The largest magnitude a value may have: Rp 10¹⁵ (a thousand trillion) is far above any
#: enterprise's figures; anything larger is a typing error, never a measurement.
MAX_VALUE = Decimal(10**15)
#: Digits kept after the decimal point (a score of 72.5, a share of 33.3333 %).
VALUE_PLACES = 4
#: Indicators one round may ask (a field form of more questions is not filled on a phone).
MAX_ROUND_INDICATORS = 60
#: Options of a one-of-a-list indicator.
MAX_CHOICES = 40


class Domain(models.TextChoices):
    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social")
    ENVIRONMENTAL = "environmental", _("Environmental")
    OUTPUT = "output", _("Output")


class Unit(models.TextChoices):
    IDR_MONTH = "idr_month", _("rupiah per month")
    IDR = "idr", _("rupiah")
    PERSONS = "persons", _("persons")
    KG_MONTH = "kg_month", _("kg per month")
    KG = "kg", _("kg")
    PERCENT = "percent", _("percent")
    COUNT = "count", _("count")
    SCORE = "score", _("score (0-100)")
    YES_NO = "yes_no", _("yes/no")


class ValueType(models.TextChoices):
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Decimal number")
    PERCENT = "percent", _("Percent")
    BOOLEAN = "boolean", _("Yes/no")
    CHOICE = "choice", _("One of a list")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    MEAN = "mean", _("Mean")
    MEDIAN = "median", _("Median")
    SHARE = "share", _("Share (percent of respondents)")


class Level(models.TextChoices):
    IKM = "ikm", _("Enterprise (IKM)")
    GROUP = "group", _("Group")
    VILLAGE = "village", _("Village")


class Breakdown(models.TextChoices):
    """The part of a disaggregated value: the total, or the women's, men's or youth's part."""

    TOTAL = "", _("Total")
    FEMALE = "female", _("Women")
    MALE = "male", _("Men")
    YOUTH = "youth", _("Youth (under 30)")


class RoundKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    FOLLOW_UP = "follow_up", _("Follow-up")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open for entry")
    LOCKED = "locked", _("Locked")


class Arm(models.TextChoices):
    """Which side of the comparison a respondent is on."""

    PARTICIPANT = "participant", _("Programme participant")
    COMPARISON = "comparison", _("Comparison group")


class EntryStatus(models.TextChoices):
    EMPTY = "empty", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")


class Origin(models.TextChoices):
    WEB = "web", _("Web form")
    SPREADSHEET = "spreadsheet", _("Office spreadsheet")
    KOBO = "kobo", _("KoboToolbox export")
    CENTRAL = "central", _("ODK Central export")
    API = "api", _("API")
    CORRECTION = "correction", _("Administrator's correction")
    DEMO = "demo", _("Sample data")


class FlagKind(models.TextChoices):
    OUT_OF_RANGE = "out_of_range", _("Outside the plausible range")
    JUMP = "jump", _("More than 10× (or under a tenth of) the baseline")
    DUPLICATE = "duplicate", _("Same values as another respondent")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("To check")
    CONFIRMED = "confirmed", _("Confirmed as correct")
    CORRECTED = "corrected", _("Corrected")
