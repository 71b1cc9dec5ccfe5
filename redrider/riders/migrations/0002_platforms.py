"""The delivery platforms operating in Sichuan: imports name them, so they exist from the start."""

from django.db import migrations

PLATFORMS = [
    ("meituan", "美团", ["美团外卖", "meituan", "美团众包", "美团专送"]),
    ("eleme", "饿了么", ["饿了么蜂鸟", "蜂鸟", "eleme", "ele.me", "饿了么众包", "蜂鸟众包"]),
    ("jd", "京东秒送", ["京东", "京东外卖", "达达", "jd"]),
    ("shansong", "闪送", ["shansong"]),
    ("sfintra", "顺丰同城", ["顺丰同城急送", "sf"]),
    ("uu", "UU跑腿", ["uu", "uu跑腿"]),
]


def forwards(apps, schema_editor):
    Platform = apps.get_model("riders", "Platform")
    for code, name, aliases in PLATFORMS:
        Platform.objects.update_or_create(code=code, defaults={"name": name, "aliases": aliases})


class Migration(migrations.Migration):
    dependencies = [("riders", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
