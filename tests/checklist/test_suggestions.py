"""Drafting that starts from the model: later steps' forms open with the chosen form's usual content as a
suggestion that nothing stores until staff save it, and step forms save and go on to the next step."""

from django.urls import reverse

from checklist.models import (
    AgreementTerms,
    CommunicationPlan,
    GroupKind,
    GroupMember,
    MeetingRhythm,
    WorkOrganisation,
)
from collaborations.models import CollaborationModel, PartyRole
from tests.conftest import client_for
from tests.factories import CommunicationPlanFactory, ModelChoiceFactory, PartyFactory, SubGoalFactory

NOTE = "Ett förslag utifrån den samverkansform ni valt"


def _lead(collaboration):
    lead = collaboration.parties.get(role=PartyRole.LEAD)
    lead.contact_name = "Anna Lind"
    lead.save()
    return lead


def test_the_organisation_form_opens_with_the_models_rhythm_and_saves_nothing(collaboration, alice_client):
    lead = _lead(collaboration)
    ModelChoiceFactory(collaboration=collaboration, model=CollaborationModel.EST)
    response = alice_client.get(reverse("work_organisation_edit", args=[collaboration.pk]))
    form = response.context["form"]
    assert form["steering_rhythm"].value() == MeetingRhythm.QUARTERLY
    assert form["working_rhythm"].value() == MeetingRhythm.WEEKLY
    assert form["coordinator_party"].value() == lead.pk
    assert form["coordinator_name"].value() == "Anna Lind"
    assert NOTE in response.text
    assert not WorkOrganisation.objects.filter(collaboration=collaboration).exists()


def test_each_model_suggests_its_own_rhythm(collaboration, alice_client):
    _lead(collaboration)
    ModelChoiceFactory(collaboration=collaboration, model=CollaborationModel.BID)
    form = alice_client.get(reverse("work_organisation_edit", args=[collaboration.pk])).context["form"]
    assert form["working_rhythm"].value() == MeetingRhythm.MONTHLY


def test_nothing_is_suggested_before_a_model_is_chosen(collaboration, alice_client):
    response = alice_client.get(reverse("work_organisation_edit", args=[collaboration.pk]))
    assert response.context["form"]["steering_rhythm"].value() in (None, "")
    assert NOTE not in response.text


def test_what_is_stored_is_shown_not_a_suggestion(collaboration, alice_client):
    ModelChoiceFactory(collaboration=collaboration)
    CommunicationPlanFactory(collaboration=collaboration, residents="Vårt eget sätt.")
    response = alice_client.get(reverse("communication_edit", args=[collaboration.pk]))
    assert response.context["form"]["residents"].value() == "Vårt eget sätt."
    assert NOTE not in response.text


def test_a_follow_up_is_drawn_from_its_sub_goal(collaboration, alice_client):
    _lead(collaboration)
    ModelChoiceFactory(collaboration=collaboration, model=CollaborationModel.EST)
    sub_goal = SubGoalFactory(collaboration=collaboration)
    response = alice_client.get(reverse("follow_up_edit", args=[collaboration.pk, sub_goal.pk]))
    method = response.context["form"]["method"].value()
    assert method == (
        "Följs upp med indikatorn: Andel som känner sig otrygga. "
        "Utgångsvärde: 41 %. Mål: 25 % till 2028-12-31."
    )
    assert response.context["form"]["rhythm"].value() == MeetingRhythm.QUARTERLY


def test_the_terms_suggest_the_common_clauses_but_no_dates(collaboration, alice_client):
    ModelChoiceFactory(collaboration=collaboration)
    form = alice_client.get(reverse("terms_edit", args=[collaboration.pk])).context["form"]
    assert "allmän domstol i Sverige" in form["disputes"].value()
    assert "skriftligen" in form["changes"].value()
    assert not form["starts_on"].value() and not form["ends_on"].value()


def test_the_terms_suggest_that_no_party_assigns_without_the_others_consent(collaboration, alice_client):
    ModelChoiceFactory(collaboration=collaboration)
    response = alice_client.get(reverse("terms_edit", args=[collaboration.pk]))

    assert response.context["form"]["assignment"].value() == (
        "En part får inte överlåta sina rättigheter och skyldigheter enligt avtalet utan de övriga "
        "parternas skriftliga samtycke."
    )
    assert not response.context["form"]["personal_data"].value()  # what is processed is the parties' own


def test_the_terms_save_what_is_processed_and_show_it_on_step_15(collaboration, alice_client):
    url = reverse("terms_edit", args=[collaboration.pk])
    alice_client.post(url, {"assignment": "Aldrig.", "personal_data": "processor", "processor_agreement": ""})

    terms = AgreementTerms.objects.get(collaboration=collaboration)
    assert (terms.assignment, terms.personal_data, terms.processor_agreement) == (
        "Aldrig.",
        "processor",
        False,
    )
    page = alice_client.get(reverse("step_detail", args=[collaboration.pk, 15])).content.decode()
    assert "Inget personuppgiftsbiträdesavtal har registrerats." in page


def test_save_and_next_goes_to_the_next_step_to_do(collaboration, alice_client):
    ModelChoiceFactory(collaboration=collaboration)
    response = alice_client.post(
        reverse("communication_edit", args=[collaboration.pk]),
        {"residents": "På boendemöten.", "public": "Via styrgruppen.", "spokesperson": "", "and_next": "1"},
    )
    assert response.status_code == 302
    assert CommunicationPlan.objects.filter(collaboration=collaboration).exists()
    # the first step not done is the problem description, which has a page of its own
    assert response.url == reverse("problem_detail", args=[collaboration.pk])


def test_plain_save_goes_back_to_the_step(collaboration, alice_client):
    response = alice_client.post(
        reverse("communication_edit", args=[collaboration.pk]),
        {"residents": "På boendemöten.", "public": "Via styrgruppen.", "spokesperson": ""},
    )
    assert response.status_code == 302
    assert response.url != reverse("problem_detail", args=[collaboration.pk])


def test_save_and_next_with_bad_input_saves_nothing_and_stays(collaboration, alice_client):
    response = alice_client.post(
        reverse("communication_edit", args=[collaboration.pk]),
        {"residents": "", "public": "", "spokesperson": "", "and_next": "1"},
    )
    assert response.status_code == 200
    assert not CommunicationPlan.objects.filter(collaboration=collaboration).exists()


def test_an_outsider_gets_404_also_with_save_and_next(collaboration, charlie):
    response = client_for(charlie).post(
        reverse("communication_edit", args=[collaboration.pk]),
        {"residents": "x", "public": "y", "and_next": "1"},
    )
    assert response.status_code == 404


# --- The steering group from the parties' contact persons (step 9) -------------------------------


def _organisation_post(**extra):
    return {
        "coordinator_name": "Anna Lind",
        "steering_rhythm": "quarterly",
        "working_rhythm": "monthly",
        **extra,
    }


def test_an_empty_steering_group_is_suggested_from_the_contact_persons(collaboration, alice_client):
    lead = _lead(collaboration)
    partner = PartyFactory(collaboration=collaboration, contact_name="Karin Berg")
    PartyFactory(collaboration=collaboration, contact_name="")  # no one named: not offered
    form = alice_client.get(reverse("work_organisation_edit", args=[collaboration.pk])).context["form"]
    field = form.fields["steering_parties"]
    assert {p.pk for p in field.queryset} == {lead.pk, partner.pk}
    assert set(form["steering_parties"].value()) == {lead.pk, partner.pk}
    assert not GroupMember.objects.filter(collaboration=collaboration).exists()  # nothing stored yet


def test_the_ticked_contact_persons_join_the_steering_group(collaboration, alice_client):
    _lead(collaboration)
    partner = PartyFactory(collaboration=collaboration, contact_name="Karin Berg")
    response = alice_client.post(
        reverse("work_organisation_edit", args=[collaboration.pk]),
        _organisation_post(steering_parties=[partner.pk]),
    )
    assert response.status_code == 302
    member = GroupMember.objects.get(collaboration=collaboration)
    assert (member.group, member.party, member.person) == (GroupKind.STEERING, partner, "Karin Berg")


def test_a_party_already_in_the_steering_group_is_not_offered_and_nothing_is_ticked(
    collaboration, alice_client
):
    lead = _lead(collaboration)
    partner = PartyFactory(collaboration=collaboration, contact_name="Karin Berg")
    GroupMember.objects.create(
        collaboration=collaboration, group=GroupKind.STEERING, party=lead, person="Maria Ek"
    )
    form = alice_client.get(reverse("work_organisation_edit", args=[collaboration.pk])).context["form"]
    assert [p.pk for p in form.fields["steering_parties"].queryset] == [partner.pk]
    assert not form["steering_parties"].value()


def test_a_party_of_another_collaboration_cannot_be_added_to_the_steering_group(collaboration, alice_client):
    _lead(collaboration)
    foreign = PartyFactory(contact_name="Hemlig Person")
    response = alice_client.post(
        reverse("work_organisation_edit", args=[collaboration.pk]),
        _organisation_post(steering_parties=[foreign.pk]),
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.text
    assert not GroupMember.objects.exists()
    assert not WorkOrganisation.objects.filter(collaboration=collaboration).exists()
