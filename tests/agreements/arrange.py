"""Arranging agreements in tests: a collaboration whose every step is filled in, and the PDF's text."""

import datetime
import io

import pypdf

from agreements import services
from agreements.approval import AGREEMENT
from agreements.filling import StepTexts, confirm_by_every_party, fill_every_step
from checklist.models import GroupKind, MeetingRhythm, ReviewStatus, Signatory
from checklist.rules import REQUIRED_LEGAL_TOPICS, checklist_status
from collaborations.confirmations import answers
from collaborations.models import OrganisationKind, PartyRole
from samverkan.unknowns import PartialDate
from tests.factories import (
    GoalFactory,
    PartyFactory,
    ProblemDescriptionFactory,
    RepresentationFactory,
    ResidentInvolvementFactory,
    SubGoalFactory,
)

DETAILS = {
    "iop": {
        "activity": "Läxhjälp tre kvällar i veckan.",
        "values": "Alla barn ska få lyckas i skolan; föreningen och kommunen möts som jämlikar.",
        "own_initiative": "Föreningen startade läxhjälpen själv 2019; ingen köper den och ingen säljer den.",
        "procurement_assessment": "Ingen upphandlingspliktig tjänst köps; inget otillåtet statsstöd.",
        "independence": "Föreningen bestämmer själv över sin verksamhet.",
        "public_contribution": "Lokaler och 200 000 kr per år.",
        "nonprofit_contribution": "Ideella läxhjälpare.",
    },
    "est": {},  # EST's details are rows of their own: EST_ARRANGEMENT and the reporters below
    "bid": {
        "association": "Norrbacka centrumförening",
        "boundary": "Kvarteren kring torget.",
        "fee_model": "12 kr per kvadratmeter och år.",
        "decision_rules": "Årsmötet beslutar med enkel majoritet.",
        "non_members": "Erbjuds att ansluta varje år.",
    },
    "other": {"description": "Ett eget samarbetsavtal mellan parterna."},
}

EST_ARRANGEMENT = {
    "police_area": "Lokalpolisområde Åsby",
    "likely_causes": "Mörka passager och tomma lokaler kvällstid.",
    "weekly_day": "tuesday",
    "weekly_time": datetime.time(9, 0),
    "weekly_form": "digitalt möte",
    "weekly_lead_person": "Anna Lind",
    "analysis_cadence": "quarterly",
    "analysis_by": "Kommunens trygghetssamordnare",
    "yearly_follow_up": "I januari, av styrgruppen.",
    "documentation": "En gemensam logg över platser och händelser; analyserna som skriftliga rapporter.",
}


def est_reporters(parties) -> list:
    """One reporter per party of `parties`, as save_reporter's keywords."""
    return [
        {
            "party": party,
            "person": f"Rapportör för {party.organisation.name}",
            "channel": "form",
            "categories": ["vandalism", "lighting"],
        }
        for party in parties
    ]


PARTNERS = [
    ("Åsby kommun", OrganisationKind.MUNICIPALITY, "Karin Berg"),
    ("Norrbacka IF", OrganisationKind.NONPROFIT, "Jonas Wik"),
]

CHOOSER_ANSWERS = {
    "aims": ["safety_public_places"],
    "money_flow": "own_resources",
    "situation_picture": "yes",
}


def complete(collaboration, user, *, model="est", problem_text="Otrygghet kvällstid kring torget."):
    """Fill in every step of `collaboration` (the agreement becomes a final draft); returns the partners.

    The parties, the residents' involvement, the problem and the goal are arranged with factories; the
    steps are filled by the builder the demo uses (agreements/filling.py)."""
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
    ResidentInvolvementFactory(collaboration=collaboration)
    problem = collaboration.latest_problem() or ProblemDescriptionFactory(
        collaboration=collaboration, text=problem_text
    )
    confirm_by_every_party(
        problem=problem,
        sent_by=user,
        base_url="http://testserver/",
        answered_by=lambda party: party.representations.first().user,
    )
    GoalFactory(collaboration=collaboration)
    sub_goal = SubGoalFactory(collaboration=collaboration)
    texts = StepTexts(
        chooser_answers=CHOOSER_ANSWERS,
        model=model,
        rationale="Den passar oss.",
        model_details=DETAILS[model],
        est_arrangement=EST_ARRANGEMENT if model == "est" else {},
        est_reporters=est_reporters([lead, *partners]) if model == "est" else [],
        # Two partners do not meet every form's needs (EST asks for the police): the test chooses anyway.
        acknowledge_unmet=True,
        contributions=[
            {"party": party, "responsibilities": f"Ansvar för {party.organisation.name}"}
            for party in [lead, *partners]
        ],
        mandates=[
            {
                "party": lead,
                "decided_by": "Styrelsen",
                "decided_on": PartialDate(datetime.date(2026, 5, 1)),
                "scope": "Driva arbetet.",
            }
        ],
        work_organisation={
            "coordinator_party": lead,
            "coordinator_name": "Anna Lind",
            "steering_rhythm": MeetingRhythm.QUARTERLY,
            "working_rhythm": MeetingRhythm.MONTHLY,
        },
        group_members=[
            {"group": GroupKind.STEERING, "party": party, "person": party.contact_name}
            for party in [lead, partners[0]]
        ],
        legal_reviews=[
            {
                "topic": topic,
                "status": ReviewStatus.ASSESSED,
                "assessment": f"Bedömning av {topic}.",
                "assessed_by": "Jurist",
                "assessed_on": datetime.date(2026, 10, 1),
            }
            for topic in REQUIRED_LEGAL_TOPICS[model]
        ],
        activities=[
            {
                "title": "Trygghetsvandring",
                "responsible_party": partners[0],
                "starts_on": PartialDate(datetime.date(2027, 9, 1)),
                "ends_on": PartialDate(datetime.date(2027, 9, 30)),
            }
        ],
        budget_lines=[{"party": lead, "year": 2027, "amount_sek": 120000, "purpose": "Belysning"}],
        follow_ups=[
            {
                "sub_goal": sub_goal,
                "method": "Trygghetsmätning",
                "rhythm": MeetingRhythm.YEARLY,
                "responsible_party": lead,
            }
        ],
        communication_plan={"residents": "Lappar i trapphus.", "public": "Webben."},
        terms={
            "starts_on": PartialDate(datetime.date(2027, 1, 1)),
            "ends_on": PartialDate(datetime.date(2029, 12, 31)),
            "review": "Varje höst.",
            "termination": "Sex månaders uppsägning.",
            "changes": "Skriftligt.",
            "disputes": "I styrgruppen.",
            "assignment": "Inte utan de andras skriftliga samtycke.",
        },
    )
    fill_every_step(collaboration, by=user, texts=texts)
    # Without an event each (the history page shows the latest events): who signs for each party.
    for party in [lead, *partners]:
        Signatory.objects.create(
            party=party, name=party.contact_name, title="Ordförande", authority="signatory"
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
