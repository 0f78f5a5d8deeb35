"""Arranging agreements in tests: a collaboration whose every step is filled in, and the PDF's text."""

import datetime
import io

import pypdf

from agreements import services
from agreements.approval import AGREEMENT
from checklist.models import (
    Activity,
    AgreementTerms,
    BudgetLine,
    CommunicationPlan,
    FollowUp,
    GroupKind,
    GroupMember,
    LegalReview,
    PartyCommitment,
    ReviewStatus,
    WorkOrganisation,
)
from checklist.rules import REQUIRED_LEGAL_TOPICS, checklist_status
from collaborations.confirmations import answers, sending
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import (
    ConfirmationAnswer,
    Goal,
    Mandate,
    ModelChoice,
    OrganisationKind,
    PartyRole,
)
from tests.factories import (
    PartyFactory,
    ProblemDescriptionFactory,
    RepresentationFactory,
    ResidentInvolvementFactory,
    SubGoalFactory,
)

DETAILS = {
    "iop": {
        "activity": "Läxhjälp tre kvällar i veckan.",
        "procurement_assessment": "Ingen upphandlingspliktig tjänst köps; inget otillåtet statsstöd.",
        "independence": "Föreningen bestämmer själv över sin verksamhet.",
        "public_contribution": "Lokaler och 200 000 kr per år.",
        "nonprofit_contribution": "Ideella läxhjälpare.",
    },
    "est": {
        "reporters": "Områdesvärdar och polisen.",
        "weekly_meeting": "Tisdagar kl. 9.",
        "analysis": "Trygghetssamordnaren varje kvartal.",
        "report_content": "Platser och händelser, aldrig personer.",
    },
    "bid": {
        "association": "Norrbacka centrumförening",
        "boundary": "Kvarteren kring torget.",
        "fee_model": "12 kr per kvadratmeter och år.",
        "decision_rules": "Årsmötet beslutar med enkel majoritet.",
        "non_members": "Erbjuds att ansluta varje år.",
    },
    "other": {"description": "Ett eget samarbetsavtal mellan parterna."},
}

PARTNERS = [
    ("Åsby kommun", OrganisationKind.MUNICIPALITY, "Karin Berg"),
    ("Norrbacka IF", OrganisationKind.NONPROFIT, "Jonas Wik"),
]


def complete(collaboration, user, *, model="est", problem_text="Otrygghet kvällstid kring torget."):
    """Fill in every step of `collaboration` (the agreement becomes a final draft); returns the partners."""
    lead = collaboration.parties.get(role=PartyRole.LEAD)
    lead.contact_name = user.display_name
    lead.staff_hours = 500
    lead.save()
    partners = []
    for name, kind, contact in PARTNERS:
        party = PartyFactory(
            collaboration=collaboration,
            organisation__name=name,
            organisation__kind=kind,
            contact_name=contact,
            staff_hours=100,
            money_sek=25000,
        )
        RepresentationFactory(
            party=party,
            user__first_name=contact.split()[0],
            user__last_name=contact.split()[1],
        )
        partners.append(party)
    for party in [lead, *partners]:
        PartyCommitment.objects.create(party=party, responsibilities=f"Ansvar för {party.organisation.name}")
    Mandate.objects.create(
        party=lead, decided_by="Styrelsen", decided_on="2026-05-01", scope="Driva arbetet."
    )
    ResidentInvolvementFactory(collaboration=collaboration)
    problem = collaboration.latest_problem() or ProblemDescriptionFactory(
        collaboration=collaboration, text=problem_text
    )
    request = sending.send(subject=PROBLEM, version=problem, sent_by=user, base_url="http://testserver/")
    for recipient in request.recipients.select_related("party__organisation"):
        answers.submit_answer(
            subject=PROBLEM,
            recipient=recipient,
            answered_by=recipient.party.representations.first().user,
            seen_version=problem.version,
            answer=ConfirmationAnswer.AGREE,
        )
    Goal.objects.create(collaboration=collaboration, overall="Ett tryggt Norrbacka för alla.")
    sub_goal = SubGoalFactory(collaboration=collaboration)
    FollowUp.objects.create(
        sub_goal=sub_goal, method="Trygghetsmätning", rhythm="yearly", responsible_party=lead
    )
    ModelChoice.objects.create(
        collaboration=collaboration, model=model, rationale="Den passar oss.", details=DETAILS[model]
    )
    WorkOrganisation.objects.create(
        collaboration=collaboration,
        coordinator_party=lead,
        coordinator_name="Anna Lind",
        steering_rhythm="quarterly",
        working_rhythm="monthly",
    )
    for party in [lead, partners[0]]:
        GroupMember.objects.create(
            collaboration=collaboration, group=GroupKind.STEERING, party=party, person=party.contact_name
        )
    for topic in REQUIRED_LEGAL_TOPICS[model]:
        LegalReview.objects.create(
            collaboration=collaboration,
            topic=topic,
            status=ReviewStatus.ASSESSED,
            assessment=f"Bedömning av {topic}.",
            assessed_by="Jurist",
            assessed_on="2026-10-01",
        )
    Activity.objects.create(
        collaboration=collaboration,
        title="Trygghetsvandring",
        responsible_party=partners[0],
        starts_on=datetime.date(2027, 9, 1),
        ends_on=datetime.date(2027, 9, 30),
    )
    BudgetLine.objects.create(
        collaboration=collaboration, party=lead, year=2027, amount_sek=120000, purpose="Belysning"
    )
    CommunicationPlan.objects.create(
        collaboration=collaboration, residents="Lappar i trapphus.", public="Webben."
    )
    AgreementTerms.objects.create(
        collaboration=collaboration,
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2029, 12, 31),
        review="Varje höst.",
        termination="Sex månaders uppsägning.",
        changes="Skriftligt.",
        disputes="I styrgruppen.",
    )
    return partners


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, with non-breaking spaces as spaces and lines joined by single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\xa0", " ").split())


def page_texts(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().replace("\xa0", " ").split()) for page in reader.pages]


def send(collaboration, user, checksum=None):
    """Send the agreement as it stands (or as it was when its checksum was `checksum`)."""
    draft = services.current_draft(collaboration, checklist=checklist_status(collaboration))
    return services.send_for_approval(
        collaboration=collaboration,
        checklist=checklist_status(collaboration),
        seen_checksum=checksum or draft.content_hash,
        sent_by=user,
        base_url="http://testserver/",
    )


def approve_all(request):
    for recipient in request.recipients.select_related("party__organisation"):
        answers.submit_answer(
            subject=AGREEMENT,
            recipient=recipient,
            answered_by=recipient.party.representations.first().user,
            seen_version=request.version,
            answer="agree",
        )
