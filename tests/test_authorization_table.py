"""The authorization table: every URL pattern, visited as every persona, answers as the table says.

The URLconf is walked at collection time. Each of our own named patterns needs an entry in TABLE: how
to build its URL from the fixtures, what GET answers per persona and, for a view that writes, a valid
POST payload, what POST answers per persona and a cheap snapshot of the state the write changes.
Third-party URLconfs (the Django admin, allauth) are covered by PREFIX_RULES, each exercised by its own
test. A pattern that is neither fails `test_every_url_pattern_has_a_decision`.

Expectations: an HTTP status, LOGIN (302 to the login page with ?next=, as LoginRequiredMiddleware
answers anonymous visitors) or DONE (302 anywhere but the login page: the write went through).
"""

import atexit
import contextlib
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RoutePattern
from django.utils import timezone

from agreements.models import AgreementVersion, SealedAgreement
from checklist.bid_models import BidAssociation, BidMember, FeeCategory
from checklist.est_models import EstArrangement, EstReporter
from checklist.models import (
    Activity,
    AgreementTerms,
    BudgetLine,
    ChooserAnswers,
    CollaborationChecklist,
    CommunicationPlan,
    FollowUp,
    GroupMember,
    LegalReview,
    PaidService,
    PartyCommitment,
    Signatory,
    StepMarkedDone,
    StepNotApplicable,
    WorkOrganisation,
)
from collaborations.confirmations import answers, sending
from collaborations.confirmations.subject import PROBLEM
from collaborations.context_processors import SESSION_KEY
from collaborations.models import (
    Collaboration,
    ConfirmationRequest,
    Goal,
    Invitation,
    JointDecision,
    Mandate,
    Membership,
    ModelChoice,
    OrganisationKind,
)
from collaborations.tasks import hash_token
from documents.models import Document
from tests.factories import (
    OrganisationFactory,
    ProblemDescriptionFactory,
    ResidentInvolvementFactory,
    SubGoalFactory,
    UserFactory,
)

LOGIN = "login"
DONE = "done"

PERSONAS = ("anonymous", "alice", "olivia", "bob", "dave", "charlie", "rita", "sam")


def row(anonymous, alice, olivia, bob, dave, charlie, *, rita=None, sam=None) -> dict[str, Any]:
    """One answer per persona. rita and sam are outsiders to this collaboration and this organisation,
    however close they stand: unless told otherwise they get exactly what charlie, staff of an unrelated
    organisation, gets."""
    rita = charlie if rita is None else rita
    sam = charlie if sam is None else sam
    return dict(zip(PERSONAS, (anonymous, alice, olivia, bob, dave, charlie, rita, sam), strict=True))


# alice: staff of the lead organisation; olivia: its organisation admin; bob: representative of an
# invited party (reads, never writes); dave: partner in another collaboration; charlie: unrelated;
# rita: representative of the same partner organisation in another collaboration of the same lead;
# sam: staff (a member) of the partner organisation that the lead added as a party, no representative.
# fmt: off
#                       anonymous  alice  olivia  bob   dave  charlie
OPEN_TO_ALL = row(      200,       200,   200,    200,  200,  200)
SIGNED_IN = row(        LOGIN,     200,   200,    200,  200,  200)
COLLAB_READ = row(      LOGIN,     200,   200,    200,  404,  404)
COLLAB_EDIT = row(      LOGIN,     200,   200,    403,  404,  404)
COLLAB_WRITE = row(     LOGIN,     DONE,  DONE,   403,  404,  404)
POST_ONLY = row(        LOGIN,     405,   405,    405,  405,  405)
ORG_READ = row(         LOGIN,     200,   200,    404,  404,  404)
ORG_ADMIN_WRITE = row(  LOGIN,     403,   DONE,   404,  404,  404)
LEAD_MEMBER_WRITE = row(LOGIN,     DONE,  DONE,   404,  404,  404)
REDIRECT_FOR_ALL = row( DONE,      DONE,  DONE,   DONE, DONE, DONE)
# fmt: on


@dataclass(frozen=True)
class Entry:
    """One URL name: how to build its kwargs, what GET answers, and for a writing view its POST."""

    kwargs: Callable[[SimpleNamespace], dict]
    get: dict[str, Any]
    post: dict[str, Any] | None = None
    data: Callable[[SimpleNamespace], dict] | None = None
    # A snapshot of what the POST changes: equal before and after unless the write went through.
    state: Callable[[SimpleNamespace], Any] | None = None


def no_kwargs(w):
    return {}


def collab(w):
    return {"pk": w.collaboration.pk}


def collab_party(w):
    return {"pk": w.collaboration.pk, "party_pk": w.partner_party.pk}


def collab_sub_goal(w):
    return {"pk": w.collaboration.pk, "sub_goal_pk": w.sub_goal.pk}


def organisation(w):
    return {"pk": w.lead_org.pk}


PAST = "2025-03-01"
SUB_GOAL = {"indicator": "Andel trygga", "baseline": "40 %", "target": "60 %", "target_date": "2029-12-31"}
INVOLVEMENT = {"method": "survey", "held_on": PAST, "participants": "12", "learned": "Mörka gångvägar."}

ACTIVITY = {"title": "Läxhjälp", "starts_on": "2027-01-10", "ends_on": "2027-06-10"}
BUDGET_LINE = {"year": "2027", "amount_sek": "5000", "purpose": "Belysning"}
TERMS = {
    "starts_on": "2027-01-01",
    "ends_on": "2029-12-31",
    "review": "Årligen.",
    "termination": "Sex månader.",
    "changes": "Skriftligt.",
    "disputes": "I styrgruppen.",
}
CHOOSER_ANSWERS = {
    "aims": "safety_public_places",
    "money_flow": "own_resources",
    "situation_picture": "yes",
    "boundary": "no",
}


def _once(w, name, make):
    """One object per test, made the first time a kwargs builder asks for it."""
    if not hasattr(w, name):
        setattr(w, name, make())
    return getattr(w, name)


def _activity(w):
    return _once(
        w,
        "activity",
        lambda: Activity.objects.create(
            collaboration=w.collaboration,
            title="Läxhjälp",
            responsible_party=w.partner_party,
            starts_on="2027-01-10",
            ends_on="2027-06-10",
        ),
    )


def _budget_line(w):
    return _once(
        w,
        "budget_line",
        lambda: BudgetLine.objects.create(
            collaboration=w.collaboration, party=w.partner_party, year=2027, amount_sek=1, purpose="Belysning"
        ),
    )


def _paid_service(w):
    return _once(
        w, "paid_service", lambda: PaidService.objects.create(party=w.partner_party, description="Städning")
    )


def _group_member(w):
    return _once(
        w,
        "group_member",
        lambda: GroupMember.objects.create(
            collaboration=w.collaboration, group="steering", party=w.partner_party, person="Karin"
        ),
    )


def _marked_not_applicable(w):
    _once(
        w,
        "not_applicable",
        lambda: StepNotApplicable.objects.create(
            collaboration=w.collaboration, step_key="budget", reason="Ingen."
        ),
    )
    return 12


def _model_choice(w):
    return _once(
        w,
        "model_choice",
        lambda: ModelChoice.objects.create(
            collaboration=w.collaboration, model="other", rationale="Egen form."
        ),
    )


def _est(w):
    """The collaboration: EST's pages do not depend on the chosen form (the agreement does)."""
    return w.collaboration


def _est_reporter(w):
    return _once(
        w,
        "est_reporter",
        lambda: EstReporter.objects.create(
            collaboration=_est(w), party=w.partner_party, person="Värd", categories=["graffiti"]
        ),
    )


def _bid(w):
    """The collaboration with BID chosen: its pk, for the BID pages."""
    _once(
        w,
        "bid_choice",
        lambda: ModelChoice.objects.get_or_create(
            collaboration=w.collaboration, defaults={"model": "bid", "rationale": "BID."}
        )[0],
    )
    return {"pk": w.collaboration.pk}


def _fee_category(w):
    return _once(
        w,
        "fee_category",
        lambda: FeeCategory.objects.create(
            collaboration=w.collaboration, name="Brf", kind="flat", amount_sek=1
        ),
    )


def _bid_member(w):
    return _once(
        w,
        "bid_member",
        lambda: BidMember.objects.create(
            collaboration=w.collaboration, property_designation="Norrbacka 1:1", owner_name="Torget AB"
        ),
    )


def collaboration_row(w):
    w.collaboration.refresh_from_db()
    return (w.collaboration.title, w.collaboration.status)


TABLE: dict[str, Entry] = {
    "healthz": Entry(no_kwargs, get=OPEN_TO_ALL),
    "set_language": Entry(
        no_kwargs,
        # Anonymous visitors switch language on the login page, so the view must not require login.
        get=REDIRECT_FOR_ALL,
        post=REDIRECT_FOR_ALL,
        data=lambda w: {"language": "en", "next": "/"},
        state=lambda w: w.client.cookies.get(settings.LANGUAGE_COOKIE_NAME),
    ),
    "dashboard": Entry(no_kwargs, get=SIGNED_IN),
    "floor": Entry(no_kwargs, get=SIGNED_IN),
    # --- Organisations
    "organisation_list": Entry(no_kwargs, get=SIGNED_IN),
    "organisation_switch": Entry(
        no_kwargs,
        get=POST_ONLY,
        post=LEAD_MEMBER_WRITE,
        data=lambda w: {"organisation": w.lead_org.pk, "next": "/"},
        state=lambda w: w.client.session.get(SESSION_KEY),
    ),
    "organisation_detail": Entry(
        organisation,
        get=ORG_READ,
        post=ORG_ADMIN_WRITE,
        data=lambda w: {"email": w.newcomer.email, "role": "member"},
        state=lambda w: w.lead_org.memberships.count(),
    ),
    "member_remove": Entry(
        lambda w: {"pk": w.lead_org.pk, "membership_pk": w.alice_membership.pk},
        get=POST_ONLY,
        post=ORG_ADMIN_WRITE,
        data=lambda w: {},
        state=lambda w: w.lead_org.memberships.count(),
    ),
    # --- Collaborations
    "collaboration_create": Entry(
        no_kwargs,
        # Anyone who belongs to an organisation may start a collaboration for it; a representative
        # of a party belongs to no organisation through it ...
        get=row(LOGIN, 200, 200, 404, 404, 200, rita=404),
        # ... and nobody for an organisation they do not belong to: the form refuses the choice.
        post=row(LOGIN, DONE, DONE, 404, 404, 200, rita=404),
        data=lambda w: {
            "title": "Trygg Södra",
            "area_name": "Södra",
            "municipality": "Åsby kommun",
            "lead_organisation": w.lead_org.pk,
        },
        state=lambda w: Collaboration.objects.count(),
    ),
    "collaboration_detail": Entry(collab, get=COLLAB_READ),
    "collaboration_edit": Entry(
        collab,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"title": "Nytt namn", "area_name": "Norrbacka", "municipality": "Åsby kommun"},
        state=collaboration_row,
    ),
    "collaboration_close": Entry(
        collab, get=COLLAB_EDIT, post=COLLAB_WRITE, data=lambda w: {}, state=collaboration_row
    ),
    # --- Parties
    "party_list": Entry(collab, get=COLLAB_READ),
    "party_add": Entry(
        collab,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"organisation": w.spare_org.pk, "role": "partner", "state": "proposed"},
        state=lambda w: w.collaboration.parties.count(),
    ),
    "party_edit": Entry(
        collab_party,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"role": "partner", "state": "joined", "contact_name": "Ny Kontakt"},
        state=lambda w: w.collaboration.parties.filter(pk=w.partner_party.pk).values_list(
            "state", "contact_name"
        )[0],
    ),
    # --- Residents' involvement
    "involvement_list": Entry(
        collab,
        get=COLLAB_READ,
        post=COLLAB_WRITE,
        data=lambda w: INVOLVEMENT,
        state=lambda w: w.collaboration.resident_involvements.count(),
    ),
    "involvement_edit": Entry(
        lambda w: {"pk": w.collaboration.pk, "entry_pk": w.entry.pk},
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: INVOLVEMENT,
        state=lambda w: w.collaboration.resident_involvements.filter(pk=w.entry.pk).values_list(
            "method", "learned"
        )[0],
    ),
    # --- Problem description
    "problem_detail": Entry(collab, get=COLLAB_READ),
    "problem_version": Entry(lambda w: {"pk": w.collaboration.pk, "version": 1}, get=COLLAB_READ),
    "problem_edit": Entry(
        collab,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"based_on_version": "1", "text": "Nedskräpning vid torget.", "focus_areas": "safety"},
        state=lambda w: list(w.collaboration.problem_versions.values_list("version", "text")),
    ),
    # --- Goal and sub-goals
    "goal_detail": Entry(
        collab,
        get=COLLAB_READ,
        post=COLLAB_WRITE,
        data=lambda w: {"overall": "Ett tryggare Norrbacka."},
        state=lambda w: list(Goal.objects.filter(collaboration=w.collaboration).values_list("overall")),
    ),
    "sub_goal_create": Entry(
        collab,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: SUB_GOAL,
        state=lambda w: w.collaboration.sub_goals.count(),
    ),
    "sub_goal_edit": Entry(
        collab_sub_goal,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: SUB_GOAL,
        state=lambda w: list(w.collaboration.sub_goals.values_list("indicator")),
    ),
    "sub_goal_delete": Entry(
        collab_sub_goal,
        get=POST_ONLY,
        post=COLLAB_WRITE,
        data=lambda w: {},
        state=lambda w: w.collaboration.sub_goals.count(),
    ),
    # --- Mandates
    "mandate_list": Entry(
        collab,
        get=COLLAB_READ,
        post=COLLAB_WRITE,  # records a joint decision of several parties
        data=lambda w: {
            "decided_by": "Styrgruppen",
            "decided_on": "2026-03",
            "scope": "Medborgarlöfte.",
            "parties": list(w.collaboration.parties.values_list("pk", flat=True)),
        },
        state=lambda w: JointDecision.objects.filter(collaboration=w.collaboration).count(),
    ),
    "mandate_edit": Entry(
        collab_party,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"decided_by": "Kommunstyrelsen", "decided_on": PAST, "scope": "Trygghetsarbete."},
        state=lambda w: Mandate.objects.filter(party=w.partner_party).count(),
    ),
    # --- The checklist (steps and their data)
    "step_detail": Entry(lambda w: {"pk": w.collaboration.pk, "number": 11}, get=COLLAB_READ),
    "step_not_applicable": Entry(
        lambda w: {"pk": w.collaboration.pk, "number": 12},
        get=POST_ONLY,
        post=COLLAB_WRITE,
        data=lambda w: {"reason": "Inga pengar flyttas."},
        state=lambda w: StepNotApplicable.objects.filter(collaboration=w.collaboration).count(),
    ),
    "step_reopen": Entry(
        lambda w: {"pk": w.collaboration.pk, "number": _marked_not_applicable(w)},
        get=POST_ONLY,
        post=COLLAB_WRITE,
        data=lambda w: {},
        state=lambda w: StepNotApplicable.objects.filter(collaboration=w.collaboration).count(),
    ),
    "step_mark_done": Entry(
        # Only an operator's own "manual" steps are marked done; on the default checklist the
        # write is refused with a message, so every persona allowed in is redirected back.
        lambda w: {"pk": w.collaboration.pk, "number": 11},
        get=POST_ONLY,
        post=row(LOGIN, 302, 302, 403, 404, 404),
        data=lambda w: {},
        state=lambda w: StepMarkedDone.objects.count(),
    ),
    "checklist_upgrade": Entry(
        collab,
        get=POST_ONLY,
        post=row(LOGIN, 302, 302, 403, 404, 404),
        data=lambda w: {},
        state=lambda w: list(
            CollaborationChecklist.objects.filter(collaboration=w.collaboration).values_list("template")
        ),
    ),
    "contribution_edit": Entry(
        collab_party,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"responsibilities": "Trygghetsvärdar", "staff_hours": "200"},
        state=lambda w: PartyCommitment.objects.filter(party=w.partner_party).count(),
    ),
    "roles_edit_all": Entry(
        collab,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {
            f"party-{w.partner_party.pk}-responsibilities": "Trygghetsvärdar",
            f"party-{w.partner_party.pk}-staff_hours": "200",
        },
        state=lambda w: PartyCommitment.objects.filter(party=w.partner_party).count(),
    ),
    "paid_service_add": Entry(
        collab_party,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"description": "Städning", "amount_sek": "5000"},
        state=lambda w: PaidService.objects.filter(party=w.partner_party).count(),
    ),
    "paid_service_remove": Entry(
        lambda w: {"pk": w.collaboration.pk, "service_pk": _paid_service(w).pk},
        get=POST_ONLY,
        post=COLLAB_WRITE,
        data=lambda w: {},
        state=lambda w: PaidService.objects.filter(party=w.partner_party).count(),
    ),
    "work_organisation_edit": Entry(
        collab,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {
            "coordinator_name": "Anna",
            "steering_rhythm": "quarterly",
            "working_rhythm": "monthly",
        },
        state=lambda w: WorkOrganisation.objects.filter(collaboration=w.collaboration).count(),
    ),
    "group_member_add": Entry(
        collab,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"group": "steering", "party": w.partner_party.pk, "person": "Karin"},
        state=lambda w: GroupMember.objects.filter(collaboration=w.collaboration).count(),
    ),
    "group_member_remove": Entry(
        lambda w: {"pk": w.collaboration.pk, "member_pk": _group_member(w).pk},
        get=POST_ONLY,
        post=COLLAB_WRITE,
        data=lambda w: {},
        state=lambda w: GroupMember.objects.filter(collaboration=w.collaboration).count(),
    ),
    "legal_review_edit": Entry(
        lambda w: {"pk": w.collaboration.pk, "topic": "state_aid"},
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"status": "in_progress", "assessment": "Pågår."},
        state=lambda w: LegalReview.objects.filter(collaboration=w.collaboration).count(),
    ),
    "legal_reviews_edit": Entry(
        collab,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"topic-state_aid-status": "in_progress", "topic-state_aid-assessment": "Pågår."},
        state=lambda w: LegalReview.objects.filter(collaboration=w.collaboration).count(),
    ),
    "activity_create": Entry(
        collab,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: ACTIVITY | {"responsible_party": w.partner_party.pk},
        state=lambda w: Activity.objects.filter(collaboration=w.collaboration).count(),
    ),
    "activity_edit": Entry(
        lambda w: {"pk": w.collaboration.pk, "activity_pk": _activity(w).pk},
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: ACTIVITY | {"title": "Ändrad", "responsible_party": w.partner_party.pk},
        state=lambda w: list(Activity.objects.filter(collaboration=w.collaboration).values_list("title")),
    ),
    "activity_delete": Entry(
        lambda w: {"pk": w.collaboration.pk, "activity_pk": _activity(w).pk},
        get=POST_ONLY,
        post=COLLAB_WRITE,
        data=lambda w: {},
        state=lambda w: Activity.objects.filter(collaboration=w.collaboration).count(),
    ),
    "budget_line_create": Entry(
        collab,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: BUDGET_LINE | {"party": w.partner_party.pk},
        state=lambda w: BudgetLine.objects.filter(collaboration=w.collaboration).count(),
    ),
    "budget_line_edit": Entry(
        lambda w: {"pk": w.collaboration.pk, "line_pk": _budget_line(w).pk},
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: BUDGET_LINE | {"amount_sek": "9", "party": w.partner_party.pk},
        state=lambda w: list(
            BudgetLine.objects.filter(collaboration=w.collaboration).values_list("amount_sek")
        ),
    ),
    "budget_line_delete": Entry(
        lambda w: {"pk": w.collaboration.pk, "line_pk": _budget_line(w).pk},
        get=POST_ONLY,
        post=COLLAB_WRITE,
        data=lambda w: {},
        state=lambda w: BudgetLine.objects.filter(collaboration=w.collaboration).count(),
    ),
    "follow_up_edit": Entry(
        collab_sub_goal,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"method": "Trygghetsmätning", "rhythm": "yearly"},
        state=lambda w: FollowUp.objects.filter(sub_goal=w.sub_goal).count(),
    ),
    "follow_ups_edit": Entry(
        collab,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {f"sub-goal-{w.sub_goal.pk}-method": "Trygghetsmätning"},
        state=lambda w: FollowUp.objects.filter(sub_goal=w.sub_goal).count(),
    ),
    "communication_edit": Entry(
        collab,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"residents": "Lappar i trapphus.", "public": "Webbplatsen."},
        state=lambda w: CommunicationPlan.objects.filter(collaboration=w.collaboration).count(),
    ),
    "terms_edit": Entry(
        collab,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: TERMS,
        state=lambda w: AgreementTerms.objects.filter(collaboration=w.collaboration).count(),
    ),
    "signatory_edit": Entry(
        collab_party,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"name": "Ny Person", "title": "VD", "authority": "signatory"},
        state=lambda w: list(Signatory.objects.values_list("name")),
    ),
    "signatories_edit": Entry(
        collab,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {
            f"party-{w.partner_party.pk}-name": "Ny Person",
            f"party-{w.partner_party.pk}-title": "VD",
            f"party-{w.partner_party.pk}-authority": "signatory",
        },
        state=lambda w: list(Signatory.objects.values_list("name")),
    ),
    # --- The model chooser
    "model_choice": Entry(
        collab,
        get=COLLAB_READ,
        post=COLLAB_WRITE,
        data=lambda w: CHOOSER_ANSWERS,
        state=lambda w: ChooserAnswers.objects.filter(collaboration=w.collaboration).count(),
    ),
    "model_choose": Entry(
        collab,
        get=POST_ONLY,
        post=COLLAB_WRITE,
        data=lambda w: {
            "model": "other",
            "rationale": "Vi behöver samordna lägesbilden.",
            "acknowledge_unmet": "on",
        },
        state=lambda w: ModelChoice.objects.filter(collaboration=w.collaboration).count(),
    ),
    "model_details": Entry(
        lambda w: {"pk": _model_choice(w).collaboration_id},
        get=COLLAB_READ,
        post=COLLAB_WRITE,
        data=lambda w: {"description": "Ett samverkansavtal mellan parterna."},
        state=lambda w: ModelChoice.objects.get(collaboration=w.collaboration).details,
    ),
    # --- EST's reporting and rhythm (checklist/est_views.py): lead staff only
    "est_edit": Entry(
        lambda w: {"pk": _est(w).pk},
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"police_area": "Lokalpolisområde Åsby"},
        state=lambda w: list(EstArrangement.objects.values_list("police_area")),
    ),
    "est_reporter_create": Entry(
        lambda w: {"pk": _est(w).pk},
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"party": w.partner_party.pk, "person": "Områdesvärdar", "categories": ["graffiti"]},
        state=lambda w: EstReporter.objects.count(),
    ),
    "est_reporter_edit": Entry(
        lambda w: {"pk": _est(w).pk, "reporter_pk": _est_reporter(w).pk},
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"party": w.partner_party.pk, "person": "Ändrad"},
        state=lambda w: list(EstReporter.objects.values_list("person")),
    ),
    "est_reporter_delete": Entry(
        lambda w: {"pk": _est(w).pk, "reporter_pk": _est_reporter(w).pk},
        get=POST_ONLY,
        post=COLLAB_WRITE,
        data=lambda w: {},
        state=lambda w: EstReporter.objects.count(),
    ),
    # --- A BID's association, fee categories and register (staff of the lead only)
    "bid_detail": Entry(
        _bid,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"name": "Norrbacka centrumförening", "membership_fee_sek": "500"},
        state=lambda w: BidAssociation.objects.filter(collaboration=w.collaboration).count(),
    ),
    "bid_category_create": Entry(
        _bid,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"name": "Butiker", "kind": "negotiated"},
        state=lambda w: FeeCategory.objects.filter(collaboration=w.collaboration).count(),
    ),
    "bid_category_edit": Entry(
        lambda w: _bid(w) | {"category_pk": _fee_category(w).pk},
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"name": "Bostadsrätter", "kind": "flat", "amount_sek": "2"},
        state=lambda w: list(FeeCategory.objects.filter(collaboration=w.collaboration).values_list("name")),
    ),
    "bid_category_delete": Entry(
        lambda w: _bid(w) | {"category_pk": _fee_category(w).pk},
        get=POST_ONLY,
        post=COLLAB_WRITE,
        data=lambda w: {},
        state=lambda w: FeeCategory.objects.filter(collaboration=w.collaboration).count(),
    ),
    "bid_member_create": Entry(
        _bid,
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"property_designation": "Norrbacka 1:2", "owner_party": w.partner_party.pk},
        state=lambda w: BidMember.objects.filter(collaboration=w.collaboration).count(),
    ),
    "bid_member_edit": Entry(
        lambda w: _bid(w) | {"member_pk": _bid_member(w).pk},
        get=COLLAB_EDIT,
        post=COLLAB_WRITE,
        data=lambda w: {"property_designation": "Norrbacka 1:3", "owner_name": "Torget AB"},
        state=lambda w: list(
            BidMember.objects.filter(collaboration=w.collaboration).values_list("property_designation")
        ),
    ),
    "bid_member_delete": Entry(
        lambda w: _bid(w) | {"member_pk": _bid_member(w).pk},
        get=POST_ONLY,
        post=COLLAB_WRITE,
        data=lambda w: {},
        state=lambda w: BidMember.objects.filter(collaboration=w.collaboration).count(),
    ),
}


# --- Confirmations of the problem description (collaborations/confirmation_views.py) ------------

# bob answers for his invited party; staff of the lead follow the answers and act on them. The
# invitation link is open to everyone; only the invited address (bob's here) can accept it.
# fmt: off
#                              anonymous  alice  olivia  bob   dave  charlie
PARTNER_READ = row(            LOGIN,     404,   404,    200,  404,  404)
PARTNER_WRITE = row(           LOGIN,     404,   404,    DONE, 404,  404)
INVITATION_NOT_FOLLOWED = row( 410,       410,   410,    410,  410,  410)
# fmt: on
INVITATION_TOKEN = "tabell-inbjudan-0123456789-abcdefghijklmnopqrstuv"


def _sent(w):
    """The problem description sent for confirmation to the partner party, once per test."""
    if not hasattr(w, "confirmation_request"):
        w.confirmation_request = sending.send(
            subject=PROBLEM, version=w.problem, sent_by=w.users["alice"], base_url="http://testserver/"
        )
    return w.confirmation_request


def _partner_recipient(w):
    return _sent(w).recipients.get(party=w.partner_party)


def _answered(w):
    recipient = _partner_recipient(w)
    if not recipient.answer:
        answers.submit_answer(
            subject=PROBLEM, recipient=recipient, answered_by=w.users["bob"], seen_version=1, answer="agree"
        )
    return collab_party(w)


def _invitation_for_bob(w):
    if not hasattr(w, "bob_invitation"):
        now = timezone.now()
        w.bob_invitation = Invitation.objects.create(
            recipient=_partner_recipient(w),
            email=w.users["bob"].email,
            language="sv",
            base_url="http://testserver/",
            token_hash=hash_token(INVITATION_TOKEN),
            mail_status="sent",
            mail_sent_at=now,
            expires_at=now + datetime.timedelta(days=14),
        )
    return {"token": INVITATION_TOKEN}


def _no_kwargs_with_invitation(w):
    _invitation_for_bob(w)
    return {}


def _sent_to_party(w):
    _sent(w)
    return collab_party(w)


def _open_invitations(w):
    return Invitation.objects.filter(
        recipient__party=w.partner_party, accepted_at=None, revoked_at=None, replaced_at=None
    ).count()


TABLE.update(
    {
        "problem_send": Entry(
            collab,
            get=COLLAB_EDIT,
            post=COLLAB_WRITE,
            data=lambda w: {"version": "1", f"language_{w.partner_party.pk}": "sv"},
            state=lambda w: ConfirmationRequest.objects.filter(collaboration=w.collaboration).count(),
        ),
        "problem_compare": Entry(collab, get=COLLAB_READ),
        "confirmation_matrix": Entry(collab, get=COLLAB_EDIT),
        "confirmation_remind": Entry(
            _sent_to_party,
            get=POST_ONLY,
            post=COLLAB_WRITE,
            data=lambda w: {},
            state=lambda w: list(Invitation.objects.filter(purpose="reminder").values_list("pk")),
        ),
        "confirmation_resend": Entry(
            _sent_to_party,
            get=POST_ONLY,
            post=COLLAB_WRITE,
            data=lambda w: {},
            state=lambda w: Invitation.objects.filter(recipient__party=w.partner_party).count(),
        ),
        "confirmation_revoke": Entry(
            _sent_to_party,
            get=POST_ONLY,
            post=COLLAB_WRITE,
            data=lambda w: {},
            state=_open_invitations,
        ),
        "confirmation_answer": Entry(
            _sent_to_party,
            get=PARTNER_READ,
            post=PARTNER_WRITE,
            data=lambda w: {"version": "1", "answer": "changes", "comment": "Nämn skolvägen."},
            state=lambda w: _partner_recipient(w).answer,
        ),
        "confirmation_thanks": Entry(_answered, get=PARTNER_READ),
        # A party's representative records the party's own case number; the lead's staff use the party form.
        "party_case_number": Entry(
            collab_party,
            get=PARTNER_READ,
            post=PARTNER_WRITE,
            data=lambda w: {"case_number": "KS 2026/123"},
            state=lambda w: w.collaboration.parties.get(pk=w.partner_party.pk).case_number,
        ),
        # Following the e-mailed link stores it in the session and leaves the token's address.
        "invitation_landing": Entry(_invitation_for_bob, get=REDIRECT_FOR_ALL),
        # The token-free page reads the session: without a followed link it is 410 for everyone, and
        # nobody accepts anything (tests/collaborations/test_invitation_views.py follows the link first).
        # The agreement's PDF for the link followed in this session: without one, nothing to show.
        "invitation_pdf": Entry(_no_kwargs_with_invitation, get=row(404, 404, 404, 404, 404, 404)),
        "invitation_current": Entry(
            _no_kwargs_with_invitation,
            get=INVITATION_NOT_FOLLOWED,
            post=INVITATION_NOT_FOLLOWED,
            data=lambda w: {},
            state=lambda w: Invitation.objects.get(pk=w.bob_invitation.pk).accepted_at,
        ),
    }
)

# --- My account: personal data and deleting the account (accounts/views.py) ---------------------

# Everyone signed in manages their own account, and only their own. olivia is the only administrator
# of the lead organisation, which has other members (alice): deleting her account is refused (200, the
# page says why); everyone else's account is deleted.
# fmt: off
#                              anonymous  alice  olivia  bob   dave  charlie
ACCOUNT_DELETE = row(          LOGIN,     DONE,  200,    DONE, DONE, DONE)
OWN_ACCOUNT_WRITE = row(       LOGIN,     DONE,  DONE,   DONE, DONE, DONE)
# allauth.mfa's pages are covered by ACCOUNT_RULE, except those about an authenticator that none of
# the personas has, where allauth answers 404 (tests/accounts/test_two_factor.py opens them with one).
NO_AUTHENTICATOR = row(        LOGIN,     404,   404,    404,  404,  404)
# fmt: on


def _own_password(w):
    from tests.factories import PASSWORD

    return {"password": PASSWORD}


def _accounts_not_deleted(w):
    return type(w.users["alice"]).objects.filter(deleted_at=None).count()


TABLE.update(
    {
        "account_overview": Entry(no_kwargs, get=SIGNED_IN),
        "account_profile": Entry(
            no_kwargs,
            get=SIGNED_IN,
            post=OWN_ACCOUNT_WRITE,
            data=lambda w: {"first_name": "Nytt", "last_name": "Namn", "title": "Samordnare"},
            state=lambda w: type(w.users["alice"]).objects.filter(title="Samordnare").count(),
        ),
        "account_data_download": Entry(no_kwargs, get=SIGNED_IN),
        "account_delete": Entry(
            no_kwargs, get=SIGNED_IN, post=ACCOUNT_DELETE, data=_own_password, state=_accounts_not_deleted
        ),
        "mfa_deactivate_totp": Entry(no_kwargs, get=NO_AUTHENTICATOR),
        "mfa_view_recovery_codes": Entry(no_kwargs, get=NO_AUTHENTICATOR),
        "mfa_download_recovery_codes": Entry(no_kwargs, get=NO_AUTHENTICATOR),
    }
)

# --- Documents (documents/views.py) --------------------------------------------------------------

# Staff of the lead upload and delete; everyone who may read the collaboration downloads. The files
# these tests store (under MEDIA_ROOT, which they do not redirect) are removed when the run ends.
_TABLE_DOCUMENT_FILES: list[str] = []
TABLE_PDF = b"%PDF-1.4\n%%EOF\n"


@atexit.register
def _remove_table_document_files():
    for name in _TABLE_DOCUMENT_FILES:
        default_storage.delete(name)
        with contextlib.suppress(OSError):
            Path(default_storage.path(name)).parent.rmdir()  # only if empty


def _documents(w):
    documents = Document.objects.filter(collaboration=w.collaboration)
    _TABLE_DOCUMENT_FILES.extend(documents.values_list("file", flat=True))
    return documents.count()


def _document(w):
    def make():
        document = Document(
            collaboration=w.collaboration,
            kind="mandate",
            original_name="beslut.pdf",
            content_type="application/pdf",
            size=len(TABLE_PDF),
        )
        document.file.save("beslut.pdf", ContentFile(TABLE_PDF), save=True)
        _TABLE_DOCUMENT_FILES.append(document.file.name)
        return document

    return _once(w, "document", make)


def collab_document(w):
    return {"pk": w.collaboration.pk, "document_pk": _document(w).pk}


TABLE.update(
    {
        "document_upload": Entry(
            collab,
            get=COLLAB_EDIT,
            post=COLLAB_WRITE,
            data=lambda w: {"kind": "mandate", "file": SimpleUploadedFile("beslut.pdf", TABLE_PDF)},
            state=_documents,
        ),
        "document_download": Entry(collab_document, get=COLLAB_READ),
        "document_delete": Entry(
            collab_document, get=POST_ONLY, post=COLLAB_WRITE, data=lambda w: {}, state=_documents
        ),
    }
)

# --- The draft agreement (agreements/views.py) ---------------------------------------------------
# Everyone who may read the collaboration may read and download its agreement; the download renders and
# stores the PDF (a new version when the text is new), so it is a POST that only the same people can
# make, and that sends them on to the stored version.


def _agreement_version(w):
    """A stored earlier version of the agreement, once per test."""
    _once(
        w,
        "agreement_version",
        lambda: AgreementVersion.objects.create(
            collaboration=w.collaboration, number=1, content_hash="0" * 64, pdf=b"%PDF-1.7 tabell"
        ),
    )
    return {"pk": w.collaboration.pk, "number": 1}


def _agreement_sent_to_bob(w):
    """Version 1 of the agreement sent to the partner party for approval, once per test."""
    _agreement_version(w)
    _once(
        w,
        "approval_request",
        lambda: ConfirmationRequest.objects.create(
            collaboration=w.collaboration, agreement=w.agreement_version, sent_by=w.users["alice"]
        ).recipients.create(party=w.partner_party),
    )
    return collab_party(w)


TABLE.update(
    {
        "agreement_preview": Entry(collab, get=COLLAB_READ),
        "agreement_download": Entry(
            collab,
            get=POST_ONLY,
            post=row(LOGIN, DONE, DONE, DONE, 404, 404),
            data=lambda w: {},
            state=lambda w: list(
                AgreementVersion.objects.filter(collaboration=w.collaboration).values_list(
                    "number", "pdf_source_hash"
                )
            ),
        ),
        "agreement_version_download": Entry(_agreement_version, get=COLLAB_READ),
        # Sending needs the final draft; on the table's unfinished collaboration staff are sent back
        # to the agreement with a message, and nothing is sent.
        "agreement_send": Entry(
            collab,
            get=POST_ONLY,
            post=row(LOGIN, 302, 302, 403, 404, 404),
            data=lambda w: {"checksum": "0" * 64},
            state=lambda w: ConfirmationRequest.objects.filter(agreement__isnull=False).count(),
        ),
        "agreement_approve": Entry(
            _agreement_sent_to_bob,
            get=PARTNER_READ,
            post=PARTNER_WRITE,
            data=lambda w: {"version": "1", "answer": "agree"},
            state=lambda w: w.approval_request.__class__.objects.get(pk=w.approval_request.pk).answer,
        ),
        "agreement_remind": Entry(
            _agreement_sent_to_bob,
            get=POST_ONLY,
            post=COLLAB_WRITE,
            data=lambda w: {},
            state=lambda w: list(
                Invitation.objects.filter(recipient__party=w.partner_party).values_list("pk")
            ),
        ),
        "agreement_compare": Entry(collab, get=COLLAB_READ),
    }
)

# Issue 18, the agreement as a record. The editable copy registers the version it copies (a POST, for
# everyone who reads the agreement, that sends them on to the copy of that version); the sealed PDF and
# the copy of a version are only read. The archive of the whole collaboration is for the lead's staff.


def _current_version(w):
    """The agreement as it stands registered as its version, once per test."""
    from agreements import services as agreement_services
    from checklist.rules import checklist_status

    version = _once(
        w,
        "current_version",
        lambda: agreement_services.register_version(
            collaboration=w.collaboration,
            draft=agreement_services.current_draft(
                w.collaboration, checklist=checklist_status(w.collaboration)
            ),
            created_by=None,
        ),
    )
    return {"pk": w.collaboration.pk, "number": version.number}


def _sealed_version(w):
    """A seal of stored version 1, once per test."""
    _agreement_sent_to_bob(w)
    _once(
        w,
        "seal",
        lambda: SealedAgreement.objects.create(
            version=w.agreement_version,
            request=w.approval_request.request,
            all_agreed_at=timezone.now(),
            pdf=TABLE_PDF,
            certificate_subject="Testsigill",
            certificate_sha256="0" * 64,
        ),
    )
    return {"pk": w.collaboration.pk, "number": 1}


TABLE.update(
    {
        "agreement_docx": Entry(
            collab,
            get=POST_ONLY,
            post=row(LOGIN, DONE, DONE, DONE, 404, 404),
            data=lambda w: {},
            state=lambda w: list(
                AgreementVersion.objects.filter(collaboration=w.collaboration).values_list(
                    "number", "content_hash"
                )
            ),
        ),
        "agreement_docx_version": Entry(_current_version, get=COLLAB_READ),
        "agreement_sealed_download": Entry(_sealed_version, get=COLLAB_READ),
        "collaboration_export": Entry(collab, get=COLLAB_EDIT),
    }
)

# --- Walking the URLconf ------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    route: str  # the full route, as the resolver spells it
    name: str | None  # namespaced, e.g. "admin:index"
    namespace: str | None
    module: str  # where the view is defined
    arguments: tuple[str, ...]  # URL keyword arguments, across every level
    plain_route: bool  # every level is a path() route, not a regex

    def __str__(self):
        return f"/{self.route} (name={self.name!r}, view in {self.module})"


def _walk(resolver, route="", namespace=None, arguments=(), plain=True):
    for entry in resolver.url_patterns:
        level_route = str(entry.pattern)
        level_arguments = arguments + tuple(entry.pattern.regex.groupindex)
        level_plain = plain and isinstance(entry.pattern, RoutePattern)
        if isinstance(entry, URLResolver):
            inner_namespace = namespace
            if entry.namespace:
                inner_namespace = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, route + level_route, inner_namespace, level_arguments, level_plain)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Pattern(
                route=route + level_route,
                name=name,
                namespace=namespace,
                module=getattr(entry.callback, "__module__", "") or "",
                arguments=level_arguments,
                plain_route=level_plain,
            )


def url_patterns() -> list[Pattern]:
    return list(_walk(get_resolver()))


def is_ours(pattern: Pattern) -> bool:
    """A view defined in one of this project's packages (a top-level folder next to manage.py)."""
    package = pattern.module.split(".")[0]
    return bool(package) and (Path(settings.BASE_DIR) / package / "__init__.py").exists()


@dataclass(frozen=True)
class PrefixRule:
    """Third-party patterns under one prefix, decided together by the test named `exercised_by`."""

    prefix: str
    namespace: str | None
    module: str | None
    exercised_by: str

    def covers(self, pattern: Pattern) -> bool:
        if not pattern.route.startswith(self.prefix):
            return False
        if self.namespace is not None:
            # Every view of an admin site goes through `admin_view`, ours included.
            return pattern.namespace == self.namespace
        return pattern.module.startswith(self.module) and not is_ours(pattern)


ADMIN_RULE = PrefixRule(
    "admin/", namespace="admin", module=None, exercised_by="test_admin_refuses_everyone_but_staff"
)
ACCOUNT_RULE = PrefixRule(
    "konto/", namespace=None, module="allauth.", exercised_by="test_account_pages_answer"
)
PREFIX_RULES = [ADMIN_RULE, ACCOUNT_RULE]


def decision_for(pattern: Pattern):
    if pattern.name in TABLE:
        return TABLE[pattern.name]
    return next((rule for rule in PREFIX_RULES if rule.covers(pattern)), None)


def test_every_url_pattern_has_a_decision():
    undecided = [str(p) for p in url_patterns() if decision_for(p) is None]
    assert not undecided, (
        "URL patterns without an entry in tests/test_authorization_table.py TABLE "
        "(give it a name and add an entry: kwargs, GET per persona, POST per persona if it writes):\n  "
        + "\n  ".join(undecided)
    )


def test_every_table_entry_is_a_url_pattern():
    names = {p.name for p in url_patterns()}
    stale = sorted(set(TABLE) - names)
    assert not stale, f"TABLE entries with no URL pattern (remove them): {stale}"


def test_every_prefix_rule_is_used_and_exercised():
    unused = [rule.prefix for rule in PREFIX_RULES if not any(rule.covers(p) for p in url_patterns())]
    assert not unused, f"prefix rules that cover no URL pattern: {unused}"
    untested = [rule.prefix for rule in PREFIX_RULES if not callable(globals().get(rule.exercised_by))]
    assert not untested, f"prefix rules whose test does not exist: {untested}"


# --- The world every persona visits -------------------------------------------------------------


@pytest.fixture
def world(lead_org, collaboration, partner_party, alice, olivia, bob, dave, charlie, rita, sam):
    return SimpleNamespace(
        lead_org=lead_org,
        collaboration=collaboration,
        partner_party=partner_party,
        alice_membership=Membership.objects.get(user=alice, organisation=lead_org),
        sub_goal=SubGoalFactory(collaboration=collaboration),
        entry=ResidentInvolvementFactory(collaboration=collaboration),
        problem=ProblemDescriptionFactory(collaboration=collaboration, version=1),
        spare_org=OrganisationFactory(name="Ny part AB", kind=OrganisationKind.NONPROFIT),
        newcomer=UserFactory(email="nykomling@example.test"),
        users={
            "anonymous": None,
            "alice": alice,
            "olivia": olivia,
            "bob": bob,
            "dave": dave,
            "charlie": charlie,
            "rita": rita,
            "sam": sam,
        },
        client=None,
    )


def visit(world, persona) -> Client:
    client = Client()
    if world.users[persona] is not None:
        client.force_login(world.users[persona])
    world.client = client
    return client


def assert_answer(response, expected, path):
    location = response.headers.get("Location", "")
    login_url = reverse("account_login")
    if expected == LOGIN:
        assert (response.status_code, location) == (302, f"{login_url}?next={quote(path, safe='/')}")
    elif expected == DONE:
        assert response.status_code == 302, f"expected a redirect after the write, got {response.status_code}"
        assert not location.startswith(login_url), f"redirected to log in: {location}"
    else:
        assert response.status_code == expected, f"expected {expected}, got {response.status_code} {location}"


# --- Our own views ------------------------------------------------------------------------------

GET_CASES = [pytest.param(name, persona, id=f"{name}-{persona}") for name in TABLE for persona in PERSONAS]
POST_CASES = [
    pytest.param(name, persona, id=f"{name}-{persona}")
    for name, entry in TABLE.items()
    if entry.post is not None
    for persona in PERSONAS
]


@pytest.mark.parametrize(("name", "persona"), GET_CASES)
def test_get(world, name, persona):
    entry = TABLE[name]
    path = reverse(name, kwargs=entry.kwargs(world))
    response = visit(world, persona).get(path)
    assert_answer(response, entry.get[persona], path)


@pytest.mark.parametrize(("name", "persona"), POST_CASES)
def test_post(world, name, persona):
    entry = TABLE[name]
    path = reverse(name, kwargs=entry.kwargs(world))
    client = visit(world, persona)
    before = entry.state(world)

    response = client.post(path, entry.data(world))

    expected = entry.post[persona]
    assert_answer(response, expected, path)
    if expected == DONE:
        assert entry.state(world) != before, "the write answered with a redirect but changed nothing"
    else:
        assert entry.state(world) == before, f"a refused POST ({expected}) changed the data"


def test_every_post_row_has_a_payload_and_a_state():
    incomplete = [
        name
        for name, entry in TABLE.items()
        if (entry.post is None) != (entry.data is None)
        or (entry.post is None) != (entry.state is None)
        or (entry.get is POST_ONLY and entry.post is None)
    ]
    assert not incomplete, (
        f"TABLE entries with a POST row but no payload or state, or the reverse: {incomplete}"
    )


# --- Third-party URLconfs -----------------------------------------------------------------------

PLACEHOLDER_ARGUMENTS = {
    "object_id": "1",
    "id": "1",
    "content_type_id": "1",
    "app_label": "collaborations",
    "key": "nyckel",
    "uidb36": "1",
}


def sample_path(pattern: Pattern) -> str | None:
    """A path that resolves to `pattern`, with placeholder arguments; None for an unnamed regex."""
    if pattern.name is not None:
        return reverse(pattern.name, kwargs={arg: PLACEHOLDER_ARGUMENTS[arg] for arg in pattern.arguments})
    if pattern.plain_route:
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: PLACEHOLDER_ARGUMENTS[m[1]], pattern.route)
    return None


def patterns_of(rule) -> list[Pattern]:
    return [p for p in url_patterns() if decision_for(p) is rule]


# The admin's catch-all (an unnamed regex) is reached through a path that matches nothing else.
ADMIN_CATCH_ALL_SAMPLE = "/admin/finns-inte/"


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_refuses_everyone_but_staff(world, persona):
    """None of the personas is staff: every admin page sends them to a login page, none answers 200.

    The admin login goes through allauth (anonymous: redirect to it; signed in without staff: 403),
    and logout sends a signed-in non-staff user to the admin index, which asks for the login in turn.
    """
    paths = {p.route: sample_path(p) for p in patterns_of(ADMIN_RULE)}
    paths[resolve(ADMIN_CATCH_ALL_SAMPLE).route] = ADMIN_CATCH_ALL_SAMPLE
    unvisited = [route for route, path in paths.items() if path is None]
    assert not unvisited, f"admin patterns this test cannot build a path for: {unvisited}"

    client = visit(world, persona)
    login_pages = (reverse("admin:login"), reverse("account_login"))
    wrong = []
    for path in paths.values():
        response = client.get(path)
        location = response.headers.get("Location", "")
        if path == reverse("admin:login"):
            # The admin's login goes through allauth: anonymous visitors are sent to it, signed-in
            # users who are not staff are refused.
            ok = (
                response.status_code == 403
                if world.users[persona] is not None
                else response.status_code == 302 and location.startswith(reverse("account_login"))
            )
        elif path == reverse("admin:logout"):
            ok = response.status_code == 302 and location.startswith((*login_pages, reverse("admin:index")))
        else:
            ok = response.status_code == 302 and location.startswith(login_pages)
        if not ok:
            wrong.append(f"{path}: {response.status_code} {location}")
    assert not wrong, f"admin pages that did not refuse {persona}:\n  " + "\n  ".join(wrong)


def test_admin_is_open_to_platform_operator(db):
    """The control for the test above: the same pages answer 200 to a superuser."""
    operator = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(operator)
    for name in ["admin:index", "admin:collaborations_collaboration_changelist", "admin:accounts_user_add"]:
        assert client.get(reverse(name)).status_code == 200, name


@pytest.mark.parametrize("persona", PERSONAS)
def test_account_pages_answer(world, persona):
    """allauth's pages answer 200 or a redirect, never an error. Anonymous visitors reach the pages
    that exist for them (login, signup, password reset...); the others send them to log in."""
    client = visit(world, persona)
    wrong = []
    for pattern in patterns_of(ACCOUNT_RULE):
        path = sample_path(pattern)
        if path is None:
            wrong.append(f"{pattern}: this test cannot build a path for it")
            continue
        response = client.get(path)
        view = get_resolver().resolve(path).func
        if persona == "anonymous" and getattr(view, "login_required", True):
            expected = f"302 to {reverse('account_login')}"
            ok = response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
        else:
            expected = "200 or 302"
            ok = response.status_code in (200, 302)
        if not ok:
            wrong.append(f"{path}: {response.status_code}, expected {expected}")
    assert not wrong, f"account pages as {persona}:\n  " + "\n  ".join(wrong)


# --- Safe methods change nothing ----------------------------------------------------------------

# What a GET may still write, and why: the invitation landing notes when its link was first opened,
# and logs it (staff see that the e-mail arrived). Sessions (logging in, the chosen organisation, the
# language) are bookkeeping, not data, and are left out of the snapshot. (app, model, field or None
# for the whole model)
SAFE_METHOD_WRITES = {
    "invitation_landing": {
        ("collaborations", "invitation", "opened_at"),
        ("collaborations", "event", None),
    }
}
NOT_DATA = {("sessions", "session")}


def _data_snapshot(allowed=frozenset()) -> dict:
    """For every model: its number of rows and the latest value of each of its timestamps (a changed
    row has a new updated_at, a new last_produced_at, ...)."""
    from django.apps import apps
    from django.db import models
    from django.db.models import Count, Max

    snapshot = {}
    for model in apps.get_models():
        meta = model._meta
        if (meta.app_label, meta.model_name) in NOT_DATA or (
            meta.app_label,
            meta.model_name,
            None,
        ) in allowed:
            continue
        stamps = {
            field.name: Max(field.name)
            for field in meta.concrete_fields
            if isinstance(field, models.DateTimeField)
            and (meta.app_label, meta.model_name, field.name) not in allowed
        }
        snapshot[meta.label] = model._default_manager.aggregate(rows=Count("pk"), **stamps)
    return snapshot


def _reader(entry) -> str:
    """The first persona the table lets read the page."""
    return next(persona for persona in PERSONAS if entry.get[persona] == 200)


SAFE_CASES = [
    pytest.param(name, method, id=f"{name}-{method}")
    for name, entry in TABLE.items()
    if any(answer == 200 for answer in entry.get.values())
    for method in ("get", "head")
]


@pytest.mark.parametrize(("name", "method"), SAFE_CASES)
def test_safe_method_changes_no_row(world, name, method):
    entry = TABLE[name]
    path = reverse(name, kwargs=entry.kwargs(world))
    client = visit(world, _reader(entry))
    allowed = frozenset(SAFE_METHOD_WRITES.get(name, ()))
    before = _data_snapshot(allowed)

    response = getattr(client, method)(path)

    assert response.status_code == 200
    after = _data_snapshot(allowed)
    changed = {label: (before[label], after[label]) for label in before if before[label] != after[label]}
    assert not changed, f"{method.upper()} {path} changed rows: {changed}"
