import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def from_created(apps, schema_editor):
    """Versions made before: each was last produced, as far as is known, when it was made."""
    apps.get_model("agreements", "AgreementVersion").objects.update(last_produced_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_agreement_version_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreementversion",
            name="last_produced_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                help_text="When the agreement's text was last this version; the latest is the current one.",
                verbose_name="last produced",
            ),
        ),
        migrations.RunPython(from_created, migrations.RunPython.noop),
    ]
