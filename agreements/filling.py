"""Fill in every step an agreement needs, through the services the pages use.

One builder for a filled collaboration, used by the demo data (agreements/demo.py, with its own texts)
and by the tests (tests/agreements/arrange.py, with short ones). The texts are keyword arguments of the
services, so what a step accepts is defined in one place: the service.
"""

from dataclasses import dataclass, field

from checklist import est as est_services
from checklist import services as checklist_services
from checklist.chooser import evaluate_models
from collaborations import services as collaboration_services
from collaborations.confirmations import answers, sending
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import ConfirmationAnswer, Party


@dataclass(frozen=True)
class StepTexts:
    """What each step says. Parties and sub-goals are rows of the collaboration being filled.

    `contributions` are dicts of a party, its responsibilities and any of staff_hours, money_sek,
    premises and other_contribution (one left out keeps what the party has stored). The other lists and
    dicts are the keyword arguments of the step's service, without the collaboration and the actor.
    """

    chooser_answers: dict
    model: str
    rationale: str
    model_details: dict
    contributions: list
    work_organisation: dict
    terms: dict
    communication_plan: dict
    mandates: list = field(default_factory=list)
    group_members: list = field(default_factory=list)
    legal_reviews: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    budget_lines: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)
    # EST only: the rhythm (checklist.est.save_arrangement's keywords) and the reporters (save_reporter's).
    est_arrangement: dict = field(default_factory=dict)
    est_reporters: list = field(default_factory=list)
    # Who signs for each signing party (checklist.services.save_signatory's keywords).
    signatories: list = field(default_factory=list)
    # A test may choose a form whose needs its few parties do not meet; the demo never does.
    acknowledge_unmet: bool = False


def confirm_by_every_party(*, problem, sent_by, base_url, answered_by):
    """Send `problem` for confirmation and let every asked party agree; `answered_by(party)` is the
    user who answers for the party. Returns the confirmation request."""
    request = sending.send(subject=PROBLEM, version=problem, sent_by=sent_by, base_url=base_url)
    for recipient in request.recipients.select_related("party__organisation"):
        answers.submit_answer(
            subject=PROBLEM,
            recipient=recipient,
            answered_by=answered_by(recipient.party),
            seen_version=problem.version,
            answer=ConfirmationAnswer.AGREE,
        )
    return request


def fill_every_step(collaboration, *, by, texts: StepTexts) -> None:
    """Write `texts` into the steps of `collaboration` as `by` would on the pages: the form of
    collaboration and its details, roles and contributions, mandates, the organisation of the work, the
    legal review, activities, budget, follow-up, communication and terms."""
    _choose_model(collaboration, by, texts)
    for contribution in texts.contributions:
        # Read afresh: a contribution field that is not given keeps what the party has stored.
        party = Party.objects.get(pk=contribution["party"].pk)
        checklist_services.save_contribution(
            party=party,
            saved_by=by,
            responsibilities=contribution["responsibilities"],
            staff_hours=contribution.get("staff_hours", party.staff_hours),
            money_sek=contribution.get("money_sek", party.money_sek),
            premises=contribution.get("premises", party.premises),
            other_contribution=contribution.get("other_contribution", party.other_contribution),
        )
    for mandate in texts.mandates:
        collaboration_services.save_mandate(saved_by=by, **mandate)
    checklist_services.save_work_organisation(
        collaboration=collaboration, saved_by=by, **texts.work_organisation
    )
    for member in texts.group_members:
        checklist_services.add_group_member(collaboration=collaboration, saved_by=by, **member)
    for review in texts.legal_reviews:
        checklist_services.save_legal_review(collaboration=collaboration, saved_by=by, **review)
    for activity in texts.activities:
        checklist_services.save_activity(collaboration=collaboration, saved_by=by, **activity)
    for line in texts.budget_lines:
        checklist_services.save_budget_line(collaboration=collaboration, saved_by=by, **line)
    for follow_up in texts.follow_ups:
        checklist_services.save_follow_up(saved_by=by, **follow_up)
    checklist_services.save_communication_plan(
        collaboration=collaboration, saved_by=by, **texts.communication_plan
    )
    checklist_services.save_terms(collaboration=collaboration, saved_by=by, **texts.terms)
    for signatory in texts.signatories:
        checklist_services.save_signatory(saved_by=by, **signatory)
    if texts.est_arrangement:
        est_services.save_arrangement(collaboration=collaboration, saved_by=by, **texts.est_arrangement)
    for reporter in texts.est_reporters:
        est_services.save_reporter(collaboration=collaboration, saved_by=by, **reporter)


def _choose_model(collaboration, by, texts):
    checklist_services.save_chooser_answers(
        collaboration=collaboration, saved_by=by, answers=texts.chooser_answers
    )
    parties = Party.objects.filter(collaboration=collaboration).select_related("organisation")
    choice = checklist_services.choose_model(
        collaboration=collaboration,
        chosen_by=by,
        model=texts.model,
        rationale=texts.rationale,
        evaluation=evaluate_models(list(parties), texts.chooser_answers),
        acknowledge_unmet=texts.acknowledge_unmet,
    )
    checklist_services.save_model_details(choice=choice, saved_by=by, details=texts.model_details)
