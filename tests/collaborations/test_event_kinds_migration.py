"""The data migration that gives the agreement's events their own kinds and takes the person off
"every party agrees" (collaborations/migrations/0013_agreement_event_kinds_and_no_person_for_...)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("collaborations", "0012_answer_through_the_link")]
AFTER = [("collaborations", "0013_agreement_event_kinds_and_no_person_for_system_events")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_schema():
    apps = _migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_agreement_events_get_their_kinds_and_system_events_no_person(old_schema):
    apps = old_schema
    User = apps.get_model("accounts", "User")
    Organisation = apps.get_model("collaborations", "Organisation")
    Collaboration = apps.get_model("collaborations", "Collaboration")
    Party = apps.get_model("collaborations", "Party")
    Event = apps.get_model("collaborations", "Event")
    karin = User.objects.create(email="karin@kommun.test", password="!")
    lead = Organisation.objects.create(name="Åsbyhem AB", org_number="556000-0001", kind="housing_company")
    collaboration = Collaboration.objects.create(
        title="T", area_name="A", municipality="M", lead_organisation=lead
    )
    party = Party.objects.create(
        collaboration=collaboration,
        organisation=lead,
        role="lead",
        state="joined",
        contact_name="anna@asbyhem.test",
        contact_email="anna@asbyhem.test",
    )
    rows = [
        ("version_sent", "problembeskrivningen version 1 till Åsby kommun"),
        ("all_agreed", "problembeskrivningen version 1, 1 av 1 parter"),
        ("version_sent", "avtalsutkast version 1 för godkännande till Åsby kommun"),
        ("answer_given", "Åsby kommun vill ha ändringar i avtalsutkastet version 1"),
        ("answer_given", "Åsby kommun: Instämmer (version 1)"),
        ("all_agreed", "avtalsutkast version 2 godkänt av 1 av 1 parter"),
    ]
    for kind, detail in rows:
        Event.objects.create(collaboration=collaboration, kind=kind, detail=detail, actor=karin)

    apps = _migrate(AFTER)

    Event = apps.get_model("collaborations", "Event")
    after = list(Event.objects.order_by("pk").values_list("kind", "actor_id"))
    assert after == [
        ("version_sent", karin.pk),
        ("all_agreed", None),
        ("agreement_sent", karin.pk),
        ("changes_wanted", karin.pk),
        ("answer_given", karin.pk),
        ("all_approved", None),
    ]
    assert apps.get_model("collaborations", "Party").objects.get(pk=party.pk).contact_name == ""

    apps = _migrate(BEFORE)  # and back: the kinds return, the person does not

    Event = apps.get_model("collaborations", "Event")
    assert [kind for kind, _detail in rows] == list(
        Event.objects.order_by("pk").values_list("kind", flat=True)
    )
