"""The shipped list of experience themes (editable afterwards by officers)."""

from django.db import migrations

THEMES = [
    ("market", "Pasar", "Market"),
    ("raw-material", "Bahan baku", "Raw material"),
    ("capital", "Modal", "Capital"),
    ("skills", "Keterampilan", "Skills"),
    ("regulation", "Regulasi dan perizinan", "Regulation and permits"),
    ("family", "Keluarga", "Family"),
    ("weather", "Cuaca dan musim", "Weather and seasons"),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("empowerment", "Theme")
    for code, name_id, name_en in THEMES:
        Theme.objects.get_or_create(code=code, defaults={"name_id": name_id, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("empowerment", "0002_history")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
