"""Choice lists shared by the empowerment models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class AgeGroup(models.TextChoices):
    YOUTH = "youth", _("Youth")
    ADULT = "adult", _("Adult")
    UNKNOWN = "unknown", _("Age not known")
