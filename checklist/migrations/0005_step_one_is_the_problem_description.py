from django.db import migrations

# One name per concept: step 1 writes the problem description ("Problembeskrivning"), step 5's result is
# the shared problem picture ("Gemensam problembild"). Step 1 was titled "Problem".
OLD = {"title_sv": "Problem", "title_en": "Problem"}
NEW = {"title_sv": "Problembeskrivning", "title_en": "Problem description"}


def rename(apps, schema_editor):
    Step = apps.get_model("checklist", "Step")
    Step.objects.filter(key="problem", **OLD).update(**NEW)


def restore(apps, schema_editor):
    Step = apps.get_model("checklist", "Step")
    Step.objects.filter(key="problem", **NEW).update(**OLD)


class Migration(migrations.Migration):
    dependencies = [("checklist", "0004_bid_association_fees_register")]

    operations = [migrations.RunPython(rename, restore)]
