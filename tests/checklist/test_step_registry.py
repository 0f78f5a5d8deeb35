"""The step registry (checklist/steps.py): one entry per step, read by every part that knows a step."""

import dataclasses
import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.template.loader import get_template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from agreements.clauses import SECTIONS
from agreements.drafting import build_agreement
from checklist import services, steps
from checklist.facts import StepState
from checklist.models import (
    MANUAL_RULE,
    Activity,
    ChecklistTemplate,
    CollaborationChecklist,
    CommunicationPlan,
    Step,
)
from checklist.rules import checklist_status
from collaborations.models import PartyRole
from tests.factories import UserFactory

# --- A seventeenth step, added through the registry alone: an entry and its template ----------------


def _evaluation_report(facts):
    if facts.communication and facts.activity_count:
        return StepState.DONE
    return StepState.IN_PROGRESS if facts.communication or facts.activity_count else StepState.NOT_STARTED


def _evaluation_report_context(collaboration, _facts):
    return {"activity_count": Activity.objects.filter(collaboration=collaboration).count()}


EVALUATION_REPORT = steps.StepEntry(
    key="evaluation_report",
    rule=_evaluation_report,
    rule_label="A communication plan and at least one activity",
    template="checklist/steps/_evaluation_report.html",
    context=_evaluation_report_context,
)


@pytest.fixture
def seventeenth_step(db, settings, monkeypatch):
    """The registry's entry, its template (in tests/checklist/templates), and a published checklist
    version whose seventeenth step has that key and rule, as an operator would add it in the admin."""
    monkeypatch.setitem(steps.STEPS, EVALUATION_REPORT.key, EVALUATION_REPORT)
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], Path(__file__).parent / "templates"]}]
    draft = services.copy_template_as_new_version(template=ChecklistTemplate.objects.get(version=1))
    step = Step.objects.create(
        template=draft,
        number=17,
        key="evaluation_report",
        rule="evaluation_report",
        title_sv="Utvärderingsrapport",
        title_en="Evaluation report",
        guidance_sv="Planera hur samverkan redovisas.",
        guidance_en="Plan how the collaboration reports.",
        is_continuation=True,
    )
    draft.publish()
    return step


def _fill_the_seventeenth_step(collaboration):
    CommunicationPlan.objects.create(collaboration=collaboration, residents="Möten", public="Webb")
    Activity.objects.create(
        collaboration=collaboration,
        title="Trygghetsvandring",
        responsible_party=collaboration.parties.get(role=PartyRole.LEAD),
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 2, 1),
    )


def test_the_seventeenth_step_is_in_the_navigation_with_its_rules_state(
    seventeenth_step, collaboration, alice_client
):
    step_page = reverse("step_detail", args=[collaboration.pk, 17])

    html = alice_client.get(reverse("collaboration_detail", args=[collaboration.pk])).content.decode()

    assert f'<a href="{step_page}">' in html
    assert '<span class="step-title">Utvärderingsrapport</span>' in html
    assert checklist_status(collaboration).for_number(17).state == StepState.NOT_STARTED


def test_the_seventeenth_steps_rule_decides_when_it_is_done(seventeenth_step, collaboration):
    _fill_the_seventeenth_step(collaboration)

    status = checklist_status(collaboration).for_number(17)

    assert status.state == StepState.DONE
    assert not status.is_manual


def test_the_seventeenth_step_page_shows_its_template_with_its_context(
    seventeenth_step, collaboration, alice_client
):
    _fill_the_seventeenth_step(collaboration)

    response = alice_client.get(reverse("step_detail", args=[collaboration.pk, 17]))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="evaluation-report">Rapporten bygger på 1 aktiviteter.</p>' in html
    assert 'aria-current="step"' in html  # the navigation marks it as the page's step
    assert "Markera steget som klart" not in html  # its rule decides, not a marking


def test_the_agreement_names_the_seventeenth_step_while_it_is_not_done(
    seventeenth_step, collaboration, alice_client
):
    step_page = reverse("step_detail", args=[collaboration.pk, 17])

    agreement = build_agreement(collaboration, checklist=checklist_status(collaboration))
    html = alice_client.get(reverse("agreement_preview", args=[collaboration.pk])).content.decode()

    open_step = next(s for s in agreement.open_steps if s.key == "evaluation_report")
    assert (open_step.number, open_step.title, open_step.url) == (17, "Utvärderingsrapport", step_page)
    assert f'<a href="{step_page}">17. Utvärderingsrapport</a>' in html


def test_the_agreement_no_longer_waits_for_the_seventeenth_step_once_it_is_done(
    seventeenth_step, collaboration
):
    _fill_the_seventeenth_step(collaboration)

    agreement = build_agreement(collaboration, checklist=checklist_status(collaboration))

    assert "evaluation_report" not in [s.key for s in agreement.open_steps]


@pytest.fixture
def operator_client(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _as_posted(response):
    """The admin's change form of a checklist template as the browser would post it back unchanged."""
    data = {}
    for form in [response.context["adminform"].form] + [
        form for inline in response.context["inline_admin_formsets"] for form in inline.formset.forms
    ]:
        for name in form.fields:
            value = form[name].value()
            if value is True:
                data[form.add_prefix(name)] = "on"
            elif value not in (None, False):
                data[form.add_prefix(name)] = value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
    return data


def _prefix_of(data, field, value):
    """The form prefix of the inline step whose `field` has `value`."""
    suffix = f"-{field}"
    return next(key.removesuffix(suffix) for key, v in data.items() if key.endswith(suffix) and v == value)


def test_the_operator_gives_a_step_a_registered_rule_and_edits_titles_and_guidance(
    seventeenth_step, operator_client
):
    draft = services.copy_template_as_new_version(template=seventeenth_step.template)
    change_url = reverse("admin:checklist_checklisttemplate_change", args=[draft.pk])
    response = operator_client.get(change_url)
    assert '<option value="evaluation_report" selected>' in response.text
    assert '<option value="roles" selected>' in response.text  # step 8's rule, renamed from "contributions"

    data = _as_posted(response)
    eighth = _prefix_of(data, "key", "roles")
    data.update({f"{eighth}-rule": "manual", f"{eighth}-title_sv": "Roller", f"{eighth}-guidance_en": "New."})
    response = operator_client.post(change_url, data)

    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    step = draft.steps.get(key="roles")
    assert (step.rule, step.title_sv, step.guidance_en) == ("manual", "Roller", "New.")


def test_the_admin_refuses_a_rule_that_is_not_registered(seventeenth_step, operator_client):
    draft = services.copy_template_as_new_version(template=seventeenth_step.template)
    change_url = reverse("admin:checklist_checklisttemplate_change", args=[draft.pk])
    data = _as_posted(operator_client.get(change_url))
    rule = _prefix_of(data, "key", "evaluation_report") + "-rule"

    response = operator_client.post(change_url, {**data, rule: "retired_rule"})

    assert response.status_code == 200
    assert "retired_rule finns inte bland tillgängliga alternativ." in response.text
    assert draft.steps.get(key="evaluation_report").rule == "evaluation_report"


# --- The registry agrees with the rest of the application --------------------------------------------

# Pages of a collaboration that belong to no step.
NOT_A_STEPS_PAGE = {
    "collaboration_detail",
    "collaboration_edit",
    "collaboration_close",
    "step_detail",
    "step_not_applicable",
    "step_reopen",
    "step_mark_done",
    "checklist_upgrade",
    "collaboration_export",
    "document_upload",
    "document_download",
    "document_delete",
}


def _url_patterns(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _url_patterns(pattern, prefix + str(pattern.pattern))
        elif pattern.name:
            yield prefix + str(pattern.pattern), pattern.name


def test_every_page_of_a_collaboration_belongs_to_one_step_or_to_none_on_purpose():
    pages = {name for route, name in _url_patterns() if route.startswith("samverkan/<int:pk>/")}
    claimed = [name for entry in steps.STEPS.values() for name in entry.url_names]

    assert len(claimed) == len(set(claimed)), "a page belongs to two steps"
    assert set(claimed) <= pages, "the registry names a page that does not exist"
    assert pages - set(claimed) == NOT_A_STEPS_PAGE


@pytest.mark.parametrize("entry", steps.STEPS.values(), ids=list(steps.STEPS))
def test_a_step_is_worked_on_its_own_page_or_on_the_step_page_with_its_template(entry):
    assert bool(entry.page) != bool(entry.template)
    if entry.page:
        assert entry.page in entry.url_names
        assert entry.context is None
    else:
        get_template(entry.template)


def test_each_agreement_section_is_fed_by_at_most_one_step():
    fed = [section for entry in steps.STEPS.values() for section in entry.sections]

    assert len(fed) == len(set(fed))
    assert set(fed) <= {key for key, _title in SECTIONS}


def test_every_step_of_the_shipped_checklist_is_registered_and_computed_by_its_own_rule(db):
    shipped = Step.objects.filter(template__version=1)

    assert {(step.key, step.rule) for step in shipped} == {(key, key) for key in steps.STEPS}


def test_a_step_whose_rule_is_not_registered_is_marked_done_by_hand(db):
    assert steps.is_manual(Step(key="own", rule=MANUAL_RULE))
    assert steps.is_manual(Step(key="own", rule="retired_rule"))
    assert not steps.is_manual(Step(key="own", rule="budget"))


# --- What is left: a step's `missing` items, shown as "Kvar: …" on its page ------------------------


def _activities_missing(facts):
    return [] if facts.activity_count else [gettext_lazy("an activity with its dates")]


@pytest.fixture
def activities_with_missing(db, monkeypatch):
    entry = dataclasses.replace(steps.STEPS["activities"], missing=_activities_missing)
    monkeypatch.setitem(steps.STEPS, "activities", entry)


def test_step_page_says_what_is_left(activities_with_missing, collaboration, alice_client):
    response = alice_client.get(reverse("step_detail", args=[collaboration.pk, 11]))
    assert "Kvar:" in response.text
    assert "an activity with its dates" in response.text


def test_a_done_step_says_nothing_is_left(activities_with_missing, collaboration, alice_client):
    Activity.objects.create(
        collaboration=collaboration,
        title="Trygghetsvandring",
        responsible_party=collaboration.parties.get(role=PartyRole.LEAD),
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 2, 1),
    )
    collaboration.touch()
    response = alice_client.get(reverse("step_detail", args=[collaboration.pk, 11]))
    assert "Kvar:" not in response.text


def test_what_is_left_is_kept_untranslated_in_the_cached_state(activities_with_missing, collaboration):
    """The state is kept in the cache and read in either language: the items translate when shown."""
    CollaborationChecklist.objects.create(
        collaboration=collaboration, template=ChecklistTemplate.objects.get(version=1)
    )
    with translation.override("sv"):
        checklist_status(collaboration)
    with CaptureQueriesContext(connection) as queries, translation.override("en"):
        status = checklist_status(collaboration)
        assert [str(item) for item in status.for_number(11).missing] == ["an activity with its dates"]
    assert len(queries) == 0  # read from the cache
    with translation.override("en"):  # steps 8–15 list what is left too, as lazy phrases
        assert [str(item) for item in status.for_number(12).missing] == ["a budget line"]
