"""Completion rules: each step's state is computed from the collaboration's data.

`load_facts` reads what the rules need for many collaborations in a fixed number of queries, so
a list of collaborations with their progress costs the same whatever its length.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements.approval import agreement_approval_summaries
from checklist.models import (
    Activity,
    AgreementTerms,
    BudgetLine,
    ChecklistTemplate,
    CollaborationChecklist,
    CommunicationPlan,
    CompletionRule,
    GroupKind,
    GroupMember,
    LegalReview,
    LegalTopic,
    ReviewStatus,
    Step,
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


@dataclass
class Facts:
    """What the rules know about one collaboration."""

    problem: ProblemDescription | None = None
    involvement_count: int = 0
    parties: list = field(default_factory=list)  # active parties, lead included
    mandate_party_ids: set = field(default_factory=set)
    lead_has_mandate: bool = False
    goal: Goal | None = None
    sub_goal_count: int = 0
    followed_up_sub_goals: int = 0
    model_choice: ModelChoice | None = None
    commitment_party_ids: set = field(default_factory=set)
    work_organisation: WorkOrganisation | None = None
    group_sizes: dict = field(default_factory=dict)
    legal: dict = field(default_factory=dict)  # topic -> status
    activity_count: int = 0
    budget_count: int = 0
    communication: CommunicationPlan | None = None
    terms: AgreementTerms | None = None
    not_applicable: dict = field(default_factory=dict)  # step key -> StepNotApplicable
    marked_done: set = field(default_factory=set)
    shared_problem: tuple[int, int, bool] = (0, 0, False)  # agreed, asked, all agree
    agreement_approval: object = None  # agreements.approval.ApprovalStatus

    @property
    def partners(self):
        return [p for p in self.parties if p.role != PartyRole.LEAD]

    def required_legal_topics(self):
        model = self.model_choice.model if self.model_choice else CollaborationModel.OTHER
        return REQUIRED_LEGAL_TOPICS[model]


def _related(instance, name):
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


def _count(model, **conditions):
    """The number of `model` rows of the outer collaboration, as a subquery (0 when none)."""
    rows = (
        model.objects.filter(collaboration=OuterRef("pk"), **conditions)
        .order_by()
        .values("collaboration")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows[:1]), 0)


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
            n_activities=_count(Activity),
            n_budget_lines=_count(BudgetLine),
        )
    )
    for collaboration in collaborations:
        f = facts[collaboration.pk]
        f.goal = _related(collaboration, "goal")
        f.model_choice = _related(collaboration, "model_choice")
        f.work_organisation = _related(collaboration, "work_organisation")
        f.communication = _related(collaboration, "communication_plan")
        f.terms = _related(collaboration, "terms")
        f.involvement_count = collaboration.n_involvements
        f.sub_goal_count = collaboration.n_sub_goals
        f.followed_up_sub_goals = collaboration.n_followed_up
        f.activity_count = collaboration.n_activities
        f.budget_count = collaboration.n_budget_lines

    latest = {}
    for problem in ProblemDescription.objects.filter(collaboration_id__in=ids).order_by(
        "collaboration_id", "version"
    ):
        latest[problem.collaboration_id] = problem
    for pk, problem in latest.items():
        facts[pk].problem = problem

    parties = Party.objects.filter(collaboration_id__in=ids, state__in=ACTIVE_PARTY_STATES).select_related(
        "organisation", "commitment"
    )
    for pk, rows in _by_collaboration(parties).items():
        facts[pk].parties = rows
        facts[pk].commitment_party_ids = {p.pk for p in rows if _related(p, "commitment")}

    for mandate in Mandate.objects.filter(party__collaboration_id__in=ids).select_related("party"):
        f = facts[mandate.party.collaboration_id]
        f.mandate_party_ids.add(mandate.party_id)
        if mandate.party.role == PartyRole.LEAD and mandate.decided_by and mandate.decided_on:
            f.lead_has_mandate = True

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

    for pk, summary in _shared_problem_summaries(ids, facts).items():
        facts[pk].shared_problem = summary
    for pk, status in _agreement_approvals(ids).items():
        facts[pk].agreement_approval = status
    return facts


def _shared_problem_summaries(ids, facts) -> dict[int, tuple[int, int, bool]]:
    """(agreed, asked, all agree) on each collaboration's latest problem description."""
    return problem_agreement_summaries(ids)


def _agreement_approvals(ids):
    """Which version of each collaboration's agreement was sent for approval, and who approved it."""
    return agreement_approval_summaries(ids)


# --- The rules: each returns DONE, IN_PROGRESS or NOT_STARTED -----------------------------------


def _problem(f: Facts):
    if f.problem is None:
        return StepState.NOT_STARTED
    return StepState.DONE if f.problem.text.strip() and f.problem.focus_areas else StepState.IN_PROGRESS


def _residents(f: Facts):
    return StepState.DONE if f.involvement_count else StepState.NOT_STARTED


def _parties(f: Facts):
    n = len(f.partners)
    return StepState.DONE if n >= 2 else StepState.IN_PROGRESS if n else StepState.NOT_STARTED


def _mandate(f: Facts):
    if f.lead_has_mandate:
        return StepState.DONE
    return StepState.IN_PROGRESS if f.mandate_party_ids else StepState.NOT_STARTED


def _shared_problem(f: Facts):
    agreed, asked, all_agree = f.shared_problem
    if all_agree:
        return StepState.DONE
    return StepState.IN_PROGRESS if asked or (f.problem and f.problem.is_sent) else StepState.NOT_STARTED


def _goal(f: Facts):
    if f.goal and f.sub_goal_count:
        return StepState.DONE
    return StepState.IN_PROGRESS if f.goal or f.sub_goal_count else StepState.NOT_STARTED


def _model(f: Facts):
    if f.model_choice is None:
        return StepState.NOT_STARTED
    return StepState.DONE if f.model_choice.rationale.strip() else StepState.IN_PROGRESS


def _has_contribution(party) -> bool:
    return bool(party.staff_hours or party.money_sek or party.premises or party.other_contribution)


def _contributions(f: Facts):
    contributing = [p for p in f.parties if p.role != PartyRole.OBSERVER]
    complete = [p for p in contributing if _has_contribution(p) and p.pk in f.commitment_party_ids]
    if contributing and len(complete) == len(contributing):
        return StepState.DONE
    started = any(_has_contribution(p) or p.pk in f.commitment_party_ids for p in contributing)
    return StepState.IN_PROGRESS if started else StepState.NOT_STARTED


def _organisation(f: Facts):
    steering_members, steering_parties = f.group_sizes.get(GroupKind.STEERING, (0, 0))
    if f.work_organisation and steering_parties >= 2:
        return StepState.DONE
    return StepState.IN_PROGRESS if f.work_organisation or f.group_sizes else StepState.NOT_STARTED


def _legal(f: Facts):
    required = f.required_legal_topics()
    if f.model_choice and all(f.legal.get(topic) == ReviewStatus.ASSESSED for topic in required):
        return StepState.DONE
    started = any(status != ReviewStatus.NOT_STARTED for status in f.legal.values())
    return StepState.IN_PROGRESS if started else StepState.NOT_STARTED


def _activities(f: Facts):
    return StepState.DONE if f.activity_count else StepState.NOT_STARTED


def _budget(f: Facts):
    return StepState.DONE if f.budget_count else StepState.NOT_STARTED


def _follow_up(f: Facts):
    if f.sub_goal_count and f.followed_up_sub_goals == f.sub_goal_count:
        return StepState.DONE
    return StepState.IN_PROGRESS if f.followed_up_sub_goals else StepState.NOT_STARTED


def _communication(f: Facts):
    return StepState.DONE if f.communication else StepState.NOT_STARTED


def _terms(f: Facts):
    return StepState.DONE if f.terms else StepState.NOT_STARTED


def _agreement(f: Facts):
    """Done when every joined partner has approved the latest version of the agreement draft."""
    approval = f.agreement_approval
    if approval is None or approval.version is None:
        return StepState.NOT_STARTED
    joined = {p.pk for p in f.partners if p.role == PartyRole.PARTNER and p.state == PartyState.JOINED}
    if approval.is_latest and joined and joined <= approval.approved_party_ids:
        return StepState.DONE
    return StepState.IN_PROGRESS


RULES = {
    CompletionRule.PROBLEM: _problem,
    CompletionRule.RESIDENTS: _residents,
    CompletionRule.PARTIES: _parties,
    CompletionRule.MANDATE: _mandate,
    CompletionRule.SHARED_PROBLEM: _shared_problem,
    CompletionRule.GOAL: _goal,
    CompletionRule.MODEL: _model,
    CompletionRule.CONTRIBUTIONS: _contributions,
    CompletionRule.ORGANISATION: _organisation,
    CompletionRule.LEGAL: _legal,
    CompletionRule.ACTIVITIES: _activities,
    CompletionRule.BUDGET: _budget,
    CompletionRule.FOLLOW_UP: _follow_up,
    CompletionRule.COMMUNICATION: _communication,
    CompletionRule.TERMS: _terms,
    CompletionRule.AGREEMENT: _agreement,
}


def join_numbers(numbers) -> str:
    """1 / 1 and 3 / 1, 3 and 4 — in the active language."""
    numbers = [str(n) for n in numbers]
    if len(numbers) == 1:
        return numbers[0]
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(numbers[:-1]), "last": numbers[-1]}


# --- Evaluating a whole checklist ---------------------------------------------------------------


@dataclass
class StepStatus:
    step: Step
    state: str
    waiting_for: list = field(default_factory=list)  # steps not yet done that this one needs
    not_applicable_reason: str = ""
    is_next: bool = False

    @property
    def is_complete(self) -> bool:
        return self.state in (StepState.DONE, StepState.NOT_APPLICABLE)

    @property
    def label(self):
        if self.waiting_for and not self.is_complete:
            return gettext("Waiting for step %(steps)s") % {
                "steps": join_numbers(s.number for s in self.waiting_for)
            }
        return StepState.LABELS[self.state]


@dataclass
class ChecklistStatus:
    template: ChecklistTemplate
    steps: list
    facts: Facts | None = None  # what the rules read, for pages that show it too

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.steps if s.is_complete)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.total) if self.total else 0

    @property
    def next_step(self):
        return next((s for s in self.steps if s.is_next), None)

    def for_number(self, number):
        return next((s for s in self.steps if s.step.number == number), None)


def evaluate(steps, facts: Facts) -> list[StepStatus]:
    statuses = []
    by_key = {}
    for step in steps:
        if step.key in facts.not_applicable:
            state = StepState.NOT_APPLICABLE
        elif step.rule == CompletionRule.MANUAL:
            state = StepState.DONE if step.key in facts.marked_done else StepState.NOT_STARTED
        else:
            state = RULES[step.rule](facts)
        status = StepStatus(
            step=step,
            state=state,
            not_applicable_reason=facts.not_applicable[step.key].reason
            if state == StepState.NOT_APPLICABLE
            else "",
        )
        statuses.append(status)
        by_key[step.key] = status
    for status in statuses:
        status.waiting_for = [
            by_key[key].step
            for key in status.step.prerequisites
            if key in by_key and not by_key[key].is_complete
        ]
    next_step = next((s for s in statuses if not s.is_complete and not s.waiting_for), None)
    if next_step is not None:
        next_step.is_next = True
    return statuses


def checklist_statuses(collaborations) -> dict[int, ChecklistStatus]:
    """The checklist status of each collaboration, in a number of queries that does not grow with them."""
    collaborations = list(collaborations)
    ids = [c.pk for c in collaborations]
    templates = dict(
        CollaborationChecklist.objects.filter(collaboration_id__in=ids).values_list(
            "collaboration_id", "template_id"
        )
    )
    current = ChecklistTemplate.objects.current()
    template_ids = set(templates.values()) | ({current.pk} if current else set())
    steps_by_template = defaultdict(list)
    for step in (
        Step.objects.filter(template_id__in=template_ids).select_related("template").order_by("number")
    ):
        steps_by_template[step.template_id].append(step)
    facts = load_facts(ids)
    result = {}
    for pk in ids:
        template_id = templates.get(pk, current.pk if current else None)
        steps = steps_by_template.get(template_id, [])
        template = steps[0].template if steps else current
        result[pk] = ChecklistStatus(template=template, steps=evaluate(steps, facts[pk]), facts=facts[pk])
    return result


def checklist_status(collaboration) -> ChecklistStatus:
    return checklist_statuses([collaboration])[collaboration.pk]


def status_for_request(request, collaboration) -> ChecklistStatus:
    """The checklist status, computed once per request: the page and its navigation share it."""
    cache = request.__dict__.setdefault("_checklist_statuses", {})
    if collaboration.pk not in cache:
        cache[collaboration.pk] = checklist_status(collaboration)
    return cache[collaboration.pk]
