"""Seed a large, fictional data set for benchmarks (bench/pages.py): by default 2,000 organisations,
10,000 collaborations, 60,000 parties and 30,000 answers. Meant for a dedicated PostgreSQL database;
refuses to run on a database that already holds collaborations unless --force."""

import datetime
import itertools
import random

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from checklist.models import CollaborationChecklist
from checklist.services import ensure_published_template
from collaborations.models import (
    Collaboration,
    CollaborationStatus,
    ConfirmationAnswer,
    ConfirmationRecipient,
    ConfirmationRequest,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Party,
    PartyRole,
    PartyState,
    ProblemDescription,
    ResidentInvolvement,
)
from collaborations.validators import luhn_is_valid

BENCH_USER = "bench@samverkan.example"
BENCH_PASSWORD = "bench-password-not-secret"  # noqa: S105 - local benchmark database only
BATCH = 2000


def org_number(seed: int) -> str:
    prefix = f"7{seed:08d}"
    check = next(d for d in range(10) if luhn_is_valid(f"{prefix}{d}"))
    return f"{prefix[:6]}-{prefix[6:]}{check}"


class Command(BaseCommand):
    help = "Seed a large benchmark data set (organisations, collaborations, parties, answers)."

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=2000)
        parser.add_argument("--collaborations", type=int, default=10000)
        parser.add_argument("--parties", type=int, default=60000, help="including the lead parties")
        parser.add_argument("--answers", type=int, default=30000)
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, organisations, collaborations, parties, answers, force, **options):
        if Collaboration.objects.exists() and not force:
            raise CommandError("The database already has collaborations; use a dedicated benchmark database.")
        random.seed(7)
        with transaction.atomic():
            template = ensure_published_template()
            orgs = self._organisations(organisations)
            user = self._user(orgs[0])
            collabs = self._collaborations(collaborations, orgs, user, template)
            self._parties(parties, collabs, orgs)
            self._answers(answers, collabs, user)
        self.stdout.write(
            f"Seeded {Organisation.objects.count()} organisations, {Collaboration.objects.count()} "
            f"collaborations, {Party.objects.count()} parties, "
            f"{ConfirmationRecipient.objects.exclude(answer='').count()} answers. "
            f"Benchmark login: {BENCH_USER}"
        )

    def _organisations(self, n):
        kinds = list(OrganisationKind)
        rows = [
            Organisation(name=f"Organisation {i:05d}", org_number=org_number(i), kind=kinds[i % len(kinds)])
            for i in range(n)
        ]
        Organisation.objects.bulk_create(rows, batch_size=BATCH)
        return list(Organisation.objects.order_by("pk"))

    def _user(self, organisation):
        User = get_user_model()
        user = User.objects.create_user(email=BENCH_USER, password=BENCH_PASSWORD, first_name="Bench")
        EmailAddress.objects.create(user=user, email=BENCH_USER, verified=True, primary=True)
        Membership.objects.create(user=user, organisation=organisation, role=MembershipRole.ADMIN)
        return user

    def _collaborations(self, n, orgs, user, template):
        # The benchmark user's organisation leads one collaboration in ten; the rest are spread out.
        leads = [orgs[0] if i % 10 == 0 else orgs[1 + i % (len(orgs) - 1)] for i in range(n)]
        rows = [
            Collaboration(
                title=f"Samverkan {i:05d}",
                area_name=f"Område {i % 500}",
                municipality=f"Kommun {i % 290}",
                lead_organisation=lead,
                status=CollaborationStatus.IN_PROGRESS,
                created_by=user,
            )
            for i, lead in enumerate(leads)
        ]
        Collaboration.objects.bulk_create(rows, batch_size=BATCH)
        collabs = list(Collaboration.objects.order_by("pk").select_related("lead_organisation"))
        CollaborationChecklist.objects.bulk_create(
            [CollaborationChecklist(collaboration=c, template=template) for c in collabs], batch_size=BATCH
        )
        Party.objects.bulk_create(
            [
                Party(
                    collaboration=c,
                    organisation=c.lead_organisation,
                    role=PartyRole.LEAD,
                    state=PartyState.JOINED,
                )
                for c in collabs
            ],
            batch_size=BATCH,
        )
        ProblemDescription.objects.bulk_create(
            [
                ProblemDescription(
                    collaboration=c,
                    version=1,
                    text=f"Otrygghet kvällstid i {c.area_name}.",
                    focus_areas=["safety"],
                    sent_at=timezone.now(),
                    created_by=user,
                )
                for c in collabs
            ],
            batch_size=BATCH,
        )
        ResidentInvolvement.objects.bulk_create(
            [
                ResidentInvolvement(
                    collaboration=c,
                    method="dialogue",
                    held_on=datetime.date(2026, 9, 1),
                    participants=20,
                    learned="Mörka gångvägar.",
                )
                for c in collabs[::2]
            ],
            batch_size=BATCH,
        )
        return collabs

    def _parties(self, total, collabs, orgs):
        per_collaboration = max(0, total - len(collabs)) // len(collabs)
        rows = []
        for c in collabs:
            chosen = random.sample(orgs[1:], per_collaboration + 1)
            chosen = [o for o in chosen if o.pk != c.lead_organisation_id][:per_collaboration]
            rows.extend(
                Party(
                    collaboration=c,
                    organisation=o,
                    role=PartyRole.PARTNER,
                    state=PartyState.JOINED,
                    contact_name="Kim Kontakt",
                    contact_email=f"kontakt{o.pk}@example.test",
                    staff_hours=100,
                )
                for o in chosen
            )
        Party.objects.bulk_create(rows, batch_size=BATCH)

    def _answers(self, total, collabs, user):
        requests = ConfirmationRequest.objects.bulk_create(
            [
                ConfirmationRequest(collaboration=c, problem_id=p, sent_by=user)
                for c, p in zip(
                    collabs,
                    ProblemDescription.objects.order_by("collaboration_id").values_list("pk", flat=True),
                    strict=True,
                )
            ],
            batch_size=BATCH,
        )
        by_collaboration = {r.collaboration_id: r for r in requests}
        partners = Party.objects.filter(role=PartyRole.PARTNER).order_by("collaboration_id", "pk")
        rows = []
        answers = itertools.cycle(
            [ConfirmationAnswer.AGREE, ConfirmationAnswer.AGREE, ConfirmationAnswer.CHANGES]
        )
        for index, party in enumerate(partners.iterator(chunk_size=BATCH)):
            answered = index < total
            answer = next(answers) if answered else ""
            rows.append(
                ConfirmationRecipient(
                    request=by_collaboration[party.collaboration_id],
                    party=party,
                    answer=answer,
                    comment="Lägg till belysningen." if answer == ConfirmationAnswer.CHANGES else "",
                    answered_at=timezone.now() if answered else None,
                )
            )
        ConfirmationRecipient.objects.bulk_create(rows, batch_size=BATCH)
