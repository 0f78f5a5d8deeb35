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

from agreements.filling import StepTexts, confirm_by_every_party, fill_every_step
from checklist.models import GroupKind, LegalTopic, MeetingRhythm, ReviewStatus
from collaborations import services
from collaborations.management.commands.seed_demo import CHILDREN_SUB_GOAL
from collaborations.models import CollaborationModel, Membership, ModelChoice, Party, Representation
from samverkan.unknowns import PartialDate

DEMO_BASE_URL = "http://127.0.0.1:8000/"
DEMO_PASSWORD = "samverkan-demo"  # noqa: S105 - the documented demo login, refused in production

# The representatives of the two parties that have no demo user in seed_demo.
EXTRA_USERS = {
    "Norrbacka IF": ("jonas@norrbacka-if.example", "Jonas", "Wik"),
    "Fastighets AB Lindgården": ("eva@lindgarden.example", "Eva", "Sund"),
}

# Who signs for each party, and with what authority (checklist/signatory_models.py): (organisation,
# name, title, authority, the decision that authorises them).
SIGNATORIES = [
    ("Åsbyhem AB", "Mats Ek", "VD", "signatory", ""),
    ("Åsby kommun", "Karin Berg", "Trygghetssamordnare", "decision",
     "Kommunstyrelsens beslut 2026-09-14, § 112, om delegation att teckna avtalet"),
    ("Polisen, lokalpolisområde Åsby", "Per Holm", "Lokalpolisområdeschef", "decision",
     "Polisregionens arbetsordning, beslut 2026-01-20"),
    ("Hyresgästföreningen Norrbacka", "Leila Nasser", "Ordförande", "decision",
     "Styrelsens beslut 2026-10-05, § 7"),
    ("Norrbacka IF", "Jonas Wik", "Ordförande", "signatory", ""),
    ("Fastighets AB Lindgården", "Eva Sund", "VD", "signatory", ""),
]  # fmt: skip

PROBLEM_TEXT_V2_ADDITION = (
    "\n\nTvättstugorna i källarplanen saknar fungerande belysning, och föräldrar efterfrågar läxhjälp "
    "och aktiviteter för barn 10–15 år efter skoltid."
)

# EST's rhythm and the reporters to the weekly situation picture (checklist/est_models.py).
EST_ARRANGEMENT = {
    "police_area": "Lokalpolisområde Åsby",
    "likely_causes": "Mörka passager och gångtunnlar, tomma lokaler kvällstid och få vuxna ute efter "
    "skoltid; skadegörelse som inte åtgärdas snabbt drar till sig mer.",
    "weekly_day": "tuesday",
    "weekly_time": datetime.time(9, 0),
    "weekly_form": "digitalt möte på 30 minuter",
    "weekly_lead_person": "Anna Lind",
    "analysis_cadence": "quarterly",
    "analysis_by": "Kommunens trygghetssamordnare tillsammans med polisen",
    "yearly_follow_up": "I januari varje år: styrgruppen går igenom årets lägesbilder, analyser och delmål "
    "och beslutar om nästa års inriktning.",
    "documentation": "Veckans lägesbild förs i en gemensam logg med plats, tid och typ av händelse, aldrig "
    "personer. Kvartalsanalyserna och den årliga uppföljningen blir skriftliga rapporter till styrgruppen.",
    "has_citizen_promise": True,
    "citizen_promise_url": "https://asby-kommun.example/medborgarloften/norrbacka",
}

# (organisation, who reports, channel, categories, other places or events)
EST_REPORTERS = [
    ("Åsbyhem AB", "Områdesvärdar och fastighetsskötare", "form",
     ["vandalism", "graffiti", "littering", "lighting", "fires", "break_ins"], ""),
    ("Åsby kommun", "Fältassistenterna", "email", ["unsafe_places", "disturbances", "drug_traces"], ""),
    ("Polisen, lokalpolisområde Åsby", "Områdespolisen", "meeting",
     ["disturbances", "break_ins", "vehicles", "traffic"], ""),
    ("Fastighets AB Lindgården", "Förvaltaren", "form",
     ["vandalism", "lighting", "unsafe_places"], "Buskage som skymmer"),
]  # fmt: skip

COMMITMENTS = {
    "Åsbyhem AB": (
        "Huvudman och samordnare. Leder arbetsgruppen, sammankallar styrgruppen och ansvarar för "
        "belysning, klottersanering och skötsel av utemiljön i sina bostadsområden.",
        {"premises": "Samlingslokalen på Lärkstigen 4, kvällar och helger."},
    ),
    "Åsby kommun": (
        "Ansvarar för lägesbildens kvartalsanalys genom trygghetssamordnaren, för fältassistenternas "
        "närvaro i området och för belysningen av gångtunneln under Norrbackavägen.",
        {},
    ),
    "Polisen, lokalpolisområde Åsby": (
        "Bidrar med polisens lägesbild varje vecka, medverkar i trygghetsvandringar och anpassar "
        "områdespolisens närvaro efter lägesbilden.",
        {},
    ),
    "Hyresgästföreningen Norrbacka": (
        "Företräder hyresgästerna, bjuder in till dialogmöten och den årliga trygghetsvandringen och "
        "återkopplar vad de boende tycker.",
        {},
    ),
    "Norrbacka IF": (
        "Driver läxhjälp och kvällsaktiviteter för barn 10–15 år i samlingslokalen tre kvällar i veckan.",
        {"other_contribution": "Ideella ledare, 2–3 per kväll."},
    ),
    "Fastighets AB Lindgården": (
        "Rapporterar till lägesbilden från sina fastigheter och ansvarar för belysning och buskröjning "
        "vid Lärkstigens passager.",
        {},
    ),
}


# An end of None: ongoing work, which has no end.
ACTIVITIES = [
    ("Veckovis lägesbild", "Åsby kommun", (2027, 1, 5), None, "Tisdagsmöten enligt EST."),
    ("Ny belysning i gångtunneln", "Åsby kommun", (2027, 3, 1), (2027, 6, 30), ""),
    (
        "Läxhjälp och kvällsaktiviteter",
        "Norrbacka IF",
        (2027, 1, 15),
        (2029, 12, 15),
        "Tre kvällar i veckan.",
    ),
    (
        "Trygghetsvandring med boende",
        "Hyresgästföreningen Norrbacka",
        (2027, 9, 1),
        (2029, 9, 30),
        "Varje höst.",
    ),
]

# Each year 2027–2029.
BUDGET = [
    ("Åsbyhem AB", 300000, "Områdesutvecklare på halvtid"),
    ("Åsby kommun", 150000, "Fältassistenter kvällstid"),
    ("Fastighets AB Lindgården", 50000, "Belysning och buskröjning vid Lärkstigen"),
]

GROUP_MEMBERS = [
    (GroupKind.STEERING, "Åsbyhem AB", "Maria Ek", "Ordförande"),
    (GroupKind.STEERING, "Åsby kommun", "Karin Berg", ""),
    (GroupKind.STEERING, "Polisen, lokalpolisområde Åsby", "Per Holm", ""),
    (GroupKind.STEERING, "Hyresgästföreningen Norrbacka", "Leila Nasser", ""),
    (GroupKind.WORKING, "Åsbyhem AB", "Anna Lind", "Samordnare"),
    (GroupKind.WORKING, "Åsby kommun", "Karin Berg", "Trygghetssamordnare"),
    (GroupKind.WORKING, "Norrbacka IF", "Jonas Wik", "Aktiviteter för barn och unga"),
    (GroupKind.WORKING, "Fastighets AB Lindgården", "Eva Sund", "Lärkstigen"),
]


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
        email, first_name, last_name = EXTRA_USERS[party.organisation.name]
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
        p.organisation.name: p
        for p in Party.objects.filter(collaboration=collaboration).select_related("organisation")
    }
    latest = collaboration.latest_problem()
    problem = services.save_problem_description(
        collaboration=collaboration,
        author=anna,
        based_on_version=latest.version,
        text=latest.text + PROBLEM_TEXT_V2_ADDITION,
        focus_areas=latest.focus_areas,
        evidence=latest.evidence,
    )
    confirm_by_every_party(problem=problem, sent_by=anna, base_url=DEMO_BASE_URL, answered_by=_representative)
    second = services.save_sub_goal(
        collaboration=collaboration,
        saved_by=anna,
        indicator="Anmäld skadegörelse i trapphus och tvättstugor per år (Åsbyhems felanmälningar)",
        baseline="120",
        target="70",
        target_date=PartialDate(datetime.date(timezone.localdate().year + 2, 12, 31)),
    )
    # The baseline that was missing from the sources when the demo started, now counted.
    children = collaboration.sub_goals.get(indicator=CHILDREN_SUB_GOAL)
    services.save_sub_goal(
        collaboration=collaboration,
        saved_by=anna,
        instance=children,
        indicator=children.indicator,
        baseline="12",
        target=children.target,
        target_date=children.target_when,
    )
    fill_every_step(collaboration, by=anna, texts=_texts(collaboration, parties, second))
    return True


def _texts(collaboration, parties, second) -> StepTexts:
    """The demo's texts for every step; `parties` by organisation name, `second` the sub-goal measured
    by the lead's own fault reports."""
    today = timezone.localdate()
    lead = parties["Åsbyhem AB"]
    follow_ups = [
        {
            "sub_goal": sub_goal,
            "method": "Åsbyhems felanmälningar, sammanställda per kvartal."
            if sub_goal.pk == second.pk
            else "Kommunens och polisens trygghetsmätning vartannat år, samma frågor som 2025.",
            "rhythm": MeetingRhythm.QUARTERLY if sub_goal.pk == second.pk else MeetingRhythm.YEARLY,
            "responsible_party": parties["Åsbyhem AB" if sub_goal.pk == second.pk else "Åsby kommun"],
        }
        for sub_goal in collaboration.sub_goals.all()
    ]
    return StepTexts(
        chooser_answers={
            "aims": ["safety_public_places", "children_youth"],
            "money_flow": "own_resources",
            "situation_picture": "yes",
            "boundary": "yes",
        },
        signatories=[
            {"party": parties[name], "name": n, "title": title, "authority": authority, "decision": decision}
            for name, n, title, authority, decision in SIGNATORIES
            if name in parties
        ],
        model=CollaborationModel.EST,
        rationale="Otryggheten är knuten till platser och tider. Med en gemensam lägesbild varje vecka kan "
        "kommunen, polisen och fastighetsägarna sätta in rätt åtgärd på rätt plats.",
        model_details={},  # EST's details are the rhythm and the reporters below
        est_arrangement=EST_ARRANGEMENT,
        est_reporters=[
            {
                "party": parties[name],
                "person": person,
                "channel": channel,
                "categories": categories,
                "other_category": other,
            }
            for name, person, channel, categories, other in EST_REPORTERS
        ],  # fmt: skip
        contributions=[
            {"party": parties[name], "responsibilities": responsibilities, **extra}
            for name, (responsibilities, extra) in COMMITMENTS.items()
        ],
        mandates=[
            {
                "party": parties[name],
                "decided_by": body,
                "decided_on": PartialDate(today - datetime.timedelta(days=30)),
                "scope": "Delta i samverkan i Norrbacka 2027–2029 enligt detta avtal.",
            }
            for name, body in [
                ("Åsby kommun", "Socialnämnden"),
                ("Polisen, lokalpolisområde Åsby", "Lokalpolisområdeschefen"),
            ]
        ],
        work_organisation={
            "coordinator_party": lead,
            "coordinator_name": "Anna Lind",
            "steering_rhythm": MeetingRhythm.QUARTERLY,
            "working_rhythm": MeetingRhythm.MONTHLY,
            "notes": "Den veckovisa lägesbilden tas fram på tisdagsmötena (se samverkansformen).",
        },
        group_members=[
            {"group": group, "party": parties[name], "person": person, "task": task}
            for group, name, person, task in GROUP_MEMBERS
        ],
        legal_reviews=[
            {
                "topic": LegalTopic.PERSONAL_DATA,
                "status": ReviewStatus.ASSESSED,
                "assessment": "Lägesbilden innehåller inga personuppgifter: den beskriver platser, tider och "
                "typer av händelser. Polisen och kommunen lämnar inte ut sekretessbelagda uppgifter i "
                "samverkan. Dialogmöten och trygghetsvandringar dokumenteras utan namn.",
                "assessed_by": "Åsbyhems dataskyddsombud",
                "assessed_on": today - datetime.timedelta(days=10),
            }
        ],
        activities=[
            {
                "title": title,
                "description": description,
                "responsible_party": parties[name],
                "starts_on": PartialDate(datetime.date(*start)),
                "ends_on": PartialDate(datetime.date(*end)) if end else None,
                "ongoing": end is None,
            }
            for title, name, start, end, description in ACTIVITIES
        ],
        budget_lines=[
            {"party": parties[name], "year": year, "amount_sek": amount, "purpose": purpose}
            for year in (2027, 2028, 2029)
            for name, amount, purpose in BUDGET
        ],
        follow_ups=follow_ups,
        communication_plan={
            "residents": "Lappar i trapphusen och på Åsbyhems webbplats efter varje styrgruppsmöte; "
            "dialogmöte två gånger per år; svar på frågor via områdeskontoret.",
            "public": "Gemensamt pressmeddelande när avtalet är undertecknat och en årlig rapport om "
            "uppföljningen.",
            "spokesperson": "Anna Lind, Åsbyhem AB",
        },
        terms={
            "starts_on": PartialDate(datetime.date(2027, 1, 1)),
            "ends_on": PartialDate(datetime.date(2029, 12, 31)),
            "review": "Styrgruppen omprövar avtalet varje höst, efter den årliga uppföljningen.",
            "termination": "En part kan lämna samverkan med sex månaders skriftlig uppsägning till "
            "styrgruppen.",
            "changes": "Ändringar görs skriftligt och gäller när alla parter har godkänt dem.",
            "disputes": "Oenighet tas först upp i styrgruppen; löser det sig inte där genom förhandling "
            "mellan parterna avgörs tvisten av allmän domstol i Sverige.",
            "assignment": "En part får inte överlåta sina rättigheter och skyldigheter enligt avtalet utan "
            "de övriga parternas skriftliga samtycke.",
            "personal_data": "own",
        },
    )
