from django.db import migrations, models

# The rule of step 8 (roles and contributions) was called "contributions"; a step's rule now names the
# registered step whose rule computes it (checklist/steps.py), and that step's key is "roles".
RENAMED = [("contributions", "roles")]


def rename_rules(apps, schema_editor):
    Step = apps.get_model("checklist", "Step")
    for old, new in RENAMED:
        Step.objects.filter(rule=old).update(rule=new)


def restore_rules(apps, schema_editor):
    Step = apps.get_model("checklist", "Step")
    for old, new in RENAMED:
        Step.objects.filter(rule=new).update(rule=old)


class Migration(migrations.Migration):
    dependencies = [("checklist", "0002_install_default_template")]

    operations = [
        # The choices come from the step registry now, through the admin's form (no database change).
        migrations.AlterField(
            model_name="step",
            name="rule",
            field=models.CharField(max_length=32, verbose_name="completion rule"),
        ),
        migrations.RunPython(rename_rules, restore_rules),
    ]
