from django.db import migrations


def create_row(apps, schema_editor):
    Version = apps.get_model("stations", "StationIndexVersion")
    Version.objects.get_or_create(pk=1, defaults={"token": "initial"})


class Migration(migrations.Migration):
    dependencies = [("stations", "0002_registry_checkins_corrections_reviews")]

    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
