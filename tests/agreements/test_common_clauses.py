"""Issue 14: the clauses every agreement has, whatever its form — governing law, the number of identical
copies, amendments, assignment, notice, disputes, and a personal-data clause fitted to the processing."""

import re

import pytest
from django.urls import reverse

from agreements.drafting import build_agreement
from agreements.rendering import render_preview
from checklist.models import AgreementTerms, PersonalDataProcessing, Signatory, SignatoryAuthority
from checklist.rules import checklist_status
from tests.agreements.arrange import complete


def agreement_of(collaboration):
    collaboration.touch()
    return build_agreement(collaboration, checklist=checklist_status(collaboration))


def preview_text(agreement) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", render_preview(agreement)))


@pytest.fixture
def completed(collaboration, alice):
    complete(collaboration, alice)
    return collaboration


def set_terms(collaboration, **values):
    AgreementTerms.objects.filter(collaboration=collaboration).update(**values)


def test_every_agreement_has_swedish_law_and_one_identical_copy_per_signing_party(completed):
    agreement = agreement_of(completed)
    text = preview_text(agreement)

    count = len(agreement.parties)
    assert count >= 3
    assert "På avtalet ska svensk lag tillämpas." in text
    assert f"Avtalet har upprättats i {count} likalydande exemplar, av vilka parterna tagit var sitt." in text


def test_assignment_is_a_term_of_its_own_and_a_gap_until_decided(completed):
    text = preview_text(agreement_of(completed))
    assert "Överlåtelse Inte utan de andras skriftliga samtycke." in text

    set_terms(completed, assignment="")
    agreement = agreement_of(completed)

    assert "Inte bestämt än: om en part får överlåta sina rättigheter och skyldigheter." in [
        str(g.what) for g in agreement.gaps
    ]
    assert not agreement.is_final


@pytest.mark.parametrize(
    ("processing", "clause"),
    [
        ("", "Samverkan behöver inga personuppgifter om de boende"),
        (PersonalDataProcessing.NONE, "Inga personuppgifter behandlas i samverkan."),
        (PersonalDataProcessing.OWN, "Varje part är personuppgiftsansvarig för de personuppgifter"),
        (PersonalDataProcessing.PROCESSOR, "Parterna ingår ett personuppgiftsbiträdesavtal"),
    ],
)
def test_the_personal_data_clause_fits_what_is_processed(completed, processing, clause):
    set_terms(completed, personal_data=processing, processor_agreement=True)

    text = preview_text(agreement_of(completed))

    assert clause in text
    assert "sekretess" in text.lower()  # the secrecy clause stays


def test_processing_for_another_party_is_a_gap_until_a_processor_agreement_is_recorded(completed):
    set_terms(completed, personal_data=PersonalDataProcessing.PROCESSOR, processor_agreement=False)
    agreement = agreement_of(completed)

    assert [g.what for g in agreement.gaps if g.section == "personal_data"] == [
        "En part behandlar personuppgifter för en annan, och inget personuppgiftsbiträdesavtal har "
        "registrerats."
    ]
    assert not agreement.is_final

    set_terms(completed, processor_agreement=True)
    assert agreement_of(completed).is_final


def test_the_signature_blocks_show_each_signatory_with_name_title_and_authority(completed):
    party = completed.parties.get(organisation__name="Åsby kommun")
    Signatory.objects.filter(party=party).update(
        name="Karin Berg",
        title="Trygghetssamordnare",
        authority=SignatoryAuthority.DECISION,
        decision="Kommunstyrelsens beslut 2026-09-14, § 112",
    )

    text = preview_text(agreement_of(completed))
    signatures = text[text.index("Parterna undertecknar avtalet nedan.") :]

    assert "Karin Berg Namnförtydligande Trygghetssamordnare Befattning" in signatures
    assert "Behörig genom: Kommunstyrelsens beslut 2026-09-14, § 112" in signatures
    assert "Firmatecknare" in signatures  # the others sign as firmatecknare


def test_a_signing_party_without_a_signatory_is_a_gap(completed):
    party = completed.parties.get(organisation__name="Norrbacka IF")
    Signatory.objects.filter(party=party).delete()

    agreement = agreement_of(completed)

    assert [g.what for g in agreement.gaps] == [
        "Vem som undertecknar för Norrbacka IF, och med vilken behörighet, är inte registrerat."
    ]
    assert agreement.gaps[0].step.url == reverse("signatory_edit", args=[completed.pk, party.pk])
    assert not agreement.is_final
