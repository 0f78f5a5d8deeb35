"""EST's details were free text in ModelChoice.details; they are rows of their own now (0005). The texts
that fit a field of the rhythm are copied there: the weekly meeting ("Tisdagar kl. 9, digitalt") into
where or how the meeting is held, the analysis into who makes it. The texts stay in `details`, so
nothing is lost; who reports cannot be tied to a party by a migration and is entered on the EST page
(the agreement shows a gap until then)."""

from django.db import migrations


def copy_texts(apps, schema_editor):
    ModelChoice = apps.get_model("collaborations", "ModelChoice")
    EstArrangement = apps.get_model("checklist", "EstArrangement")
    for choice in ModelChoice.objects.filter(model="est"):
        details = choice.details or {}
        weekly = str(details.get("weekly_meeting") or "").strip()
        analysis = str(details.get("analysis") or "").strip()
        if not (weekly or analysis):
            continue
        EstArrangement.objects.get_or_create(
            collaboration_id=choice.collaboration_id,
            defaults={"weekly_form": weekly[:200], "analysis_by": analysis[:300]},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("checklist", "0007_est_reporting_and_rhythm"),
    ]

    # Backwards there is nothing to undo: 0005 backwards drops the rows, and `details` was never changed.
    operations = [migrations.RunPython(copy_texts, migrations.RunPython.noop)]
