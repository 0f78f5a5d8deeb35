"""Issue 13, steps 1–7: the agreement states only what is recorded. A fact it needs that is not known
yet is a gap (linked to its step, counted, and the final draft waits for it); a fact it can do without
is left out. Never a placeholder as a value.

Each test starts from a complete collaboration (a final draft) and takes one fact away."""

import datetime
import re

import pytest

from agreements import services
from agreements.drafting import build_agreement
from agreements.rendering import render_preview
from checklist.rules import checklist_status
from collaborations import services as collaboration_services
from collaborations.models import JointDecision, Mandate, OrganisationKind, PartyRole
from samverkan.unknowns import DatePrecision, PartialDate, UnknownReason
from tests.agreements.arrange import complete, pdf_text
from tests.factories import MandateFactory, PartyFactory


def agreement_of(collaboration):
    collaboration.touch()
    return build_agreement(collaboration, checklist=checklist_status(collaboration))


def gaps(agreement, section=None, step=None):
    return [
        g.what
        for g in agreement.gaps
        if (section is None or g.section == section) and (step is None or g.step.key == step)
    ]


def preview_text(agreement) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", render_preview(agreement)))


@pytest.fixture
def completed(collaboration, alice):
    """A collaboration whose agreement is a final draft; (collaboration, partners)."""
    partners = complete(collaboration, alice)
    assert agreement_of(collaboration).is_final
    return collaboration, partners


# --- Organisation numbers ----------------------------------------------------------------------


def test_a_number_not_known_yet_is_a_gap_in_the_parties_section(completed):
    collaboration, partners = completed
    organisation = partners[1].organisation
    organisation.org_number = None
    organisation.org_number_unknown = UnknownReason.NOT_KNOWN_YET
    organisation.save()

    agreement = agreement_of(collaboration)

    assert gaps(agreement, "parties", "parties") == [
        "Organisationsnumret för Norrbacka IF är inte känt ännu."
    ]
    assert not agreement.is_final
    entry = next(p for p in agreement.parties if p.name == "Norrbacka IF")
    assert (entry.org_number, entry.org_number_label) == ("", "")


def test_an_association_without_a_number_says_so_and_is_no_gap(completed):
    collaboration, partners = completed
    organisation = partners[1].organisation
    organisation.org_number = None
    organisation.org_number_unknown = UnknownReason.DOES_NOT_EXIST
    organisation.save()

    agreement = agreement_of(collaboration)
    text = preview_text(agreement)

    assert agreement.is_final
    assert "Norrbacka IF Ideell förening saknar organisationsnummer" in text  # the parties table
    assert "Saknar organisationsnummer" in text  # the signature block, instead of "Org.nr"
    assert "None" not in text


def test_the_pdf_prints_no_number_for_an_organisation_without_one(completed, alice):
    collaboration, partners = completed
    organisation = partners[1].organisation
    organisation.org_number = None
    organisation.org_number_unknown = UnknownReason.NOT_KNOWN_YET
    organisation.save()
    collaboration.touch()

    document = services.agreement_pdf(
        collaboration=collaboration, checklist=checklist_status(collaboration), requested_by=alice
    )
    text = pdf_text(document.pdf)

    assert "Norrbacka IF ()" not in text and "Norrbacka IF (None)" not in text
    assert "Organisationsnumret för Norrbacka IF är inte känt ännu." in text


# --- Residents' involvement (step 2) --------------------------------------------------------------


def test_an_unknown_number_of_participants_is_left_out(completed):
    collaboration, _partners = completed
    collaboration.resident_involvements.update(participants=None)

    agreement = agreement_of(collaboration)

    assert agreement.is_final  # the agreement can do without it
    assert agreement.involvements[0].participants is None
    assert "Deltagare" not in preview_text(agreement)


def test_an_involvement_known_only_to_the_month_says_the_month(completed):
    collaboration, _partners = completed
    collaboration.resident_involvements.update(
        held_on=datetime.date(2026, 3, 1), held_on_precision=DatePrecision.MONTH
    )

    agreement = agreement_of(collaboration)

    assert agreement.involvements[0].held_on == "mars 2026"
    assert agreement.is_final


def test_an_involvement_without_a_date_is_left_without_one(completed):
    collaboration, _partners = completed
    collaboration.resident_involvements.update(held_on=None)

    agreement = agreement_of(collaboration)

    assert agreement.involvements[0].held_on == ""
    assert agreement.is_final


# --- Sub-goals (step 6) ---------------------------------------------------------------------------


def test_an_unknown_baseline_is_a_gap_with_its_reason_that_blocks_the_final_draft(completed):
    collaboration, _partners = completed
    collaboration.sub_goals.update(baseline="", baseline_unknown=UnknownReason.MISSING_FROM_SOURCES)

    agreement = agreement_of(collaboration)

    assert gaps(agreement, "goals", "goal") == [
        "Utgångsvärdet för delmålet ”Andel som känner sig otrygga” är inte känt ännu. "
        "Skäl: saknas i underlaget."
    ]
    assert not agreement.is_final
    assert agreement.missing_count >= 1
    assert agreement.sub_goals[0].baseline == ""
    text = preview_text(agreement)
    assert "Andel som känner sig otrygga Lucka 25 %" in text
    assert "uppgift saknas" not in text.lower()


def test_an_unknown_target_and_target_date_are_gaps(completed):
    collaboration, _partners = completed
    collaboration.sub_goals.update(target="", target_date=None)

    agreement = agreement_of(collaboration)

    assert gaps(agreement, "goals", "goal") == [
        "Målvärdet för delmålet ”Andel som känner sig otrygga” är inte känt ännu.",
        "När delmålet ”Andel som känner sig otrygga” ska nås är inte känt ännu.",
    ]
    assert not agreement.is_final


def test_a_target_date_known_to_the_year_is_no_gap(completed):
    collaboration, _partners = completed
    collaboration.sub_goals.update(
        target_date=datetime.date(2028, 1, 1), target_date_precision=DatePrecision.YEAR
    )

    agreement = agreement_of(collaboration)

    assert agreement.sub_goals[0].target_date == "2028"
    assert agreement.is_final


def test_step_six_is_not_done_while_a_baseline_is_unknown(completed):
    collaboration, _partners = completed
    collaboration.sub_goals.update(baseline="")
    collaboration.touch()

    status = checklist_status(collaboration).for_number(6)

    assert status.state == "in_progress"
    assert [str(item) for item in status.missing] == ["utgångsvärdet för ”Andel som känner sig otrygga”"]


# --- Mandates and joint decisions (step 4) --------------------------------------------------------


def test_a_mandate_without_a_date_is_a_gap_in_that_partys_commitments(completed):
    collaboration, _partners = completed
    Mandate.objects.filter(party__role=PartyRole.LEAD).update(decided_on=None)

    agreement = agreement_of(collaboration)

    lead = next(p for p in agreement.parties if p.is_lead)
    assert [g.what for g in agreement.commitment_gaps[lead.key]] == [
        "Datumet för beslutet om mandatet för Åsbyhem AB är inte känt ännu."
    ]
    assert gaps(agreement, "commitments")[0].startswith("Datumet")
    assert not agreement.is_final
    assert "Beslutat av Styrelsen." in preview_text(agreement)


def test_a_mandate_known_to_the_month_is_said_so(completed):
    collaboration, _partners = completed
    Mandate.objects.filter(party__role=PartyRole.LEAD).update(
        decided_on=datetime.date(2026, 5, 1), decided_on_precision=DatePrecision.MONTH
    )

    agreement = agreement_of(collaboration)

    assert agreement.is_final
    assert "Beslutat av Styrelsen i maj 2026." in preview_text(agreement)


def test_a_joint_decision_is_shown_once_with_its_parties(completed, alice):
    collaboration, partners = completed
    lead = collaboration.parties.get(role=PartyRole.LEAD)
    police = PartyFactory(
        collaboration=collaboration,
        organisation__name="Polisen",
        organisation__kind=OrganisationKind.POLICE,
        contact_name="Per Holm",
    )
    collaboration_services.record_joint_decision(
        collaboration=collaboration,
        saved_by=alice,
        decided_by="Kommunstyrelsen, polisområdet och Åsbyhems styrelse",
        decided_on=PartialDate(datetime.date(2026, 4, 1), DatePrecision.MONTH),
        scope="Medborgarlöfte för Norrbacka 2026–2027.",
        parties=[lead, partners[0], police],
    )

    agreement = agreement_of(collaboration)
    text = preview_text(agreement)

    assert len(agreement.joint_decisions) == 1
    assert agreement.joint_decisions[0].parties == ["Åsbyhem AB", "Polisen", "Åsby kommun"]
    assert text.count("Medborgarlöfte för Norrbacka 2026–2027.") == 1
    assert "Det är mandatet för: Åsbyhem AB, Polisen, Åsby kommun." in text
    assert (
        text.count("Genom det gemensamma beslutet av Kommunstyrelsen, polisområdet och Åsbyhems styrelse")
        == 3
    )
    assert not gaps(agreement, "commitments", "mandate")


def test_a_joint_decision_without_a_date_is_one_gap(completed, alice):
    collaboration, partners = completed
    lead = collaboration.parties.get(role=PartyRole.LEAD)
    collaboration_services.record_joint_decision(
        collaboration=collaboration,
        saved_by=alice,
        decided_by="Styrgruppen",
        decided_on=None,
        scope="Medborgarlöfte.",
        parties=[lead, *partners],
    )

    agreement = agreement_of(collaboration)

    assert gaps(agreement, "commitments", "mandate") == [
        "Datumet för det gemensamma beslutet av Styrgruppen är inte känt ännu."
    ]
    status = checklist_status(collaboration).for_number(4)
    assert status.state == "in_progress"
    assert [str(item) for item in status.missing] == [
        "datumet för det gemensamma beslutet av Styrgruppen (år eller månad räcker)"
    ]


def test_an_observers_undated_mandate_is_no_gap(completed):
    collaboration, _partners = completed
    observer = PartyFactory(collaboration=collaboration, role=PartyRole.OBSERVER)
    MandateFactory(party=observer, decided_on=None)

    assert agreement_of(collaboration).is_final


def test_a_joint_decision_belongs_to_one_collaboration(completed, alice):
    collaboration, _partners = completed
    other = JointDecision.objects.create(
        collaboration=PartyFactory().collaboration, decided_by="X", scope="Y"
    )
    from samverkan.errors import DomainError

    with pytest.raises(DomainError):
        collaboration_services.save_mandate(
            party=collaboration.parties.get(role=PartyRole.LEAD), saved_by=alice, joint_decision=other
        )


# --- The form of collaboration (step 7) and the kinds of organisation -----------------------------


def test_a_bid_introduction_names_no_municipality_or_police_that_is_not_a_party(collaboration, alice):
    complete(collaboration, alice, model="bid")
    for party in collaboration.parties.exclude(role=PartyRole.LEAD):
        party.organisation.kind = OrganisationKind.HOUSING_COOPERATIVE
        party.organisation.save()
    lead = collaboration.lead_organisation
    lead.kind = OrganisationKind.COOPERATIVE  # HSB: not a public party
    lead.save()

    model = agreement_of(collaboration).model

    assert "kommunen" not in model.intro and "polisen" not in model.intro
    assert model.partners == ""


def test_a_bid_introduction_names_the_public_parties_that_take_part(collaboration, alice):
    complete(collaboration, alice, model="bid")

    model = agreement_of(collaboration).model

    # The lead is a municipal housing company and Åsby kommun a partner (tests/agreements/arrange.py).
    assert model.partners == "Åsbyhem AB och Åsby kommun deltar som offentliga samverkansparter."
