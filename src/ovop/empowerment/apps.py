from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmpowermentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ovop.empowerment"
    verbose_name = _("Empowerment")
