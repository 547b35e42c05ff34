from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmpowermentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ovop.empowerment"
    verbose_name = _("Empowerment")

    def shipped_rows(self) -> dict[str, frozenset[str]]:
        """The experience themes migration 0003 ships, by their codes (``ovop.core.backup``
        does not count them as data of the installation)."""
        from importlib import import_module

        themes = import_module("ovop.empowerment.migrations.0003_themes").THEMES
        return {"empowerment_theme": frozenset(code for code, _name_id, _name_en in themes)}
