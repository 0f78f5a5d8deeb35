"""A double submit: two requests pass the service's check at the same time and the second insert meets
the unique constraint. The second gets the same Swedish message as a later request would, never a
500, and nothing is saved twice.

The race is made real: the other request's row is in the database, and the service's check does
not see it (it ran before that row was written), so the insert itself meets the constraint."""

import pytest
from django.db.models import QuerySet
from django.urls import reverse

from checklist.models import StepNotApplicable
from checklist.rules import checklist_status
from collaborations.models import Membership, Organisation, Party, ProblemDescription
from tests.conftest import client_for
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartyFactory,
    ProblemDescriptionFactory,
    StepNotApplicableFactory,
    UserFactory,
)

PARTY_FIELDS = {"role": "partner", "state": "proposed", "contact_name": "Karin Berg"}


@pytest.fixture
def check_passes(monkeypatch):
    """check_passes(Model): the service's check on Model (`.exists()`, or its locked lookup of the
    latest row) finds nothing, as it did for the request that got there first, while the row that
    request made is already in the database."""

    def arrange(model):
        original_exists, original_first = QuerySet.exists, QuerySet.first

        def exists(self):
            return False if self.model is model else original_exists(self)

        def first(self):
            locked = self.query.select_for_update
            return None if self.model is model and locked else original_first(self)

        monkeypatch.setattr(QuerySet, "exists", exists)
        monkeypatch.setattr(QuerySet, "first", first)

    return arrange


def test_member_added_twice_at_once(lead_org, olivia, check_passes):
    newcomer = UserFactory(email="ny@example.test")
    MembershipFactory(organisation=lead_org, user=newcomer)
    check_passes(Membership)

    response = client_for(olivia).post(
        reverse("organisation_detail", args=[lead_org.pk]), {"email": newcomer.email, "role": "admin"}
    )

    assert response.status_code == 200
    assert f"{newcomer} är redan medlem i {lead_org}." in response.text
    assert Membership.objects.get(user=newcomer).role == "member"


def test_party_added_twice_at_once(collaboration, alice_client, check_passes):
    organisation = OrganisationFactory(name="Polisen")
    PartyFactory(collaboration=collaboration, organisation=organisation)
    check_passes(Party)

    response = alice_client.post(
        reverse("party_add", args=[collaboration.pk]), {"organisation": organisation.pk, **PARTY_FIELDS}
    )

    assert response.status_code == 200
    assert "Polisen är redan part i samverkan." in response.text
    assert collaboration.parties.filter(organisation=organisation).count() == 1


def test_new_organisation_added_twice_at_once(collaboration, alice_client, check_passes):
    OrganisationFactory(name="Åsby kommun", org_number="212000-8889", kind="municipality")
    check_passes(Organisation)

    response = alice_client.post(
        reverse("party_add", args=[collaboration.pk]),
        {
            "new_name": "Åsby kommun",
            "new_org_number": "2120008889",
            "new_kind": "municipality",
            **PARTY_FIELDS,
        },
    )

    assert response.status_code == 200
    assert "Sök fram den i stället" in response.text
    assert Organisation.objects.filter(org_number="212000-8889").count() == 1
    assert collaboration.parties.count() == 1  # the lead only


def test_step_marked_not_applicable_twice_at_once(collaboration, alice_client, check_passes):
    number = 12
    key = checklist_status(collaboration).for_number(number).step.key
    StepNotApplicableFactory(collaboration=collaboration, step_key=key, reason="Först")
    check_passes(StepNotApplicable)

    response = alice_client.post(
        reverse("step_not_applicable", args=[collaboration.pk, number]), {"reason": "Sedan"}, follow=True
    )

    assert response.status_code == 200
    assert "Steget är redan markerat som ej tillämpligt." in response.text
    assert list(StepNotApplicable.objects.values_list("reason", flat=True)) == ["Först"]


def test_first_problem_description_saved_twice_at_once(collaboration, alice_client, check_passes):
    ProblemDescriptionFactory(collaboration=collaboration, version=1, text="Den andras text")
    check_passes(ProblemDescription)

    response = alice_client.post(
        reverse("problem_edit", args=[collaboration.pk]),
        {"based_on_version": "0", "text": "Min text", "focus_areas": ["safety"], "evidence": ""},
    )

    assert response.status_code == 200
    assert "Problembeskrivningen har ändrats av någon annan" in response.text
    assert "Den andras text" in response.text and "Min text" in response.text
    assert list(ProblemDescription.objects.values_list("text", flat=True)) == ["Den andras text"]
