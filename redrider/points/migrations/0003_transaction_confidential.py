"""Transactions that derive from a confidential person carry a flag (DESIGN §4 rule 7)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('points', '0002_sinks_keep_no_cached_balance'),
    ]

    operations = [
        migrations.AddField(
            model_name='transaction',
            name='confidential',
            field=models.BooleanField(db_index=True, default=False, verbose_name='保密来源'),
        ),
    ]
