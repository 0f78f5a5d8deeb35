"""The data migration that copies EST's old free-text details into the rhythm
(checklist/migrations/0008_est_details_text_into_the_rhythm.py)."""

import importlib

from django.apps import apps

from checklist.est_models import EstArrangement
from tests.factories import ModelChoiceFactory

migration = importlib.import_module("checklist.migrations.0008_est_details_text_into_the_rhythm")


def test_the_weekly_meeting_and_the_analysis_texts_are_copied(db):
    details = {
        "weekly_meeting": "Tisdagar kl. 9, digitalt.",
        "analysis": "Trygghetssamordnaren.",
        "reporters": "X",
    }
    choice = ModelChoiceFactory(model="est", details=details)
    ModelChoiceFactory(model="bid", details={"weekly_meeting": "Inte EST"})

    migration.copy_texts(apps, None)

    arrangement = EstArrangement.objects.get()
    assert arrangement.collaboration_id == choice.collaboration_id
    assert (arrangement.weekly_form, arrangement.analysis_by) == (
        "Tisdagar kl. 9, digitalt.",
        "Trygghetssamordnaren.",
    )
    assert arrangement.police_area == "" and arrangement.weekly_day == ""


def test_an_est_without_those_texts_gets_no_row(db):
    ModelChoiceFactory(model="est", details={"reporters": "Områdesvärdar"})

    migration.copy_texts(apps, None)

    assert not EstArrangement.objects.exists()
