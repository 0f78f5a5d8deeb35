from django.db import migrations
from django.utils import timezone


def install_default(apps, schema_editor):
    from checklist.default_template import install

    ChecklistTemplate = apps.get_model("checklist", "ChecklistTemplate")
    Step = apps.get_model("checklist", "Step")
    template = ChecklistTemplate.objects.filter(version=1).first()
    if template is None:
        template = install(ChecklistTemplate, Step, version=1, published_at=timezone.now())
    # Collaborations created before the checklist existed follow its first version.
    Collaboration = apps.get_model("collaborations", "Collaboration")
    CollaborationChecklist = apps.get_model("checklist", "CollaborationChecklist")
    for collaboration in Collaboration.objects.filter(checklist__isnull=True):
        CollaborationChecklist.objects.create(collaboration=collaboration, template=template)


def remove_default(apps, schema_editor):
    ChecklistTemplate = apps.get_model("checklist", "ChecklistTemplate")
    CollaborationChecklist = apps.get_model("checklist", "CollaborationChecklist")
    CollaborationChecklist.objects.filter(template__version=1).delete()
    ChecklistTemplate.objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("checklist", "0001_initial"), ("collaborations", "0002_event_kinds_for_checklist_and_confirmations")]

    operations = [migrations.RunPython(install_default, remove_default)]
