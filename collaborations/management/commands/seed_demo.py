"""Create fictional demo data: organisations in "Åsby kommun", one user per role and a collaboration
half way through the checklist. Safe to run twice: what exists is left as it is."""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from checklist.services import ensure_published_template
from collaborations import services
from collaborations.confirmations import answers, queries, sending
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import (
    Collaboration,
    ConfirmationAnswer,
    FocusArea,
    InvolvementMethod,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    PartyRole,
    PartyState,
    Representation,
)

DEMO_PASSWORD = "samverkan-demo"  # noqa: S105 - documented demo login, refused in production

ORGANISATIONS = {
    "asbyhem": ("Åsbyhem AB", "556677-0011", OrganisationKind.HOUSING_COMPANY),
    "kommun": ("Åsby kommun", "212000-8889", OrganisationKind.MUNICIPALITY),
    "polis": ("Polisen, lokalpolisområde Åsby", "202100-9994", OrganisationKind.POLICE),
    "hgf": ("Hyresgästföreningen Norrbacka", "802480-1238", OrganisationKind.NONPROFIT),
    "if": ("Norrbacka IF", "802511-2346", OrganisationKind.NONPROFIT),
    "lindgarden": ("Fastighets AB Lindgården", "556799-0121", OrganisationKind.PROPERTY_OWNER),
}

# e-mail, first name, last name, organisation key, role in the organisation
USERS = [
    ("admin@asbyhem.example", "Maria", "Ek", "asbyhem", MembershipRole.ADMIN),
    ("anna@asbyhem.example", "Anna", "Lind", "asbyhem", MembershipRole.MEMBER),
    ("karin@asby-kommun.example", "Karin", "Berg", "kommun", MembershipRole.MEMBER),
    ("per@polisen-asby.example", "Per", "Holm", "polis", MembershipRole.MEMBER),
    ("leila@hgf-norrbacka.example", "Leila", "Nasser", "hgf", MembershipRole.MEMBER),
]
# What each demo user does, shown after the name ("Karin Berg, trygghetssamordnare").
TITLES = {
    "admin@asbyhem.example": "Områdeschef",
    "anna@asbyhem.example": "Trygghetssamordnare",
    "karin@asby-kommun.example": "Trygghetssamordnare",
    "per@polisen-asby.example": "Kommunpolis",
    "leila@hgf-norrbacka.example": "Ordförande",
}
OPERATOR_EMAIL = "operator@samverkan.example"

TITLE = "Trygg och trivsam Norrbacka"
DEMO_BASE_URL = "http://127.0.0.1:8000/"

PROBLEM_TEXT = (
    "Många boende i Norrbacka känner sig otrygga kvällstid, särskilt kring centrumtorget, gångtunneln "
    "under Norrbackavägen och de mörka passagerna mellan husen på Lärkstigen.\n\n"
    "Skadegörelse och nedskräpning i trapphus och tvättstugor har ökat det senaste året, och barn och "
    "unga saknar meningsfulla fritidsaktiviteter i området efter skoltid."
)
EVIDENCE = (
    "Trygghetsmätning 2025 (kommunen och polisen): 41 % av de boende känner sig otrygga "
    "ute sent på kvällen.\n"
    "Åsbyhems felanmälningar: skadegörelse i trapphus +35 % jämfört med föregående år.\n"
    "Dialogmöten och trygghetsvandring med boende hösten 2026."
)


class Command(BaseCommand):
    help = "Create the fictional demo organisations, users and a collaboration half way through."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Also run when DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with a published password; it refuses to run with DEBUG off."
            )
        with transaction.atomic():
            ensure_published_template()
            orgs = self._organisations()
            users = self._users(orgs)
            created = self._collaboration(orgs, users)
        self.stdout.write(self.style.SUCCESS("Demo data ready." if created else "Demo data already present."))
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'): " + ", ".join(u[0] for u in USERS))
        self.stdout.write(f"Operator for /admin/: {OPERATOR_EMAIL}")

    def _organisations(self):
        return {
            key: Organisation.objects.get_or_create(org_number=number, defaults={"name": name, "kind": kind})[
                0
            ]
            for key, (name, number, kind) in ORGANISATIONS.items()
        }

    def _user(self, email, first_name, last_name, **extra):
        User = get_user_model()
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, first_name=first_name, last_name=last_name, **extra
            )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _users(self, orgs):
        users = {}
        for email, first_name, last_name, org_key, role in USERS:
            user = self._user(email, first_name, last_name, title=TITLES[email])
            Membership.objects.get_or_create(user=user, organisation=orgs[org_key], defaults={"role": role})
            users[email] = user
        self._user(OPERATOR_EMAIL, "Olle", "Operatör", is_staff=True, is_superuser=True)
        return users

    def _collaboration(self, orgs, users) -> bool:
        if Collaboration.objects.filter(title=TITLE, lead_organisation=orgs["asbyhem"]).exists():
            return False
        anna = users["anna@asbyhem.example"]
        collaboration = services.create_collaboration(
            title=TITLE,
            area_name="Norrbacka",
            municipality="Åsby kommun",
            lead_organisation=orgs["asbyhem"],
            created_by=anna,
        )
        today = timezone.localdate()
        services.save_involvement(
            collaboration=collaboration,
            saved_by=anna,
            method=InvolvementMethod.DIALOGUE,
            held_on=today - datetime.timedelta(days=60),
            participants=34,
            learned="Otryggheten gäller främst kvällar vid torget och gångtunneln. Föräldrar efterfrågar "
            "aktiviteter för barn 10–15 år.",
            effect_on_problem="Barn och unga lades till som fokusområde.",
        )
        services.save_involvement(
            collaboration=collaboration,
            saved_by=anna,
            method=InvolvementMethod.SAFETY_WALK,
            held_on=today - datetime.timedelta(days=45),
            participants=18,
            learned="Trasig belysning i gångtunneln och buskage som skymmer sikten vid Lärkstigen.",
            effect_on_problem="Den fysiska miljön beskrivs nu konkret med platser.",
        )
        services.save_involvement(
            collaboration=collaboration,
            saved_by=anna,
            method=InvolvementMethod.DIALOGUE,
            held_on=today - datetime.timedelta(days=20),
            participants=22,
            learned="De boende vill vara med i uppföljningen och föreslår en återkommande trygghetsvandring.",
        )
        parties = [
            ("kommun", PartyState.JOINED, "Karin Berg", "karin@asby-kommun.example", 400, 150000),
            ("polis", PartyState.JOINED, "Per Holm", "per@polisen-asby.example", 200, None),
            ("hgf", PartyState.INVITED, "Leila Nasser", "leila@hgf-norrbacka.example", 150, None),
            ("if", PartyState.PROPOSED, "Jonas Wik", "jonas@norrbacka-if.example", 300, None),
            ("lindgarden", PartyState.INVITED, "Eva Sund", "eva@lindgarden.example", 80, 50000),
        ]
        for key, state, name, email, hours, money in parties:
            party = services.add_party(
                collaboration=collaboration,
                added_by=anna,
                organisation=orgs[key],
                role=PartyRole.PARTNER,
                state=state,
                contact_name=name,
                contact_email=email,
                staff_hours=hours,
                money_sek=money,
            )
            if email in users:
                # As if the contact had accepted the party's invitation link: a representative of this
                # party in this collaboration (their membership of their own organisation gives nothing).
                Representation.objects.get_or_create(
                    party=party, user=users[email], defaults={"email": email}
                )
        problem = services.save_problem_description(
            collaboration=collaboration,
            author=anna,
            based_on_version=0,
            text=PROBLEM_TEXT,
            focus_areas=[FocusArea.SAFETY, FocusArea.CHILDREN_YOUTH, FocusArea.PHYSICAL_ENVIRONMENT],
            evidence=EVIDENCE,
        )
        # Version 1 goes out for confirmation; the municipality and the police agree, the tenants'
        # association asks for a change, the others have not answered yet.
        sending.send(subject=PROBLEM, version=problem, sent_by=anna, base_url=DEMO_BASE_URL)
        for key, user_email, answer, comment in [
            ("kommun", "karin@asby-kommun.example", ConfirmationAnswer.AGREE, ""),
            ("polis", "per@polisen-asby.example", ConfirmationAnswer.AGREE, ""),
            (
                "hgf",
                "leila@hgf-norrbacka.example",
                ConfirmationAnswer.CHANGES,
                "Nämn också att tvättstugorna saknar belysning och att föräldrar vill ha läxhjälp.",
            ),
        ]:
            party = collaboration.parties.get(organisation=orgs[key])
            answers.submit_answer(
                subject=PROBLEM,
                recipient=queries.current_recipient(party, subject=PROBLEM),
                answered_by=users[user_email],
                seen_version=problem.version,
                answer=answer,
                comment=comment,
            )
        lead_party = collaboration.parties.get(role=PartyRole.LEAD)
        services.save_mandate(
            party=lead_party,
            saved_by=anna,
            decided_by="Åsbyhems styrelse",
            decided_on=today - datetime.timedelta(days=70),
            scope="Driva samverkan i Norrbacka under 2027–2029 och företräda Åsbyhem i styrgruppen.",
            resources="En halvtidstjänst som områdesutvecklare och 300 000 kr per år.",
        )
        services.save_goal(
            collaboration=collaboration,
            saved_by=anna,
            overall="Norrbacka ska vara ett område där boende i alla åldrar känner sig trygga och trivs, "
            "dygnet runt.",
        )
        services.save_sub_goal(
            collaboration=collaboration,
            saved_by=anna,
            indicator="Andel boende som känner sig otrygga ute sent på kvällen (trygghetsmätningen)",
            baseline="41 %",
            target="25 %",
            target_date=datetime.date(today.year + 2, 12, 31),
        )
        return True
