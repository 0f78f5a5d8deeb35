"""Take the demo collaboration (collaborations' seed_demo) all the way to a complete agreement draft.

The demo is seeded half way through the checklist. `complete_demo_agreement` does what the staff and
the partners would do next, through the same services the pages use: a second version of the problem
description that the tenants' association asked for, confirmed by every party; the form of
collaboration (EST) with its details; each party's role and contribution; the organisation; the legal
review; activities, budget, follow-up, communication and terms. The agreement is then a final draft
that nobody has approved yet. Fictional data only.
"""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from checklist import services as checklist_services
from checklist.chooser import evaluate_models
from checklist.models import (
    Activity,
    AgreementTerms,
    BudgetLine,
    CommunicationPlan,
    GroupKind,
    LegalTopic,
    MeetingRhythm,
    ReviewStatus,
)
from collaborations import services
from collaborations.confirmations import answers, queries, sending
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import (
    CollaborationModel,
    ConfirmationAnswer,
    Membership,
    ModelChoice,
    Party,
    PartyRole,
    Representation,
)

DEMO_BASE_URL = "http://127.0.0.1:8000/"
DEMO_PASSWORD = "samverkan-demo"  # noqa: S105 - the documented demo login, refused in production

# The representatives of the two parties that have no demo user in seed_demo.
EXTRA_USERS = {
    "802511-2346": ("jonas@norrbacka-if.example", "Jonas", "Wik"),
    "556799-0121": ("eva@lindgarden.example", "Eva", "Sund"),
}

PROBLEM_TEXT_V2_ADDITION = (
    "\n\nTvättstugorna i källarplanen saknar fungerande belysning, och föräldrar efterfrågar läxhjälp "
    "och aktiviteter för barn 10–15 år efter skoltid."
)

EST_DETAILS = {
    "reporters": "Åsbyhems områdesvärdar och fastighetsskötare, Fastighets AB Lindgårdens förvaltare, "
    "kommunens fältassistenter och lokalpolisområde Åsby.",
    "weekly_meeting": "Tisdagar kl. 9.00, digitalt möte på 30 minuter.",
    "analysis": "Kommunens trygghetssamordnare gör kvartalsanalysen tillsammans med polisen; styrgruppen "
    "följer upp arbetet en gång per år.",
    "report_content": "Platser, tider och typer av händelser. Aldrig namn eller andra uppgifter om personer.",
}

COMMITMENTS = {
    "556677-0011": (
        "Huvudman och samordnare. Leder arbetsgruppen, sammankallar styrgruppen och ansvarar för "
        "belysning, klottersanering och skötsel av utemiljön i sina bostadsområden.",
        {"premises": "Samlingslokalen på Lärkstigen 4, kvällar och helger."},
    ),
    "212000-8889": (
        "Ansvarar för lägesbildens kvartalsanalys genom trygghetssamordnaren, för fältassistenternas "
        "närvaro i området och för belysningen av gångtunneln under Norrbackavägen.",
        {},
    ),
    "202100-9994": (
        "Bidrar med polisens lägesbild varje vecka, medverkar i trygghetsvandringar och anpassar "
        "områdespolisens närvaro efter lägesbilden.",
        {},
    ),
    "802480-1238": (
        "Företräder hyresgästerna, bjuder in till dialogmöten och den årliga trygghetsvandringen och "
        "återkopplar vad de boende tycker.",
        {},
    ),
    "802511-2346": (
        "Driver läxhjälp och kvällsaktiviteter för barn 10–15 år i samlingslokalen tre kvällar i veckan.",
        {"other_contribution": "Ideella ledare, 2–3 per kväll."},
    ),
    "556799-0121": (
        "Rapporterar till lägesbilden från sina fastigheter och ansvarar för belysning och buskröjning "
        "vid Lärkstigens passager.",
        {},
    ),
}


def _user(email, first_name, last_name, organisation):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, first_name=first_name, last_name=last_name
        )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    Membership.objects.get_or_create(user=user, organisation=organisation)
    return user


def _representative(party):
    """The party's representative, who answers for it: as if the contact had accepted the party's link."""
    representation = party.representations.select_related("user").order_by("pk").first()
    if representation is not None:
        return representation.user
    membership = (
        Membership.objects.filter(organisation=party.organisation)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is not None:
        user = membership.user
    else:
        email, first_name, last_name = EXTRA_USERS[party.organisation.org_number]
        user = _user(email, first_name, last_name, party.organisation)
    Representation.objects.get_or_create(party=party, user=user, defaults={"email": user.email})
    return user


@transaction.atomic
def complete_demo_agreement(collaboration) -> bool:
    """Fill in everything the agreement needs; False (and nothing done) if a model is already chosen."""
    if ModelChoice.objects.filter(collaboration=collaboration).exists():
        return False
    anna = collaboration.created_by
    parties = {
        p.organisation.org_number: p
        for p in Party.objects.filter(collaboration=collaboration).select_related("organisation")
    }
    today = timezone.localdate()
    _confirm_second_version(collaboration, anna, parties)
    _choose_model(collaboration, anna)
    for org_number, (responsibilities, extra) in COMMITMENTS.items():
        party = Party.objects.get(pk=parties[org_number].pk)
        checklist_services.save_contribution(
            party=party,
            saved_by=anna,
            responsibilities=responsibilities,
            staff_hours=party.staff_hours,
            money_sek=party.money_sek,
            premises=extra.get("premises", party.premises),
            other_contribution=extra.get("other_contribution", party.other_contribution),
        )
    for org_number, body in [("212000-8889", "Socialnämnden"), ("202100-9994", "Lokalpolisområdeschefen")]:
        services.save_mandate(
            party=parties[org_number],
            saved_by=anna,
            decided_by=body,
            decided_on=today - datetime.timedelta(days=30),
            scope="Delta i samverkan i Norrbacka 2027–2029 enligt detta avtal.",
            resources="",
        )
    _organise(collaboration, anna, parties)
    checklist_services.save_legal_review(
        collaboration=collaboration,
        topic=LegalTopic.PERSONAL_DATA,
        saved_by=anna,
        status=ReviewStatus.ASSESSED,
        assessment="Lägesbilden innehåller inga personuppgifter: den beskriver platser, tider och typer av "
        "händelser. Polisen och kommunen lämnar inte ut sekretessbelagda uppgifter i samverkan. Dialogmöten "
        "och trygghetsvandringar dokumenteras utan namn.",
        assessed_by="Åsbyhems dataskyddsombud",
        assessed_on=today - datetime.timedelta(days=10),
    )
    for title, org_number, start, end, description in [
        ("Veckovis lägesbild", "212000-8889", (2027, 1, 5), (2029, 12, 31), "Tisdagsmöten enligt EST."),
        ("Ny belysning i gångtunneln", "212000-8889", (2027, 3, 1), (2027, 6, 30), ""),
        (
            "Läxhjälp och kvällsaktiviteter",
            "802511-2346",
            (2027, 1, 15),
            (2029, 12, 15),
            "Tre kvällar i veckan.",
        ),
        ("Trygghetsvandring med boende", "802480-1238", (2027, 9, 1), (2029, 9, 30), "Varje höst."),
    ]:
        checklist_services.save_row(
            collaboration=collaboration,
            instance=Activity(),
            saved_by=anna,
            title=title,
            description=description,
            responsible_party=parties[org_number],
            starts_on=datetime.date(*start),
            ends_on=datetime.date(*end),
        )
    for year in (2027, 2028, 2029):
        for org_number, amount, purpose in [
            ("556677-0011", 300000, "Områdesutvecklare på halvtid"),
            ("212000-8889", 150000, "Fältassistenter kvällstid"),
            ("556799-0121", 50000, "Belysning och buskröjning vid Lärkstigen"),
        ]:
            checklist_services.save_row(
                collaboration=collaboration,
                instance=BudgetLine(),
                saved_by=anna,
                party=parties[org_number],
                year=year,
                amount_sek=amount,
                purpose=purpose,
            )
    second = services.save_sub_goal(
        collaboration=collaboration,
        saved_by=anna,
        indicator="Anmäld skadegörelse i trapphus och tvättstugor per år (Åsbyhems felanmälningar)",
        baseline="120",
        target="70",
        target_date=datetime.date(today.year + 2, 12, 31),
    )
    for sub_goal in collaboration.sub_goals.all():
        checklist_services.save_follow_up(
            sub_goal=sub_goal,
            saved_by=anna,
            method="Åsbyhems felanmälningar, sammanställda per kvartal."
            if sub_goal.pk == second.pk
            else "Kommunens och polisens trygghetsmätning vartannat år, samma frågor som 2025.",
            rhythm=MeetingRhythm.QUARTERLY if sub_goal.pk == second.pk else MeetingRhythm.YEARLY,
            responsible_party=parties["556677-0011" if sub_goal.pk == second.pk else "212000-8889"],
        )
    checklist_services.save_one_per_collaboration(
        model=CommunicationPlan,
        collaboration=collaboration,
        saved_by=anna,
        residents="Lappar i trapphusen och på Åsbyhems webbplats efter varje styrgruppsmöte; dialogmöte "
        "två gånger per år; svar på frågor via områdeskontoret.",
        public="Gemensamt pressmeddelande när avtalet är undertecknat och en årlig rapport om uppföljningen.",
        spokesperson="Anna Lind, Åsbyhem AB",
    )
    checklist_services.save_one_per_collaboration(
        model=AgreementTerms,
        collaboration=collaboration,
        saved_by=anna,
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2029, 12, 31),
        review="Styrgruppen omprövar avtalet varje höst, efter den årliga uppföljningen.",
        termination="En part kan lämna samverkan med sex månaders skriftlig uppsägning till styrgruppen.",
        changes="Ändringar görs skriftligt och gäller när alla parter har godkänt dem.",
        disputes="Oenighet tas först upp i styrgruppen; löser det sig inte där utser parterna gemensamt en "
        "medlare.",
    )
    return True


def _confirm_second_version(collaboration, anna, parties):
    latest = collaboration.latest_problem()
    problem = services.save_problem_description(
        collaboration=collaboration,
        author=anna,
        based_on_version=latest.version,
        text=latest.text + PROBLEM_TEXT_V2_ADDITION,
        focus_areas=latest.focus_areas,
        evidence=latest.evidence,
    )
    sending.send(subject=PROBLEM, version=problem, sent_by=anna, base_url=DEMO_BASE_URL)
    for party in parties.values():
        if party.role == PartyRole.LEAD:
            continue
        recipient = queries.current_recipient(party, subject=PROBLEM)
        answers.submit_answer(
            subject=PROBLEM,
            recipient=recipient,
            answered_by=_representative(party),
            seen_version=problem.version,
            answer=ConfirmationAnswer.AGREE,
        )


def _choose_model(collaboration, anna):
    answers = {
        "aims": ["safety_public_places", "children_youth"],
        "money_flow": "own_resources",
        "situation_picture": "yes",
        "boundary": "yes",
    }
    checklist_services.save_chooser_answers(collaboration=collaboration, saved_by=anna, answers=answers)
    active = list(Party.objects.filter(collaboration=collaboration).select_related("organisation"))
    choice = checklist_services.choose_model(
        collaboration=collaboration,
        chosen_by=anna,
        model=CollaborationModel.EST,
        rationale="Otryggheten är knuten till platser och tider. Med en gemensam lägesbild varje vecka kan "
        "kommunen, polisen och fastighetsägarna sätta in rätt åtgärd på rätt plats.",
        evaluation=evaluate_models(active, answers),
    )
    checklist_services.save_model_details(choice=choice, saved_by=anna, details=EST_DETAILS)


def _organise(collaboration, anna, parties):
    lead = parties["556677-0011"]
    checklist_services.save_work_organisation(
        collaboration=collaboration,
        saved_by=anna,
        coordinator_party=lead,
        coordinator_name="Anna Lind",
        steering_rhythm=MeetingRhythm.QUARTERLY,
        working_rhythm=MeetingRhythm.MONTHLY,
        notes="Den veckovisa lägesbilden tas fram på tisdagsmötena (se samverkansformen).",
    )
    for group, org_number, person, task in [
        (GroupKind.STEERING, "556677-0011", "Maria Ek", "Ordförande"),
        (GroupKind.STEERING, "212000-8889", "Karin Berg", ""),
        (GroupKind.STEERING, "202100-9994", "Per Holm", ""),
        (GroupKind.STEERING, "802480-1238", "Leila Nasser", ""),
        (GroupKind.WORKING, "556677-0011", "Anna Lind", "Samordnare"),
        (GroupKind.WORKING, "212000-8889", "Karin Berg", "Trygghetssamordnare"),
        (GroupKind.WORKING, "802511-2346", "Jonas Wik", "Aktiviteter för barn och unga"),
        (GroupKind.WORKING, "556799-0121", "Eva Sund", "Lärkstigen"),
    ]:
        checklist_services.add_group_member(
            collaboration=collaboration,
            saved_by=anna,
            group=group,
            party=parties[org_number],
            person=person,
            task=task,
        )
