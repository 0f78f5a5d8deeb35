"""What the completion rules read: the facts of many collaborations, loaded together.

`load_facts` reads what the rules need for many collaborations in a fixed number of queries, so
a list of collaborations with their progress costs the same whatever its length. The rules themselves
are in the step registry (checklist/steps.py); checklist/rules.py applies them to a checklist.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from agreements.approval import agreement_approval_summaries
from checklist.bid_models import bid_gaps, fee_registers
from checklist.est_models import EstArrangement, EstReporter, est_gaps
from checklist.iop_models import PaidService
from checklist.models import (
    Activity,
    AgreementTerms,
    BudgetLine,
    CommunicationPlan,
    GroupMember,
    LegalReview,
    LegalTopic,
    StepMarkedDone,
    StepNotApplicable,
    WorkOrganisation,
)
from collaborations.confirmations.queries import problem_agreement_summaries
from collaborations.models import (
    ACTIVE_PARTY_STATES,
    Collaboration,
    CollaborationModel,
    Goal,
    Mandate,
    ModelChoice,
    Party,
    PartyRole,
    PartyState,
    ProblemDescription,
    ResidentInvolvement,
    SubGoal,
)


class StepState:
    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    NOT_APPLICABLE = "not_applicable"
    WAITING = "waiting"

    LABELS = {
        DONE: _("Done"),
        IN_PROGRESS: _("In progress"),
        NOT_STARTED: _("Not started"),
        NOT_APPLICABLE: _("Not applicable"),
    }


# Legal topics that must be assessed before step 10 is done, by the chosen form of collaboration.
REQUIRED_LEGAL_TOPICS = {
    CollaborationModel.IOP: [LegalTopic.PROCUREMENT, LegalTopic.STATE_AID, LegalTopic.PERSONAL_DATA],
    CollaborationModel.EST: [LegalTopic.PERSONAL_DATA],
    CollaborationModel.BID: [LegalTopic.COMPETITION, LegalTopic.STATE_AID, LegalTopic.PERSONAL_DATA],
    CollaborationModel.OTHER: [LegalTopic.PERSONAL_DATA],
}


def active_parties(collaboration):
    """The parties that take part or may still, with their organisations."""
    return Party.objects.filter(collaboration=collaboration, state__in=ACTIVE_PARTY_STATES).select_related(
        "organisation"
    )


def signing_parties(collaboration):
    """The parties that sign the agreement (step 15): the active ones but observers, by name."""
    return active_parties(collaboration).exclude(role=PartyRole.OBSERVER).order_by("organisation__name", "pk")


def legal_topics(collaboration) -> tuple[list[dict], ModelChoice | None]:
    """Step 10's topics for `collaboration`, each with its label, its review (None before one is saved)
    and whether the chosen form of collaboration requires it; and the model choice (None before one)."""
    choice = ModelChoice.objects.filter(collaboration=collaboration).first()
    required = REQUIRED_LEGAL_TOPICS[choice.model if choice else CollaborationModel.OTHER]
    reviews = {r.topic: r for r in LegalReview.objects.filter(collaboration=collaboration)}
    topics = [
        {"topic": topic, "label": label, "review": reviews.get(topic), "required": topic in required}
        for topic, label in LegalTopic.choices
    ]
    return topics, choice


@dataclass
class Facts:
    """What the rules know about one collaboration."""

    problem: ProblemDescription | None = None
    est_incomplete: bool = False  # the chosen form is EST and its page lacks what the agreement needs
    bid_incomplete: bool = False  # the same for BID's association, fees and register
    iop_paid_services: list = field(default_factory=list)  # an IOP's PaidService rows, which block it
    involvement_count: int = 0
    parties: list = field(default_factory=list)  # active parties, lead included
    mandate_party_ids: set = field(default_factory=set)
    lead_has_mandate: bool = False
    # The recorded decisions without a date yet, of the lead and the partners: ("own", the party's name)
    # or ("joint", who took the joint decision). The agreement shows a gap for each.
    mandates_without_date: list = field(default_factory=list)
    goal: Goal | None = None
    sub_goal_count: int = 0
    # The sub-goals with a baseline, target or target date not known yet: [(indicator, missing facts)]
    incomplete_sub_goals: list = field(default_factory=list)
    followed_up_sub_goals: int = 0
    fully_followed_up_sub_goals: int = 0  # with both a method and a rhythm
    model_choice: ModelChoice | None = None
    commitment_party_ids: set = field(default_factory=set)
    work_organisation: WorkOrganisation | None = None
    group_sizes: dict = field(default_factory=dict)
    legal: dict = field(default_factory=dict)  # topic -> status
    activity_count: int = 0
    activities_without_dates: int = 0  # no start, or no end without being ongoing
    budget_count: int = 0
    communication: CommunicationPlan | None = None
    terms: AgreementTerms | None = None
    not_applicable: dict = field(default_factory=dict)  # step key -> StepNotApplicable
    marked_done: set = field(default_factory=set)
    shared_problem: tuple[int, int, bool] = (0, 0, False)  # agreed, asked, all agree
    agreement_approval: object = None  # agreements.approval.ApprovalStatus

    @property
    def parties_without_signatory(self) -> list:
        """The signing parties (not observers) for whom no one who signs is recorded (step 15)."""
        return [p for p in self.parties if p.role != PartyRole.OBSERVER and not related(p, "signatory")]

    @property
    def partners(self):
        return [p for p in self.parties if p.role != PartyRole.LEAD]

    def required_legal_topics(self):
        model = self.model_choice.model if self.model_choice else CollaborationModel.OTHER
        return REQUIRED_LEGAL_TOPICS[model]


def related(instance, name):
    """A reverse one-to-one loaded with select_related, or None when there is none."""
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


def _by_collaboration(rows, attribute="collaboration_id"):
    grouped = defaultdict(list)
    for row in rows:
        grouped[getattr(row, attribute)].append(row)
    return grouped


def _count(model, *where, **conditions):
    """The number of `model` rows of the outer collaboration, as a subquery (0 when none)."""
    rows = (
        model.objects.filter(*where, collaboration=OuterRef("pk"), **conditions)
        .order_by()
        .values("collaboration")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows[:1]), 0)


def _load_bid(facts) -> None:
    """Whether each BID collaboration's own page holds what its agreement needs. Three queries."""
    bid_ids = [
        pk for pk, f in facts.items() if f.model_choice and f.model_choice.model == CollaborationModel.BID
    ]
    if bid_ids:
        for pk, register in fee_registers(bid_ids).items():
            facts[pk].bid_incomplete = bool(bid_gaps(register))


def _load_est(facts) -> None:
    """Whether each EST collaboration's own page holds what its agreement needs. Two queries."""
    est_ids = [
        pk for pk, f in facts.items() if f.model_choice and f.model_choice.model == CollaborationModel.EST
    ]
    if not est_ids:
        return
    arrangements = {
        a.collaboration_id: a for a in EstArrangement.objects.filter(collaboration_id__in=est_ids)
    }
    reporters = defaultdict(list)
    for reporter in (
        EstReporter.objects.filter(collaboration_id__in=est_ids)
        .exclude(party__state=PartyState.DECLINED)
        .select_related("party__organisation")
    ):
        reporters[reporter.collaboration_id].append(reporter)
    for pk in est_ids:
        arrangement = arrangements.get(pk) or EstArrangement(collaboration_id=pk)
        facts[pk].est_incomplete = bool(est_gaps(arrangement, reporters[pk]))


def _load_iop(facts) -> None:
    """The payments for services of each IOP collaboration. One query, none without an IOP."""
    iop_ids = [
        pk for pk, f in facts.items() if f.model_choice and f.model_choice.model == CollaborationModel.IOP
    ]
    if iop_ids:
        for service in PaidService.objects.of_collaborations(iop_ids).select_related("party"):
            facts[service.party.collaboration_id].iop_paid_services.append(service)


def load_facts(collaboration_ids) -> dict[int, Facts]:
    ids = list(collaboration_ids)
    facts = {pk: Facts() for pk in ids}
    if not ids:
        return facts

    # One query for the rows a collaboration has at most one of, and for every count.
    collaborations = (
        Collaboration.objects.filter(pk__in=ids)
        .select_related("goal", "model_choice", "work_organisation", "communication_plan", "terms")
        .annotate(
            n_involvements=_count(ResidentInvolvement),
            n_sub_goals=_count(SubGoal),
            n_followed_up=_count(SubGoal, follow_up__isnull=False),
            n_fully_followed_up=_count(
                SubGoal, ~Q(follow_up__method=""), ~Q(follow_up__rhythm=""), follow_up__isnull=False
            ),
            n_activities=_count(Activity),
            n_activities_without_dates=_count(
                Activity, Q(starts_on__isnull=True) | Q(ends_on__isnull=True, ongoing=False)
            ),
            n_budget_lines=_count(BudgetLine),
        )
    )
    for collaboration in collaborations:
        f = facts[collaboration.pk]
        f.goal = related(collaboration, "goal")
        f.model_choice = related(collaboration, "model_choice")
        f.work_organisation = related(collaboration, "work_organisation")
        f.communication = related(collaboration, "communication_plan")
        f.terms = related(collaboration, "terms")
        f.involvement_count = collaboration.n_involvements
        f.sub_goal_count = collaboration.n_sub_goals
        f.followed_up_sub_goals = collaboration.n_followed_up
        f.fully_followed_up_sub_goals = collaboration.n_fully_followed_up
        f.activity_count = collaboration.n_activities
        f.activities_without_dates = collaboration.n_activities_without_dates
        f.budget_count = collaboration.n_budget_lines
    _load_est(facts)
    _load_bid(facts)
    _load_iop(facts)

    latest = {}
    for problem in ProblemDescription.objects.filter(collaboration_id__in=ids).order_by(
        "collaboration_id", "version"
    ):
        latest[problem.collaboration_id] = problem
    for pk, problem in latest.items():
        facts[pk].problem = problem

    parties = Party.objects.filter(collaboration_id__in=ids, state__in=ACTIVE_PARTY_STATES).select_related(
        "organisation", "commitment", "signatory"
    )
    for pk, rows in _by_collaboration(parties).items():
        facts[pk].parties = rows
        facts[pk].commitment_party_ids = {p.pk for p in rows if related(p, "commitment")}

    joint_without_date = set()
    for mandate in (
        Mandate.objects.filter(party__collaboration_id__in=ids)
        .select_related("party__organisation", "joint_decision")
        .order_by("party__organisation__name", "pk")
    ):
        f = facts[mandate.party.collaboration_id]
        f.mandate_party_ids.add(mandate.party_id)
        if mandate.party.role == PartyRole.LEAD and mandate.decision_maker:
            f.lead_has_mandate = True
        if mandate.party.role == PartyRole.OBSERVER or mandate.party.state not in ACTIVE_PARTY_STATES:
            continue
        if mandate.decided is None:
            if mandate.joint_decision_id is None:
                f.mandates_without_date.append(("own", mandate.party.organisation.name))
            elif mandate.joint_decision_id not in joint_without_date:
                joint_without_date.add(mandate.joint_decision_id)
                f.mandates_without_date.append(("joint", mandate.joint_decision.decided_by))

    for sub_goal in SubGoal.objects.filter(collaboration_id__in=ids).filter(
        Q(baseline="") | Q(target="") | Q(target_date__isnull=True)
    ):
        missing = [
            name
            for name, value in [
                ("baseline", sub_goal.baseline),
                ("target", sub_goal.target),
                ("target_date", sub_goal.target_date),
            ]
            if not value
        ]
        facts[sub_goal.collaboration_id].incomplete_sub_goals.append((sub_goal.indicator, missing))

    for row in (
        GroupMember.objects.filter(collaboration_id__in=ids)
        .values("collaboration_id", "group")
        .annotate(n=Count("pk"), party_count=Count("party", distinct=True))
    ):
        facts[row["collaboration_id"]].group_sizes[row["group"]] = (row["n"], row["party_count"])

    for review in LegalReview.objects.filter(collaboration_id__in=ids):
        facts[review.collaboration_id].legal[review.topic] = review.status

    for marking in StepNotApplicable.objects.filter(collaboration_id__in=ids):
        facts[marking.collaboration_id].not_applicable[marking.step_key] = marking
    for marking in StepMarkedDone.objects.filter(collaboration_id__in=ids):
        facts[marking.collaboration_id].marked_done.add(marking.step_key)

    # (agreed, asked, all agree) on each collaboration's latest problem description.
    for pk, summary in problem_agreement_summaries(ids).items():
        facts[pk].shared_problem = summary
    # Which version of each collaboration's agreement was sent for approval, and who approved it.
    for pk, status in agreement_approval_summaries(ids).items():
        facts[pk].agreement_approval = status
    return facts
