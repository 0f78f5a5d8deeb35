"""An EST agreement: its rhythm, its reporting and its documentation, in the structure municipalities and
the police use (Brå's points, and the citizen promise when there is one); each missing fact a gap linked
to the EST page, and no sentence claiming what was not decided."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.drafting import build_agreement
from checklist.est_models import EstArrangement, EstReporter
from checklist.rules import checklist_status
from collaborations.models import PartyRole, PartyState
from tests.agreements.arrange import complete, pdf_text
from tests.factories import ModelChoiceFactory, PartyFactory


def agreement_of(collaboration):
    return build_agreement(collaboration, checklist=checklist_status(collaboration))


def est_gaps(agreement):
    return [g for g in agreement.gaps if g.what.startswith("EST:")]


def preview(client, collaboration) -> str:
    return client.get(reverse("agreement_preview", args=[collaboration.pk])).content.decode()


@pytest.fixture
def est_choice(collaboration):
    return ModelChoiceFactory(collaboration=collaboration, model="est", rationale="Lägesbild.")


# --- A complete EST agreement -------------------------------------------------------------------


def test_an_est_agreement_has_its_rhythm_reporting_and_documentation(collaboration, alice):
    complete(collaboration, alice, model="est")

    agreement = agreement_of(collaboration)

    assert agreement.is_final, [g.what for g in agreement.gaps]
    est = agreement.est
    assert est.weekly == "Varje tisdag kl. 09.00" and est.weekly_form == "digitalt möte"
    assert est.weekly_lead == "Anna Lind"
    assert est.analysis == "Varje kvartal" and est.analysis_by == "Kommunens trygghetssamordnare"
    assert est.yearly_follow_up == "I januari, av styrgruppen."
    assert est.police_area == "Lokalpolisområde Åsby"
    assert est.documentation.startswith("En gemensam logg över platser och händelser")
    reporters = {r.party: r for r in est.reporters}
    assert set(reporters) == {"Åsbyhem AB", "Åsby kommun", "Norrbacka IF"}
    assert reporters["Åsby kommun"].person == "Rapportör för Åsby kommun"
    assert reporters["Åsby kommun"].channel == "Ett digitalt formulär eller en app"
    assert reporters["Åsby kommun"].categories == ["Skadegörelse", "Trasig eller saknad belysning"]


def test_the_pdf_has_the_rhythm_the_reporters_and_brås_six_points(collaboration, alice):
    complete(collaboration, alice, model="est")

    document = services.agreement_pdf(
        collaboration=collaboration, checklist=checklist_status(collaboration), requested_by=alice
    )
    text = pdf_text(document.pdf)

    assert "Så går EST-arbetet till" in text
    assert "Lokalpolisområde Lokalpolisområde Åsby" in text
    assert "Den veckovisa lägesbilden Varje tisdag kl. 09.00, digitalt möte. Mötet leds av Anna Lind." in text
    assert "Analys av lägesbilden Varje kvartal. Görs av Kommunens trygghetssamordnare." in text
    assert "Årlig uppföljning I januari, av styrgruppen." in text
    assert "Vem som rapporterar till lägesbilden" in text
    assert (
        "Rapportör för Åsby kommun Ett digitalt formulär eller en app Skadegörelse, Trasig eller saknad"
        in text
    )
    assert "Samverkansöverenskommelsen punkt för punkt" in text
    for point in [
        "Problemen i fokus.",
        "Problemens troliga orsaker. Mörka passager och tomma lokaler kvällstid.",
        "Avgränsade och mätbara mål.",
        "Hur arbetet dokumenteras. En gemensam logg över platser och händelser",
        "Hur arbetet följs upp. Lägesbilden analyseras varje kvartal. Arbetet följs upp varje år",
        "Tidsperiod. Från 2027-01-01 till och med 2029-12-31. Se avsnitt 13.",
    ]:
        assert point in text


def test_the_points_refer_to_the_sections_that_hold_them(collaboration, alice, alice_client):
    complete(collaboration, alice, model="est")

    html = preview(alice_client, collaboration)

    assert "Beskrivs i avsnitt 2. Bakgrund." in html
    assert (
        "Andel som känner sig otrygga: från 41 % till 25 % (2028-12-31). Se avsnitt 3. Syfte och mål." in html
    )
    assert "Delmålen följs upp så som anges i avsnitt 9. Uppföljning och utvärdering." in html


def test_a_declined_partys_reporters_are_left_out(collaboration, alice):
    partners = complete(collaboration, alice, model="est")
    partners[1].state = PartyState.DECLINED
    partners[1].save()

    parties = [r.party for r in agreement_of(collaboration).est.reporters]

    assert "Norrbacka IF" not in parties and "Åsby kommun" in parties


# --- Gaps and omissions -------------------------------------------------------------------------


def test_each_missing_est_fact_is_a_gap_linked_to_the_est_page(collaboration, est_choice):
    agreement = agreement_of(collaboration)

    gaps = est_gaps(agreement)
    assert [g.what for g in gaps] == [
        "EST: ingen rapporterar ännu till den veckovisa lägesbilden.",
        "EST: veckodagen för lägesbilden är inte bestämd.",
        "EST: vem som leder veckomötet är inte bestämt.",
        "EST: hur ofta lägesbilden analyseras är inte bestämt.",
        "EST: den årliga uppföljningen är inte planerad.",
        "EST: lokalpolisområdet är inte angivet.",
        "EST: problemens troliga orsaker är inte beskrivna.",
        "EST: hur arbetet dokumenteras är inte bestämt.",
    ]
    assert {(g.section, g.step.url) for g in gaps} == {
        ("model", reverse("est_edit", args=[collaboration.pk]))
    }


def test_a_reporter_missing_who_how_or_what_is_a_gap(collaboration, est_choice):
    lead = collaboration.parties.get(role=PartyRole.LEAD)
    EstReporter.objects.create(collaboration=collaboration, party=lead)

    gaps = [g.what for g in est_gaps(agreement_of(collaboration))]

    assert "EST: ingen rapporterar ännu till den veckovisa lägesbilden." not in gaps
    name = lead.organisation.name
    assert f"EST: vem som rapporterar till lägesbilden för {name} är inte angivet." in gaps
    assert f"EST: hur {name} rapporterar till lägesbilden är inte bestämt." in gaps
    assert f"EST: vad {name} rapporterar om är inte valt." in gaps


def test_an_other_category_alone_is_enough(collaboration, est_choice):
    lead = collaboration.parties.get(role=PartyRole.LEAD)
    EstReporter.objects.create(collaboration=collaboration, party=lead, other_category="Lekplatser")

    gaps = [g.what for g in est_gaps(agreement_of(collaboration))]

    assert not [g for g in gaps if "rapporterar om" in g]


def test_why_a_fact_is_unknown_is_said_in_its_gap(collaboration, est_choice):
    EstArrangement.objects.create(
        collaboration=collaboration,
        police_area_unknown="missing_from_sources",
        weekly_unknown="decided_later",
    )

    gaps = [g.what for g in est_gaps(agreement_of(collaboration))]

    assert "EST: lokalpolisområdet är inte angivet (saknas i underlaget)." in gaps
    assert "EST: veckodagen för lägesbilden är inte bestämd (beslutas senare)." in gaps


def test_no_sentence_claims_a_rhythm_that_is_not_decided(collaboration, est_choice, alice_client):
    page = preview(alice_client, collaboration)
    # the agreement's section on the form, not the page's navigation
    html = page[page.index('id="section-model"') : page.index('id="section-commitments"')]

    assert "Samverkansöverenskommelsen punkt för punkt" in html
    for claim in [
        "Lägesbilden analyseras",
        "Arbetet följs upp varje år",
        "Mötet leds av",
        "Varje tisdag",
        "Från ",
    ]:
        assert claim not in html
    assert "Medborgarlöfte" not in html


def test_the_citizen_promise_part_only_when_there_is_one(collaboration, est_choice, alice_client):
    arrangement = EstArrangement.objects.create(collaboration=collaboration, has_citizen_promise=False)
    assert "Det finns ett medborgarlöfte" not in preview(alice_client, collaboration)

    arrangement.has_citizen_promise = True
    arrangement.citizen_promise_url = "https://example.test/medborgarlofte"
    arrangement.save()
    collaboration.touch()  # as every service that writes a collaboration's data does (checklist/est.py)
    html = preview(alice_client, collaboration)

    assert "Det finns ett medborgarlöfte för området." in html
    assert '<a href="https://example.test/medborgarlofte">' in html
    assert "Läget i dag: avsnitt 2. Bakgrund." in html
    assert "Vad vi ska uppnå tillsammans: avsnitt 3. Syfte och mål." in html
    assert "Vad vi ska göra: avsnitt 7. Aktiviteter och tidsplan." in html
    assert "Hur vi följer upp: avsnitt 9. Uppföljning och utvärdering" in html
    # a citizen promise is no gap when there is none, nor is its link
    assert not [g for g in est_gaps(agreement_of(collaboration)) if "medborgarlöfte" in g.what]


@pytest.mark.parametrize("model", ["iop", "bid", "other"])
def test_other_forms_have_no_est_part(collaboration, alice, alice_client, model):
    complete(collaboration, alice, model=model)

    agreement = agreement_of(collaboration)

    assert agreement.est is None and not est_gaps(agreement)
    assert "Samverkansöverenskommelsen punkt för punkt" not in preview(alice_client, collaboration)


def test_a_fixed_number_of_queries_whatever_the_number_of_reporters(collaboration, est_choice):
    def grow(n):
        for _ in range(n):
            party = PartyFactory(collaboration=collaboration)
            EstReporter.objects.create(collaboration=collaboration, party=party, categories=["graffiti"])

    checklist = checklist_status(collaboration)
    grow(2)
    with CaptureQueriesContext(connection) as small:
        build_agreement(collaboration, checklist=checklist)
    grow(20)
    with CaptureQueriesContext(connection) as large:
        build_agreement(collaboration, checklist=checklist)

    assert len(small) == len(large)


def test_typed_text_is_shown_as_text_on_the_page_and_in_the_agreement(
    collaboration, est_choice, alice_client
):
    script = "<script>alert(7)</script>"
    lead = collaboration.parties.get(role=PartyRole.LEAD)
    EstArrangement.objects.create(
        collaboration=collaboration,
        documentation=script,
        police_area=script,
        weekly_day="monday",
        weekly_form=script,
    )
    EstReporter.objects.create(collaboration=collaboration, party=lead, person=script, other_category=script)

    for html in [
        preview(alice_client, collaboration),
        alice_client.get(reverse("est_edit", args=[collaboration.pk])).content.decode(),
    ]:
        assert script not in html
        assert "&lt;script&gt;alert(7)&lt;/script&gt;" in html


# Brå's points for a samverkansöverenskommelse, and where the agreement holds each: (section, the start
# of the gap shown there while it is missing; "" for the sections other steps fill, whatever their words).
BRÅ_POINTS = {
    "the problems in focus": ("background", ""),
    "their likely causes": ("model", "EST: problemens troliga orsaker"),
    "delimited and measurable goals": ("goals", ""),
    "how the work is documented": ("model", "EST: hur arbetet dokumenteras"),
    "how follow-up is done": ("model", "EST: hur ofta lägesbilden analyseras"),
    "the period": ("terms", ""),
}


@pytest.mark.parametrize("point", BRÅ_POINTS)
def test_each_of_brås_points_is_a_visible_gap_until_it_is_covered(collaboration, est_choice, point):
    section, gap = BRÅ_POINTS[point]

    gaps = [g.what for g in agreement_of(collaboration).gaps if g.section == section]

    assert [g for g in gaps if g.startswith(gap)], gaps


def test_every_one_of_brås_points_is_covered_in_a_complete_est_agreement(collaboration, alice):
    complete(collaboration, alice, model="est")

    assert agreement_of(collaboration).gaps == []
