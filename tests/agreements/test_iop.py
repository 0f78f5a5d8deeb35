"""An IOP agreement: a payment for a service is not an IOP contribution. The agreement, step 8 and the
model chooser say so, and it blocks the final draft until it is removed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agreements.drafting import build_agreement
from checklist.chooser import evaluate_models
from checklist.iop_models import PaidService
from checklist.models import LegalReview, LegalTopic
from checklist.rules import StepState, checklist_status
from collaborations.models import ModelChoice
from tests.agreements.arrange import complete
from tests.conftest import client_for
from tests.factories import PaidServiceFactory, PartyFactory

FLAG = (
    "Betalning för en tjänst är inte ett IOP-bidrag: Norrbacka IF: Städning av lokalen. "
    "Ta bort den eller gör en separat upphandling."
)


def agreement_of(collaboration):
    return build_agreement(collaboration, checklist=checklist_status(collaboration))


def roles_step(collaboration):
    return next(s for s in checklist_status(collaboration).steps if s.step.key == "roles")


def partner(collaboration, name="Norrbacka IF"):
    return collaboration.parties.get(organisation__name=name)


@pytest.fixture
def iop(collaboration, alice):
    complete(collaboration, alice, model="iop")
    return collaboration


# --- The agreement -------------------------------------------------------------------------------


def test_a_complete_iop_is_a_final_draft(iop):
    agreement = agreement_of(iop)

    assert agreement.is_final, [g.what for g in agreement.gaps]


def test_an_iop_with_a_payment_for_a_service_is_flagged_and_blocking(iop):
    PaidServiceFactory(party=partner(iop))

    agreement = agreement_of(iop)

    assert not agreement.is_final
    gap = next(g for g in agreement.gaps if g.what == FLAG)
    assert gap.section == "commitments"
    assert gap.step.number == 8
    assert gap.step.url == reverse("step_detail", args=[iop.pk, 8])


def test_the_preview_shows_the_flag_in_the_commitments_section(iop, alice_client):
    PaidServiceFactory(party=partner(iop))

    page = alice_client.get(reverse("agreement_preview", args=[iop.pk])).text

    assert FLAG in page


def test_removing_the_payment_makes_it_a_final_draft_again(iop, alice_client):
    service = PaidServiceFactory(party=partner(iop))

    response = alice_client.post(reverse("paid_service_remove", args=[iop.pk, service.pk]))

    assert response.status_code == 302
    assert not PaidService.objects.exists()
    assert agreement_of(iop).is_final


def test_a_payment_for_a_service_is_no_gap_in_another_form(collaboration, alice):
    complete(collaboration, alice, model="est")
    PaidServiceFactory(party=partner(collaboration))

    agreement = agreement_of(collaboration)

    assert agreement.is_final, [g.what for g in agreement.gaps]


def test_the_other_contribution_is_printed_as_goods_or_services_given(iop, alice_client):
    party = partner(iop)
    party.other_contribution = "Ideella läxhjälpare"
    party.save()

    page = alice_client.get(reverse("agreement_preview", args=[iop.pk])).text

    assert "Varor eller tjänster som ges" in page
    assert "Annat bidrag" not in page


# --- Step 8 and the chooser ---------------------------------------------------------------------


def test_step_8_is_not_done_while_a_payment_for_a_service_is_recorded(iop):
    assert roles_step(iop).state == StepState.DONE
    PaidServiceFactory(party=partner(iop))

    step = roles_step(iop)

    assert step.state == StepState.IN_PROGRESS
    assert FLAG in [str(m) for m in step.missing]


def test_step_8_page_says_so_under_kvar(iop, alice_client):
    PaidServiceFactory(party=partner(iop))

    page = alice_client.get(reverse("step_detail", args=[iop.pk, 8])).text

    assert "Kvar:" in page and FLAG in page


def test_the_chooser_shows_the_payment_as_an_unmet_iop_need(iop, alice_client):
    PaidServiceFactory(party=partner(iop))

    page = alice_client.get(reverse("model_choice", args=[iop.pk])).text

    assert "Ingen betalning för en tjänst bland bidragen" in page
    assert "Norrbacka IF: Städning av lokalen" in page


# --- Recording and removing a payment for a service ---------------------------------------------


def test_lead_staff_record_a_payment_for_a_service(iop, alice_client):
    party = partner(iop)

    response = alice_client.post(
        reverse("paid_service_add", args=[iop.pk, party.pk]),
        {"description": "Catering till kommunen", "amount_sek": "12000"},
    )

    assert response.status_code == 302
    service = PaidService.objects.get()
    assert (service.party, service.description, service.amount_sek) == (
        party,
        "Catering till kommunen",
        12000,
    )


def test_the_amount_may_be_unknown(iop, alice_client):
    party = partner(iop)

    alice_client.post(reverse("paid_service_add", args=[iop.pk, party.pk]), {"description": "Städning"})

    assert PaidService.objects.get().amount_sek is None


def test_a_payment_without_a_description_is_refused_in_swedish(iop, alice_client):
    party = partner(iop)

    response = alice_client.post(
        reverse("paid_service_add", args=[iop.pk, party.pk]), {"description": "", "amount_sek": "-5"}
    )

    assert response.status_code == 200
    assert "Beskriv tjänsten som betalas" in response.text
    assert not PaidService.objects.exists()


def test_outsiders_get_404(iop, charlie):
    party = partner(iop)
    service = PaidServiceFactory(party=party)
    client = client_for(charlie)

    add = client.post(reverse("paid_service_add", args=[iop.pk, party.pk]), {"description": "Städning"})
    remove = client.post(reverse("paid_service_remove", args=[iop.pk, service.pk]))

    assert (add.status_code, remove.status_code) == (404, 404)
    assert PaidService.objects.count() == 1


def test_a_service_of_another_collaboration_is_404(iop, alice_client):
    other = PaidServiceFactory()

    response = alice_client.post(reverse("paid_service_remove", args=[iop.pk, other.pk]))

    assert response.status_code == 404
    assert PaidService.objects.filter(pk=other.pk).exists()


def test_step_8_lists_the_payment_with_a_remove_button(iop, alice_client):
    service = PaidServiceFactory(party=partner(iop))

    page = alice_client.get(reverse("step_detail", args=[iop.pk, 8])).text

    assert "Betalning för en tjänst:" in page
    assert reverse("paid_service_remove", args=[iop.pk, service.pk]) in page


def test_the_agreement_prints_the_payment_as_a_model_check_not_met(iop):
    PaidServiceFactory(party=partner(iop))

    checks = {c.label: c for c in agreement_of(iop).model.checks}

    check = checks["Ingen betalning för en tjänst bland bidragen (det är ett köp, inte IOP)"]
    assert not check.met and check.detail == "Norrbacka IF: Städning av lokalen"


# --- The IOP rules' values and own initiative ---------------------------------------------------


def test_the_agreement_prints_the_values_and_the_own_initiative(iop):
    model = agreement_of(iop).model

    clauses = {c.label: c.text for c in model.clauses}
    assert clauses["Värdegrunden som partnerskapet vilar på"].startswith("Alla barn ska få lyckas")
    assert clauses["Den ideella organisationens eget initiativ"].startswith("Föreningen startade")
    assert any("inte ett köp som de offentliga parterna gör" in g for g in model.guardrails)


@pytest.mark.parametrize(
    ("detail", "label"),
    [
        ("values", "Värdegrunden som partnerskapet vilar på"),
        ("own_initiative", "Den ideella organisationens eget initiativ"),
    ],
)
def test_without_the_values_or_the_own_initiative_there_is_a_gap(iop, detail, label):
    choice = ModelChoice.objects.get(collaboration=iop)
    choice.details = {**choice.details, detail: ""}
    choice.save()

    agreement = agreement_of(iop)

    assert f"Uppgifter om samverkansformen saknas: {label}." in [g.what for g in agreement.gaps]
    if detail == "own_initiative":
        assert not any("inte ett köp" in g for g in agreement.model.guardrails)


def test_the_details_form_asks_for_the_values_and_the_own_initiative(iop, alice_client):
    page = alice_client.get(reverse("model_details", args=[iop.pk])).text

    assert "Värdegrunden som partnerskapet vilar på" in page
    assert "Hur verksamheten är den ideella organisationens eget initiativ" in page


# --- Who made the LOU and state-aid assessment, and its conclusion ------------------------------


def test_the_agreement_prints_who_made_each_assessment_and_its_conclusion(iop, alice_client):
    page = alice_client.get(reverse("agreement_preview", args=[iop.pk])).text

    for topic in ("procurement", "state_aid"):
        assert f"Bedömning av {topic}." in page
    assert page.count("Bedömd av Jurist") >= 2


def test_an_assessment_without_who_or_conclusion_is_a_gap(iop):
    LegalReview.objects.filter(collaboration=iop, topic=LegalTopic.STATE_AID).update(assessed_by="")

    agreement = agreement_of(iop)

    gap = next(g for g in agreement.gaps if g.what.startswith("Statsstöd:"))
    assert gap.step.url == reverse("legal_review_edit", args=[iop.pk, "state_aid"])
    assert not agreement.is_final


@pytest.mark.parametrize("name", ["step_detail", "model_choice", "agreement_preview"])
def test_query_count_does_not_grow_with_paid_services(iop, alice_client, name):
    args = [iop.pk, 8] if name == "step_detail" else [iop.pk]
    url = reverse(name, args=args)

    def grow(n):
        for i in range(n):
            PaidServiceFactory(party=PartyFactory(collaboration=iop), description=f"Tjänst {i}")

    grow(1)
    with CaptureQueriesContext(connection) as small:
        assert alice_client.get(url).status_code == 200
    grow(10)
    with CaptureQueriesContext(connection) as large:
        assert alice_client.get(url).status_code == 200
    assert len(small) == len(large)


def test_the_contribution_form_names_goods_or_services_given_and_points_to_paid_services(iop, alice_client):
    page = alice_client.get(reverse("contribution_edit", args=[iop.pk, partner(iop).pk])).text

    assert "Varor eller tjänster som ges" in page
    assert "registrera den som en betalning för en tjänst" in page


def test_the_kvar_phrase_is_translated_when_shown(iop):
    PaidServiceFactory(party=partner(iop))
    phrase = roles_step(iop).missing[-1]

    with translation.override("en"):
        assert str(phrase).startswith("A payment for a service is not an IOP contribution: Norrbacka IF")


def test_the_chooser_counts_a_paid_service_as_an_unmet_iop_need_only(iop):
    service = PaidServiceFactory(party=partner(iop))
    parties = list(iop.parties.select_related("organisation"))

    without = evaluate_models(parties, {})
    paid = evaluate_models(parties, {}, paid_services=[service])

    assert without["iop"].needs_met and not paid["iop"].needs_met
    assert [str(n.label) for n in paid["iop"].missing] == [
        "Ingen betalning för en tjänst bland bidragen (det är ett köp, inte IOP)"
    ]
    assert [n.met for n in paid["est"].needs] == [n.met for n in without["est"].needs]
