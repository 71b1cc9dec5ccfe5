"""Loads the GB/T 2260 tree: reference data every database needs, tests included."""

import csv
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "regions-cn.csv"


def load(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    with DATA_FILE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    order = {"province": 0, "prefecture": 1, "county": 2}
    rows.sort(key=lambda r: (order[r["level"]], r["code"]))
    Region.objects.bulk_create(
        [Region(code=r["code"], name=r["name"], level=r["level"], parent_id=r["parent_code"] or None,
                lat=float(r["lat"]), lng=float(r["lng"])) for r in rows],
        batch_size=1000,
    )


def unload(apps, schema_editor):
    apps.get_model("regions", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
