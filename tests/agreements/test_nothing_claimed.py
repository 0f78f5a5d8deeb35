"""No clause states a decision, a party or a financing that the data does not hold (issue "nothing
invented"): each form of collaboration's agreement is rendered with each optional fact missing in turn,
and neither the text claims it nor — where the agreement needs it — is the gap missing."""

import html
import re

import pytest

from agreements.drafting import build_agreement
from agreements.rendering import render_content
from checklist.models import (
    Activity,
    AgreementTerms,
    BudgetLine,
    CommunicationPlan,
    FollowUp,
    WorkOrganisation,
)
from checklist.rules import checklist_status
from collaborations.models import ModelChoice, OrganisationKind, Party, PartyRole
from tests.agreements.arrange import complete
from tests.agreements.test_bid import arrange_register
from tests.factories import PartyFactory

MODELS = ["iop", "est", "bid", "other"]


def agreement_text(collaboration):
    """(the agreement's text as the PDF shows it, the texts of its gaps)."""
    agreement = build_agreement(collaboration, checklist=checklist_status(collaboration))
    text = html.unescape(re.sub(r"<[^>]+>", " ", render_content(agreement, web=False)))
    return " ".join(text.split()), [gap.what for gap in agreement.gaps]


def complete_model(collaboration, alice, model):
    """Every step filled in; a BID with its association and member register too (agreements/bid.py)."""
    complete(collaboration, alice, model=model)
    if model == "bid":
        arrange_register(collaboration)


def _update(model, collaboration, **fields):
    model.objects.filter(collaboration=collaboration).update(**fields)


def _details(collaboration, **missing):
    choice = ModelChoice.objects.get(collaboration=collaboration)
    choice.details = {**choice.details, **missing}
    choice.save()


def _no_public_parties(collaboration):
    for party in Party.objects.filter(collaboration=collaboration).select_related("organisation"):
        party.organisation.kind = (
            OrganisationKind.PROPERTY_OWNER if party.role == PartyRole.LEAD else OrganisationKind.NONPROFIT
        )
        party.organisation.save()


# (the fact, how it goes missing, what the text must not say, the gap the agreement shows or None).
FACTS = [
    (
        "coordinator",
        lambda c: _update(WorkOrganisation, c, coordinator_name="", coordinator_party=None),
        ["Samordnare Anna Lind"],
        "Inte bestämt än: samordnaren.",
    ),
    (
        "coordinator decided later",
        lambda c: _update(WorkOrganisation, c, coordinator_name="", coordinator_unknown="decided_later"),
        ["Samordnare"],
        "Inte bestämt än: samordnaren (beslutas senare).",
    ),
    (
        "steering group's rhythm",
        lambda c: _update(WorkOrganisation, c, steering_rhythm=""),
        ["Styrgruppen sammanträder"],
        "Inte bestämt än: hur ofta styrgruppen träffas.",
    ),
    (
        "working group's rhythm",
        lambda c: _update(WorkOrganisation, c, working_rhythm=""),
        ["Arbetsgruppen träffas"],
        None,
    ),
    (
        "activity's end",
        lambda c: _update(Activity, c, ends_on=None),
        ["2027-09-30"],
        "Slutet för aktiviteten ”Trygghetsvandring” är inte känt än, och den är inte markerad som pågående.",
    ),
    (
        "activity's start",
        lambda c: _update(Activity, c, starts_on=None),
        ["2027-09-01"],
        "Starten för aktiviteten ”Trygghetsvandring” är inte känd än.",
    ),
    (
        "budget",
        lambda c: BudgetLine.objects.filter(collaboration=c).delete(),
        ["om inte budgeten nedan"],
        None,
    ),
    ("budget's year", lambda c: _update(BudgetLine, c, year=None), ["None", "2027 Åsbyhem AB"], None),
    (
        "follow-up's rhythm",
        lambda c: FollowUp.objects.filter(sub_goal__collaboration=c).update(rhythm=""),
        ["Varje år"],
        "Inte bestämt än för delmålet ”Andel som känner sig otrygga”: hur ofta det rapporteras.",
    ),
    (
        "how residents are informed",
        lambda c: _update(CommunicationPlan, c, residents=""),
        ["Lappar i trapphus", "Boende Webben"],
        "Inte bestämt än: hur boende informeras och görs delaktiga.",
    ),
    (
        "how the public is informed",
        lambda c: _update(CommunicationPlan, c, public=""),
        ["Allmänheten och medierna"],
        None,
    ),
    (
        "agreement's end",
        lambda c: _update(AgreementTerms, c, ends_on=None),
        ["till och med"],
        "Inte bestämt än: hur länge avtalet gäller.",
    ),
    (
        "agreement's dates, with the period in words",
        lambda c: _update(
            AgreementTerms, c, starts_on=None, ends_on=None, period="Två år, med option på förlängning"
        ),
        ["Avtalet gäller från"],
        None,
    ),
    (
        "disputes",
        lambda c: _update(AgreementTerms, c, disputes=""),
        ["Tvister"],
        "Inte bestämt än: hur tvister löses.",
    ),
]

MODEL_FACTS = [
    (
        "bid",
        "owners who do not join",
        lambda c: _details(c, non_members=""),
        ["har ovan bestämt hur fastighetsägare som inte ansluter sig hanteras"],
        "Uppgifter om samverkansformen saknas: Fastighetsägare som inte ansluter sig.",
    ),
    (
        "bid",
        "fee model",
        lambda c: _details(c, fee_model=""),
        ["avgiftsmodellen", "står för sina egna kostnader"],
        "Uppgifter om samverkansformen saknas: Avgiftsmodellen.",
    ),
    ("bid", "public partners", _no_public_parties, ["samverkansparter", "kommunen och polisen"], None),
    (
        "iop",
        "assessment against procurement rules",
        lambda c: _details(c, procurement_assessment=""),
        ["har dokumenterat sin bedömning ovan"],
        "Uppgifter om samverkansformen saknas: Bedömning mot reglerna om offentlig upphandling och "
        "statsstöd.",
    ),
]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize(("fact", "remove", "claims", "gap"), FACTS, ids=[f[0] for f in FACTS])
def test_no_clause_claims_a_missing_fact(collaboration, alice, model, fact, remove, claims, gap):
    complete_model(collaboration, alice, model)
    remove(collaboration)
    collaboration.touch()

    text, gaps = agreement_text(collaboration)

    for claim in claims:
        assert claim not in text
    if gap:
        assert gap in gaps
    else:
        assert not [g for g in gaps if "Inte bestämt" in g]


@pytest.mark.parametrize(
    ("model", "fact", "remove", "claims", "gap"), MODEL_FACTS, ids=[f[1] for f in MODEL_FACTS]
)
def test_no_model_clause_claims_a_missing_fact(collaboration, alice, model, fact, remove, claims, gap):
    complete_model(collaboration, alice, model)
    remove(collaboration)
    collaboration.touch()

    text, gaps = agreement_text(collaboration)

    for claim in claims:
        assert claim not in text
    if gap:
        assert gap in gaps


@pytest.mark.parametrize("model", MODELS)
def test_the_complete_agreement_states_what_was_recorded(collaboration, alice, model):
    """The other side of the tests above: with every fact recorded, the same phrases are said."""
    complete_model(collaboration, alice, model)
    PartyFactory(
        collaboration=collaboration, role=PartyRole.OBSERVER, money_sek=50000, organisation__name="Fonden"
    )

    text, gaps = agreement_text(collaboration)

    assert gaps == []
    for said in ["Samordnare Anna Lind", "Styrgruppen sammanträder", "2027-09-30", "till och med", "Tvister"]:
        assert said in text
    assert "Medfinansiering från andra som inte är parter i avtalet: " in text
    assert "Fonden 50 000 kr per år" in text
    if model == "bid":
        assert "Åsbyhem AB och Åsby kommun deltar som offentliga samverkansparter." in text
        assert "avgifter enligt avgiftsmodellen" in text
        assert "står för sina egna kostnader" not in text
    else:
        assert "Varje part står för sina egna kostnader för sina åtaganden, om inte budgeten nedan" in text


@pytest.mark.parametrize("model", MODELS)
def test_ongoing_activity_reads_as_ongoing_without_an_end(collaboration, alice, model):
    complete_model(collaboration, alice, model)
    Activity.objects.filter(collaboration=collaboration).update(ends_on=None, ongoing=True)
    collaboration.touch()

    text, gaps = agreement_text(collaboration)

    assert "Trygghetsvandring Åsby kommun 2027-09-01 Pågående" in text
    assert "2027-09-30" not in text
    assert gaps == []
