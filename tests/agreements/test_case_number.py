"""Issue 18: each party records its own case number (diarienummer) for the collaboration, and the
agreement shows it beside the party."""

from django.urls import reverse

from agreements import services
from checklist.rules import checklist_status
from tests.conftest import client_for

FIELDS = {"role": "partner", "state": "invited", "contact_name": "Kim Kontakt"}


def _edit(client, collaboration, party, **fields):
    return client.post(reverse("party_edit", args=[collaboration.pk, party.pk]), {**FIELDS, **fields})


def _content(collaboration):
    draft = services.current_draft(collaboration, checklist=checklist_status(collaboration))
    return draft.content_html, draft.content_hash


def test_staff_record_a_partys_case_number(collaboration, partner_party, alice_client):
    response = _edit(alice_client, collaboration, partner_party, case_number="KS 2026/481")

    assert response.status_code == 302
    partner_party.refresh_from_db()
    assert partner_party.case_number == "KS 2026/481"


def test_the_agreement_shows_the_case_number_beside_the_party(collaboration, partner_party):
    partner_party.case_number = "KS 2026/481"
    partner_party.save()

    html, _hash = _content(collaboration)

    assert "Diarienummer KS 2026/481" in html


def test_a_case_number_changes_the_agreements_version_and_none_leaves_it(collaboration, partner_party):
    before_html, before = _content(collaboration)
    assert "Diarienummer" not in before_html  # no number: the text, and so its hash, is as before

    partner_party.case_number = "Dnr 12"
    partner_party.save()

    assert _content(collaboration)[1] != before


def test_a_too_long_case_number_is_refused_in_swedish_and_nothing_is_saved(
    collaboration, partner_party, alice_client
):
    response = _edit(alice_client, collaboration, partner_party, case_number="x" * 101, contact_name="Ny")

    assert response.status_code == 200
    assert "Säkerställ att detta värde har som mest 100 tecken" in response.text
    partner_party.refresh_from_db()
    assert partner_party.case_number == "" and partner_party.contact_name == "Kim Kontakt"


def test_a_representative_cannot_edit_the_party(collaboration, partner_party, bob):
    response = _edit(client_for(bob), collaboration, partner_party, case_number="Dnr 1")

    assert response.status_code == 403
    partner_party.refresh_from_db()
    assert partner_party.case_number == ""


def test_outsider_gets_404(collaboration, partner_party, charlie):
    response = _edit(client_for(charlie), collaboration, partner_party, case_number="Dnr 1")

    assert response.status_code == 404


def test_the_party_form_offers_the_field(collaboration, partner_party, alice_client):
    response = alice_client.get(reverse("party_edit", args=[collaboration.pk, partner_party.pk]))

    assert 'name="case_number"' in response.text
    assert "Diarienummer" in response.text
