"""The step registry: what the code knows about each checklist step, one entry per step key.

A checklist template (checklist/models.py, edited and versioned by the operator in the admin) says
which steps a collaboration walks, in which order, with which titles, guidance and prerequisites.
This registry says what a step with a given key does in the application: the rule that computes its
state from the collaboration's data, where it is worked (a page of its own, or the step page with its
partial template and that template's context), which pages belong to it (the navigation marks it as
the current step there), and which sections of the agreement it feeds (a section whose step is marked
as not applicable says so instead of showing gaps).

A template's step names its completion rule in `Step.rule`: the key of the registered step whose rule
computes it, or `MANUAL_RULE` (done when staff mark it). A template's step whose key is not registered
is an operator's own step: it is worked on the step page with a general text and marked as done by hand.

Adding a step is one entry in `STEPS` and its template (checklist/templates/checklist/steps/).

What is left: a step may also name `missing`, a function of the facts returning what the step still
lacks before it is done, as a list of short phrases ("the decision date of Polisen's mandate"). The
step's header shows them as "Kvar: …" while the step is not done (nor marked as not applicable).
The state is kept in the cache (checklist/rules.py) and read in either language, so the phrases must
be lazy translations (`gettext_lazy`, or `format_lazy` around them for a name), never strings
translated when the state is computed. A step without `missing` shows no list.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from agreements.clauses import MODEL_CLAUSES
from checklist.facts import Facts, StepState, active_parties, legal_topics, related, signing_parties
from checklist.forms import GroupMemberForm
from checklist.iop_models import PAID_SERVICE_PROBLEM, PaidService, paid_service_names
from checklist.models import (
    MANUAL_RULE,
    Activity,
    AgreementTerms,
    BudgetLine,
    CommunicationPlan,
    GroupKind,
    GroupMember,
    LegalTopic,
    ReviewStatus,
    WorkOrganisation,
)
from collaborations.models import CollaborationModel, PartyRole, PartyState, SubGoal

# A BID's own page and its rows (checklist/bid_views.py), worked under the model step.
BID_PAGES = (
    "bid_detail",
    "bid_category_create",
    "bid_category_edit",
    "bid_category_delete",
    "bid_member_create",
    "bid_member_edit",
    "bid_member_delete",
)

# EST's page and its reporters (checklist/est_views.py), worked under the model step.
EST_PAGES = ("est_edit", "est_reporter_create", "est_reporter_edit", "est_reporter_delete")


@dataclass(frozen=True)
class StepEntry:
    key: str  # Step.key in a checklist template
    rule: Callable[[Facts], str]  # DONE, IN_PROGRESS or NOT_STARTED, from the facts
    rule_label: str  # the rule in words, for the operator choosing a template step's rule
    page: str = ""  # the URL name of the step's own page (it takes the collaboration's pk)...
    template: str = ""  # ...or the partial shown on the step page
    context: Callable | None = None  # (collaboration, its checklist's Facts) -> the partial's context
    url_names: tuple = ()  # the pages that belong to the step, its own page included
    sections: tuple = ()  # the agreement sections whose data the step fills
    before_final_draft: bool = True  # the agreement's final draft waits until the step is done
    missing: Callable[[Facts], list] | None = None  # what is left, as lazy phrases (see the docstring)


def _interpolated(message, names) -> str:
    return str(message) % names


# A phrase with names in it, translated when shown (a module-level function: the cached state pickles it).
_phrase = lazy(_interpolated, str)


# --- The rules: each returns DONE, IN_PROGRESS or NOT_STARTED -----------------------------------


def _problem(f: Facts):
    if f.problem is None:
        return StepState.NOT_STARTED
    return StepState.DONE if f.problem.text.strip() and f.problem.focus_areas else StepState.IN_PROGRESS


def _problem_missing(f: Facts):
    missing = []
    if f.problem is None or not f.problem.text.strip():
        missing.append(_("the problem description"))
    if f.problem is None or not f.problem.focus_areas:
        missing.append(_("at least one focus area"))
    return missing


def _residents(f: Facts):
    return StepState.DONE if f.involvement_count else StepState.NOT_STARTED


def _residents_missing(f: Facts):
    return [] if f.involvement_count else [_("at least one way in which residents were involved")]


def _parties_without_org_number(f: Facts):
    """Signing parties whose organisation number is not known yet (the agreement has a gap for each)."""
    return [
        p.organisation.name
        for p in f.parties
        if p.role != PartyRole.OBSERVER
        and not p.organisation.org_number
        and not p.organisation.has_no_org_number
    ]


def _parties(f: Facts):
    n = len(f.partners)
    if n >= 2 and not _parties_without_org_number(f):
        return StepState.DONE
    return StepState.IN_PROGRESS if n else StepState.NOT_STARTED


def _parties_missing(f: Facts):
    missing = []
    if len(f.partners) < 2:
        missing.append(_("at least two parties besides the lead organisation"))
    missing += [
        _phrase(_("the organisation number of %(party)s (or that it has none)"), {"party": name})
        for name in _parties_without_org_number(f)
    ]
    return missing


def _mandate(f: Facts):
    if f.lead_has_mandate and not f.mandates_without_date:
        return StepState.DONE
    return StepState.IN_PROGRESS if f.mandate_party_ids else StepState.NOT_STARTED


def _mandate_missing(f: Facts):
    missing = [] if f.lead_has_mandate else [_("the lead organisation's mandate")]
    messages = {
        "own": _("the date of the decision on the mandate of %(name)s (a year or a month will do)"),
        "joint": _("the date of the joint decision by %(name)s (a year or a month will do)"),
    }
    return missing + [_phrase(messages[kind], {"name": name}) for kind, name in f.mandates_without_date]


def _shared_problem(f: Facts):
    agreed, asked, all_agree = f.shared_problem
    if all_agree:
        return StepState.DONE
    return StepState.IN_PROGRESS if asked or (f.problem and f.problem.is_sent) else StepState.NOT_STARTED


def _goal(f: Facts):
    if f.goal and f.sub_goal_count and not f.incomplete_sub_goals:
        return StepState.DONE
    return StepState.IN_PROGRESS if f.goal or f.sub_goal_count else StepState.NOT_STARTED


SUB_GOAL_FACTS = {
    "baseline": _("the baseline of “%(indicator)s”"),
    "target": _("the target of “%(indicator)s”"),
    "target_date": _("when “%(indicator)s” is to be reached"),
}


def _goal_missing(f: Facts):
    missing = [] if f.goal else [_("the overall goal")]
    if not f.sub_goal_count:
        missing.append(_("at least one measurable sub-goal"))
    for indicator, facts in f.incomplete_sub_goals:
        missing += [_phrase(SUB_GOAL_FACTS[fact], {"indicator": indicator}) for fact in facts]
    return missing


def _model_details_missing(choice) -> list:
    """The details the agreement needs of the chosen form of collaboration, not written yet (labels)."""
    details = choice.details or {}
    return [
        label for key, label in MODEL_CLAUSES[choice.model].details if not str(details.get(key) or "").strip()
    ]


def _model(f: Facts):
    """Done when everything the agreement takes from this step is there: the form, its rationale, each
    of its details, and for EST and BID what their own pages hold (the agreement shows a gap for each
    one missing)."""
    if f.model_choice is None:
        return StepState.NOT_STARTED
    if (
        f.model_choice.rationale.strip()
        and not _model_details_missing(f.model_choice)
        and not f.est_incomplete
        and not f.bid_incomplete
    ):
        return StepState.DONE
    return StepState.IN_PROGRESS


def _model_missing(f: Facts):
    choice = f.model_choice
    if choice is None:
        return [_("the choice of a form of collaboration")]
    missing = [] if choice.rationale.strip() else [_("the rationale for the choice")]
    missing += [
        _phrase(_("the detail “%(detail)s”"), {"detail": label}) for label in _model_details_missing(choice)
    ]
    if f.est_incomplete:
        missing.append(_("the EST page: who reports, the weekly rhythm and how the work is documented"))
    if f.bid_incomplete:
        missing.append(_("the BID page: the association, its fees and the register of properties"))
    return missing


def _has_contribution(party) -> bool:
    return bool(party.staff_hours or party.money_sek or party.premises or party.other_contribution)


def _contributions(f: Facts):
    contributing = [p for p in f.parties if p.role != PartyRole.OBSERVER]
    complete = [p for p in contributing if _has_contribution(p) and p.pk in f.commitment_party_ids]
    if contributing and len(complete) == len(contributing) and not f.iop_paid_services:
        return StepState.DONE
    started = any(_has_contribution(p) or p.pk in f.commitment_party_ids for p in contributing)
    return StepState.IN_PROGRESS if started else StepState.NOT_STARTED


def _organisation(f: Facts):
    if not _organisation_missing(f):
        return StepState.DONE
    return StepState.IN_PROGRESS if f.work_organisation or f.group_sizes else StepState.NOT_STARTED


def _legal(f: Facts):
    required = f.required_legal_topics()
    if f.model_choice and all(f.legal.get(topic) == ReviewStatus.ASSESSED for topic in required):
        return StepState.DONE
    started = any(status != ReviewStatus.NOT_STARTED for status in f.legal.values())
    return StepState.IN_PROGRESS if started else StepState.NOT_STARTED


def _activities(f: Facts):
    if not f.activity_count:
        return StepState.NOT_STARTED
    return StepState.IN_PROGRESS if f.activities_without_dates else StepState.DONE


def _budget(f: Facts):
    return StepState.DONE if f.budget_count else StepState.NOT_STARTED


def _follow_up(f: Facts):
    if f.sub_goal_count and f.fully_followed_up_sub_goals == f.sub_goal_count:
        return StepState.DONE
    return StepState.IN_PROGRESS if f.followed_up_sub_goals else StepState.NOT_STARTED


def _communication(f: Facts):
    if f.communication is None:
        return StepState.NOT_STARTED
    return StepState.IN_PROGRESS if f.communication.missing() else StepState.DONE


def _terms(f: Facts):
    if f.terms is None:
        return StepState.NOT_STARTED
    return StepState.IN_PROGRESS if _terms_missing(f) else StepState.DONE


def _agreement(f: Facts):
    """Done when every joined partner has approved the latest version of the agreement draft."""
    approval = f.agreement_approval
    if approval is None or approval.version is None:
        return StepState.NOT_STARTED
    joined = {p.pk for p in f.partners if p.role == PartyRole.PARTNER and p.state == PartyState.JOINED}
    if approval.is_latest and joined and joined <= approval.approved_party_ids:
        return StepState.DONE
    return StepState.IN_PROGRESS


# --- What is left: lazy phrases, shown as "Kvar: …" while a step is not done ------------------------


def _roles_missing(f: Facts):
    missing = [
        format_lazy(_("the role and contribution of {party}"), party=p.organisation.name)
        for p in f.parties
        if p.role != PartyRole.OBSERVER and not (_has_contribution(p) and p.pk in f.commitment_party_ids)
    ]
    return missing + [_phrase(PAID_SERVICE_PROBLEM, n) for n in paid_service_names(f.iop_paid_services)]


def _organisation_missing(f: Facts):
    _members, steering_parties = f.group_sizes.get(GroupKind.STEERING, (0, 0))
    if f.work_organisation is None:
        left = [_("the coordinator"), _("how often the steering group meets")]
    else:
        left = [what for what, _reason in f.work_organisation.missing()]
    if steering_parties < 2:
        left.append(_("representatives of at least two parties in the steering group"))
    return left


def _legal_missing(f: Facts):
    if f.model_choice is None:
        return [_("the form of collaboration (step 7), which decides the topics to assess")]
    return [
        format_lazy(_("an assessment of {topic}"), topic=LegalTopic(topic).label)
        for topic in f.required_legal_topics()
        if f.legal.get(topic) != ReviewStatus.ASSESSED
    ]


def _activities_missing(f: Facts):
    if not f.activity_count:
        return [_("an activity")]
    if f.activities_without_dates:
        count = f.activities_without_dates
        phrase = ngettext_lazy(
            "the start, or the end, of {count} activity (mark ongoing work as ongoing)",
            "the start, or the end, of {count} activities (mark ongoing work as ongoing)",
            count,
        )
        return [format_lazy(phrase, count=count)]
    return []


def _budget_missing(f: Facts):
    return [] if f.budget_count else [_("a budget line")]


def _follow_up_missing(f: Facts):
    if not f.sub_goal_count:
        return [_("sub-goals to follow up (step 6)")]
    left = f.sub_goal_count - f.fully_followed_up_sub_goals
    if not left:
        return []
    phrase = ngettext_lazy(
        "how {count} sub-goal is measured and reported",
        "how {count} sub-goals are measured and reported",
        left,
    )
    return [format_lazy(phrase, count=left)]


def _communication_missing(f: Facts):
    if f.communication is None:
        return [_("how residents are informed and involved")]
    return f.communication.missing()


def _terms_missing(f: Facts):
    missing = AgreementTerms().missing() if f.terms is None else f.terms.missing()
    return missing + [
        format_lazy(_("who signs for {party}, and with what authority"), party=p.organisation.name)
        for p in f.parties_without_signatory
    ]


# --- What the step page shows, for the steps worked there ----------------------------------------


def _roles_context(collaboration, facts):
    # Each party's commitment in the parties' query; the form of collaboration from the kept facts.
    parties = list(active_parties(collaboration).select_related("commitment"))
    paid = {}
    for service in PaidService.objects.filter(party__in=parties).order_by("pk"):
        paid.setdefault(service.party_id, []).append(service)
    for party in parties:
        party.commitment_row = related(party, "commitment")
        party.paid_service_rows = paid.get(party.pk, [])
    choice = facts.model_choice
    return {
        "parties": parties,
        "is_iop": choice is not None and choice.model == CollaborationModel.IOP,
        "has_paid_services": bool(paid),
    }


def _organisation_context(collaboration, _facts):
    members = GroupMember.objects.filter(collaboration=collaboration).select_related("party__organisation")
    return {
        "work_organisation": WorkOrganisation.objects.filter(collaboration=collaboration)
        .select_related("coordinator_party__organisation")
        .first(),
        "members": list(members),
        "member_form": GroupMemberForm(parties=active_parties(collaboration)),
    }


def _legal_context(collaboration, _facts):
    topics, choice = legal_topics(collaboration)
    return {"topics": topics, "model_choice": choice}


def _activities_context(collaboration, _facts):
    return {
        "activities": Activity.objects.filter(collaboration=collaboration).select_related(
            "responsible_party__organisation"
        )
    }


def _budget_context(collaboration, _facts):
    lines = list(BudgetLine.objects.filter(collaboration=collaboration).select_related("party__organisation"))
    once = [line.amount_sek for line in lines if not line.per_year]
    yearly = [line.amount_sek for line in lines if line.per_year]
    return {
        "lines": lines,
        "budget_total": sum(once) if once else None,
        "budget_total_per_year": sum(yearly) if yearly else None,
    }


def _follow_up_context(collaboration, _facts):
    sub_goals = SubGoal.objects.filter(collaboration=collaboration).select_related(
        "follow_up__responsible_party__organisation"
    )
    return {"sub_goals": sub_goals}


def _communication_context(collaboration, _facts):
    return {"plan": CommunicationPlan.objects.filter(collaboration=collaboration).first()}


def _terms_context(collaboration, _facts):
    signing = signing_parties(collaboration).select_related("signatory")
    return {"terms": AgreementTerms.objects.filter(collaboration=collaboration).first(), "signing": signing}


# --- The registry ---------------------------------------------------------------------------------

STEPS = {
    entry.key: entry
    for entry in [
        # Steps 1–7 and 16 have pages of their own (in collaborations/ and agreements/).
        StepEntry(
            key="problem",
            rule=_problem,
            missing=_problem_missing,
            rule_label=_("Problem description written with focus areas"),
            page="problem_detail",
            url_names=(
                "problem_detail",
                "problem_edit",
                "problem_version",
                "problem_compare",
            ),
        ),
        StepEntry(
            key="residents",
            rule=_residents,
            missing=_residents_missing,
            rule_label=_("Residents' involvement recorded"),
            page="involvement_list",
            url_names=("involvement_list", "involvement_edit"),
            sections=("residents",),
        ),
        StepEntry(
            key="parties",
            rule=_parties,
            missing=_parties_missing,
            rule_label=_("At least two parties besides the lead"),
            page="party_list",
            url_names=("party_list", "party_add", "party_edit", "party_case_number"),
        ),
        StepEntry(
            key="mandate",
            rule=_mandate,
            missing=_mandate_missing,
            rule_label=_("Mandate of the lead organisation recorded, every decision with its date"),
            page="mandate_list",
            url_names=("mandate_list", "mandate_edit"),
        ),
        StepEntry(
            key="shared_problem",
            rule=_shared_problem,
            rule_label=_("Every joined party agrees on the latest problem description"),
            page="confirmation_matrix",
            # Sending the problem description asks the parties to agree: its result is this step's.
            url_names=(
                "problem_send",
                "confirmation_matrix",
                "confirmation_remind",
                "confirmation_resend",
                "confirmation_revoke",
                "confirmation_answer",
                "confirmation_thanks",
            ),
        ),
        StepEntry(
            key="goal",
            rule=_goal,
            missing=_goal_missing,
            rule_label=_("Overall goal and sub-goals with baseline, target and date"),
            page="goal_detail",
            url_names=("goal_detail", "sub_goal_create", "sub_goal_edit", "sub_goal_delete"),
            sections=("goals",),
        ),
        StepEntry(
            key="model",
            rule=_model,
            missing=_model_missing,
            rule_label=_("Form of collaboration chosen with a rationale and its details"),
            page="model_choice",
            url_names=("model_choice", "model_choose", "model_details", *BID_PAGES, *EST_PAGES),
            sections=("model",),
        ),
        # Steps 8–15 are worked on the step page.
        StepEntry(
            key="roles",
            rule=_contributions,
            rule_label=_("Every party has a role and a contribution"),
            template="checklist/steps/_roles.html",
            context=_roles_context,
            missing=_roles_missing,
            url_names=("contribution_edit", "roles_edit_all", "paid_service_add", "paid_service_remove"),
            sections=("commitments",),
        ),
        StepEntry(
            key="organisation",
            rule=_organisation,
            rule_label=_("Steering group, coordinator and meeting rhythm"),
            template="checklist/steps/_organisation.html",
            context=_organisation_context,
            missing=_organisation_missing,
            url_names=("work_organisation_edit", "group_member_add", "group_member_remove"),
            sections=("organisation",),
        ),
        StepEntry(
            key="legal",
            rule=_legal,
            rule_label=_("Every required legal topic assessed"),
            template="checklist/steps/_legal.html",
            context=_legal_context,
            missing=_legal_missing,
            url_names=("legal_review_edit", "legal_reviews_edit"),
            sections=("personal_data",),
        ),
        StepEntry(
            key="activities",
            rule=_activities,
            rule_label=_("Activities with responsible party and dates"),
            template="checklist/steps/_activities.html",
            context=_activities_context,
            missing=_activities_missing,
            url_names=("activity_create", "activity_edit", "activity_delete"),
            sections=("activities",),
        ),
        StepEntry(
            key="budget",
            rule=_budget,
            rule_label=_("Budget per party and year"),
            template="checklist/steps/_budget.html",
            context=_budget_context,
            missing=_budget_missing,
            url_names=("budget_line_create", "budget_line_edit", "budget_line_delete"),
            sections=("finances",),
        ),
        StepEntry(
            key="follow_up",
            rule=_follow_up,
            rule_label=_("Follow-up planned for every sub-goal"),
            template="checklist/steps/_follow_up.html",
            context=_follow_up_context,
            missing=_follow_up_missing,
            url_names=("follow_up_edit", "follow_ups_edit"),
            sections=("follow_up",),
        ),
        StepEntry(
            key="communication",
            rule=_communication,
            rule_label=_("Communication plan for residents and the public"),
            template="checklist/steps/_communication.html",
            context=_communication_context,
            missing=_communication_missing,
            url_names=("communication_edit",),
            sections=("communication",),
        ),
        StepEntry(
            key="terms",
            rule=_terms,
            rule_label=_("Duration, review, termination and disputes"),
            template="checklist/steps/_terms.html",
            context=_terms_context,
            missing=_terms_missing,
            url_names=("terms_edit", "signatory_edit", "signatories_edit"),
            sections=("terms", "signatures"),
        ),
        StepEntry(
            key="agreement",
            rule=_agreement,
            rule_label=_("Every party has approved the agreement draft"),
            page="agreement_preview",
            url_names=(
                "agreement_preview",
                "agreement_download",
                "agreement_send",
                "agreement_approve",
                "agreement_remind",
                "agreement_compare",
                "agreement_version_download",
                "agreement_docx",
                "agreement_docx_version",
                "agreement_sealed_download",
            ),
            before_final_draft=False,  # it is the agreement's own step
        ),
    ]
}


# --- Reading the registry ------------------------------------------------------------------------


def rule_choices():
    """The completion rules an operator can give a template's step (`Step.rule`)."""
    return [(entry.key, entry.rule_label) for entry in STEPS.values()] + [
        (MANUAL_RULE, _("Done when marked as done"))
    ]


def is_manual(step) -> bool:
    """Whether staff mark `step` as done: its rule is manual, or names no registered step."""
    return step.rule not in STEPS


def computed_state(step, facts: Facts) -> str:
    """The state of a template's step from the facts; a manual one is done once marked."""
    if is_manual(step):
        return StepState.DONE if step.key in facts.marked_done else StepState.NOT_STARTED
    return STEPS[step.rule].rule(facts)


def missing_items(step, facts: Facts) -> list:
    """What a template's step still lacks, as lazy phrases (translated when shown); [] when its
    registered step names no `missing` function, or it is an operator's own (manual) step."""
    if is_manual(step):
        return []
    entry = STEPS[step.rule]
    return list(entry.missing(facts)) if entry.missing else []


def step_url(collaboration, step) -> str:
    """Where a step of `collaboration`'s checklist is worked: its own page, else the step page."""
    entry = STEPS.get(step.key)
    if entry is not None and entry.page:
        return reverse(entry.page, args=[collaboration.pk])
    return reverse("step_detail", args=[collaboration.pk, step.number])


def step_page(collaboration, step, facts) -> tuple[str, dict]:
    """The partial template the step page shows for `step`, and its context ("" for the general text).
    `facts` are the collaboration's checklist facts, which the page has already (kept in the cache)."""
    entry = STEPS.get(step.key)
    if entry is None or not entry.template:
        return "", {}
    return entry.template, entry.context(collaboration, facts) if entry.context else {}


def key_for_url_name(url_name) -> str | None:
    """The key of the step that the page named `url_name` belongs to, if any."""
    return next((entry.key for entry in STEPS.values() if url_name in entry.url_names), None)


def key_for_section(section) -> str | None:
    """The key of the step whose data fills the agreement's `section`, if any."""
    return next((entry.key for entry in STEPS.values() if section in entry.sections), None)


def before_final_draft(key) -> bool:
    """Whether the agreement's final draft waits for the step `key` (an operator's own step: yes)."""
    entry = STEPS.get(key)
    return entry is None or entry.before_final_draft
