"""Checklist operations: each runs in one transaction and writes the collaboration's event log."""

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from checklist import default_template
from checklist.models import (
    Activity,
    AgreementTerms,
    BudgetLine,
    ChecklistTemplate,
    ChooserAnswers,
    CollaborationChecklist,
    CommunicationPlan,
    FollowUp,
    GroupKind,
    GroupMember,
    LegalReview,
    PaidService,
    PartyCommitment,
    Signatory,
    SignatoryAuthority,
    Step,
    StepMarkedDone,
    StepNotApplicable,
    WorkOrganisation,
)
from checklist.steps import is_manual, step_url
from collaborations.models import EventKind, ModelChoice
from collaborations.services import touch
from samverkan.errors import DomainError, refused_if_taken
from samverkan.events import record_event
from samverkan.unknowns import DatePrecision, PartialDate


def ensure_published_template() -> ChecklistTemplate:
    """The current template; installs the default one when none is published (a fresh or flushed database)."""
    current = ChecklistTemplate.objects.current()
    if current is None:
        next_version = (ChecklistTemplate.objects.aggregate(v=Max("version"))["v"] or 0) + 1
        current = default_template.install(
            ChecklistTemplate, Step, version=next_version, published_at=timezone.now()
        )
    return current


def checklist_for(collaboration) -> CollaborationChecklist:
    """The collaboration's checklist. One without a stored checklist follows the current template, as
    the rules do (checklist/rules.py); it is not stored here, since pages that only read call this."""
    checklist = (
        CollaborationChecklist.objects.filter(collaboration=collaboration).select_related("template").first()
    )
    if checklist is None:
        current = ChecklistTemplate.objects.current()
        if current is None:
            raise DomainError(_("No checklist template has been published."))
        checklist = CollaborationChecklist(collaboration=collaboration, template=current)
    return checklist


def step_url_for_key(collaboration, key) -> str:
    """Where the step `key` of `collaboration`'s checklist is worked; the collaboration's page when its
    checklist has no such step."""
    steps = [s for s in checklist_for(collaboration).template.steps.all() if s.key == key]
    if not steps:
        return reverse("collaboration_detail", args=[collaboration.pk])
    return step_url(collaboration, steps[0])


@transaction.atomic
def mark_not_applicable(*, collaboration, step: Step, reason: str, marked_by) -> StepNotApplicable:
    already = _("The step is already marked as not applicable.")
    if StepNotApplicable.objects.filter(collaboration=collaboration, step_key=step.key).exists():
        raise DomainError(already)
    with refused_if_taken(already):
        marking = StepNotApplicable.objects.create(
            collaboration=collaboration, step_key=step.key, reason=reason, marked_by=marked_by
        )
    touch(collaboration)
    record_event(
        collaboration=collaboration,
        kind=EventKind.STEP_NOT_APPLICABLE,
        actor=marked_by,
        detail=f"{step.number}. {step.title}: {reason}",
    )
    return marking


@transaction.atomic
def reopen_step(*, collaboration, step: Step, reopened_by) -> None:
    deleted, _rows = StepNotApplicable.objects.filter(collaboration=collaboration, step_key=step.key).delete()
    deleted_done, _rows = StepMarkedDone.objects.filter(
        collaboration=collaboration, step_key=step.key
    ).delete()
    if not (deleted or deleted_done):
        raise DomainError(_("The step is not marked; there is nothing to reopen."))
    touch(collaboration)
    record_event(
        collaboration=collaboration,
        kind=EventKind.STEP_REOPENED,
        actor=reopened_by,
        detail=f"{step.number}. {step.title}",
    )


@transaction.atomic
def mark_done(*, collaboration, step: Step, marked_by) -> None:
    if not is_manual(step):
        raise DomainError(_("This step is done when its data is complete, not by marking it."))
    StepMarkedDone.objects.get_or_create(
        collaboration=collaboration, step_key=step.key, defaults={"marked_by": marked_by}
    )
    touch(collaboration)
    record_event(
        collaboration=collaboration,
        kind=EventKind.PLAN_SAVED,
        actor=marked_by,
        detail=f"{step.number}. {step.title}",
    )


@transaction.atomic
def upgrade_checklist(*, collaboration, upgraded_by) -> CollaborationChecklist:
    """Move to the newest published template. The collaboration's data stays; markings follow step keys."""
    checklist = checklist_for(collaboration)
    current = ChecklistTemplate.objects.current()
    if current is None or current.version <= checklist.template.version:
        raise DomainError(_("The collaboration already follows the newest checklist."))
    old = checklist.template
    checklist.template = current
    checklist.save(update_fields=["template"])
    touch(collaboration)
    record_event(
        collaboration=collaboration,
        kind=EventKind.CHECKLIST_UPGRADED,
        actor=upgraded_by,
        detail=f"v{old.version} → v{current.version}",
    )
    return checklist


@transaction.atomic
def copy_template_as_new_version(*, template: ChecklistTemplate) -> ChecklistTemplate:
    """A draft copy of `template` with the next version number, for an operator to edit and publish."""
    next_version = (ChecklistTemplate.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    copy = ChecklistTemplate.objects.create(
        name=template.name,
        version=next_version,
        notes=_("Copy of version %(version)s") % {"version": template.version},
    )
    Step.objects.bulk_create(
        Step(
            template=copy,
            number=step.number,
            key=step.key,
            rule=step.rule,
            prerequisites=step.prerequisites,
            is_continuation=step.is_continuation,
            title_sv=step.title_sv,
            title_en=step.title_en,
            guidance_sv=step.guidance_sv,
            guidance_en=step.guidance_en,
        )
        for step in template.steps.all()
    )
    return copy


# --- Step data ------------------------------------------------------------------------------------


def _saved(collaboration, actor, what):
    touch(collaboration)
    record_event(collaboration=collaboration, kind=EventKind.PLAN_SAVED, actor=actor, detail=str(what)[:300])


@transaction.atomic
def save_contribution(
    *, party, saved_by, responsibilities, staff_hours, money_sek, premises, other_contribution
):
    party.staff_hours = staff_hours
    party.money_sek = money_sek
    party.premises = premises
    party.other_contribution = other_contribution
    party.save(update_fields=["staff_hours", "money_sek", "premises", "other_contribution"])
    PartyCommitment.objects.update_or_create(party=party, defaults={"responsibilities": responsibilities})
    _saved(
        party.collaboration,
        saved_by,
        _("Role and contribution: %(party)s") % {"party": party.organisation.name},
    )


@transaction.atomic
def add_paid_service(*, party, saved_by, description, amount_sek=None) -> PaidService:
    service = PaidService.objects.create(party=party, description=description, amount_sek=amount_sek)
    _saved(
        party.collaboration,
        saved_by,
        _("Payment for a service: %(party)s: %(description)s")
        % {"party": party.organisation.name, "description": description},
    )
    return service


@transaction.atomic
def remove_paid_service(*, service, removed_by) -> None:
    party = service.party
    detail = _("Payment for a service removed: %(party)s: %(description)s") % {
        "party": party.organisation.name,
        "description": service.description,
    }
    service.delete()
    _saved(party.collaboration, removed_by, detail)


@transaction.atomic
def save_work_organisation(
    *,
    collaboration,
    saved_by,
    coordinator_party=None,
    coordinator_name="",
    coordinator_unknown="",
    steering_rhythm="",
    steering_rhythm_unknown="",
    working_rhythm="",
    working_rhythm_unknown="",
    notes="",
    steering_parties=(),
) -> WorkOrganisation:
    """Save what is decided about the organisation of the work; "" for what is not known yet (with the
    reason why, if given). `steering_parties`: parties whose contact person joins the steering group."""
    organisation, _created = WorkOrganisation.objects.update_or_create(
        collaboration=collaboration,
        defaults={
            "coordinator_party": coordinator_party,
            "coordinator_name": coordinator_name,
            "coordinator_unknown": "" if coordinator_name else coordinator_unknown,
            "steering_rhythm": steering_rhythm,
            "steering_rhythm_unknown": "" if steering_rhythm else steering_rhythm_unknown,
            "working_rhythm": working_rhythm,
            "working_rhythm_unknown": "" if working_rhythm else working_rhythm_unknown,
            "notes": notes,
        },
    )
    _saved(collaboration, saved_by, _("Organisation of the work"))
    for party in steering_parties:
        add_group_member(
            collaboration=collaboration, saved_by=saved_by, group=GroupKind.STEERING, party=party,
            person=party.contact_name,
        )  # fmt: skip
    return organisation


@transaction.atomic
def add_group_member(*, collaboration, saved_by, group, party, person, task="") -> GroupMember:
    member = GroupMember.objects.create(
        collaboration=collaboration, group=group, party=party, person=person, task=task
    )
    _saved(collaboration, saved_by, f"{member.get_group_display()}: {member.person}")
    return member


@transaction.atomic
def remove_group_member(*, member, removed_by) -> None:
    collaboration = member.collaboration
    detail = _("%(group)s: %(person)s removed") % {
        "group": member.get_group_display(),
        "person": member.person,
    }
    member.delete()
    _saved(collaboration, removed_by, detail)


@transaction.atomic
def save_legal_review(
    *, collaboration, topic, saved_by, status, assessment="", assessed_by="", assessed_on=None
) -> LegalReview:
    review, _created = LegalReview.objects.update_or_create(
        collaboration=collaboration,
        topic=topic,
        defaults={
            "status": status,
            "assessment": assessment,
            "assessed_by": assessed_by,
            "assessed_on": assessed_on,
        },
    )
    _saved(collaboration, saved_by, f"{review.get_topic_display()}: {review.get_status_display()}")
    return review


@transaction.atomic
def save_legal_reviews(*, collaboration, saved_by, reviews) -> None:
    """Step 10's topics saved at once, all or none: `reviews` is a list of (topic, the form's cleaned
    data: status, assessment, assessed by, assessed on)."""
    for topic, data in reviews:
        save_legal_review(collaboration=collaboration, topic=topic, saved_by=saved_by, **data)


def _set_partial_date(row, name, partial: PartialDate | None):
    """Store `partial` in the row's date column `name` and its precision column."""
    setattr(row, name, partial.value if partial else None)
    setattr(row, f"{name}_precision", partial.precision if partial else DatePrecision.DAY)


@transaction.atomic
def save_activity(
    *,
    collaboration,
    saved_by,
    instance=None,
    title,
    description="",
    responsible_party,
    starts_on: PartialDate | None = None,
    ends_on: PartialDate | None = None,
    ongoing=False,
) -> Activity:
    """Add an activity to `collaboration`, or change `instance`. Dates as precise as known, None when
    not known yet; ongoing work has no end."""
    if ongoing and ends_on is not None:
        raise DomainError(_("Ongoing work has no end: leave the end empty, or untick ongoing."))
    activity = instance or Activity()
    activity.collaboration = collaboration
    activity.title = title
    activity.description = description
    activity.responsible_party = responsible_party
    _set_partial_date(activity, "starts_on", starts_on)
    _set_partial_date(activity, "ends_on", ends_on)
    activity.ongoing = ongoing
    activity.save()
    _saved(collaboration, saved_by, activity)
    return activity


@transaction.atomic
def save_budget_line(
    *,
    collaboration,
    saved_by,
    instance=None,
    party=None,
    funder="",
    year=None,
    per_year=False,
    amount_sek,
    purpose,
) -> BudgetLine:
    """Add a budget line to `collaboration`, or change `instance`. Without a party: an amount not split
    per party, or financed by `funder` (not a party). Without a year: for the whole period; `per_year`:
    the amount recurs every year (from `year`, if given)."""
    if party is not None and funder:
        raise DomainError(_("Give either a party or someone who is not a party, not both."))
    line = instance or BudgetLine()
    line.collaboration = collaboration
    line.party = party
    line.funder = funder
    line.year = year
    line.per_year = per_year
    line.amount_sek = amount_sek
    line.purpose = purpose
    line.save()
    _saved(collaboration, saved_by, line)
    return line


@transaction.atomic
def delete_row(*, instance, deleted_by) -> None:
    collaboration = instance.collaboration
    detail = _("removed: %(what)s") % {"what": instance}
    instance.delete()
    _saved(collaboration, deleted_by, detail)


@transaction.atomic
def save_follow_up(*, sub_goal, saved_by, method="", rhythm="", responsible_party=None) -> FollowUp:
    follow_up, _created = FollowUp.objects.update_or_create(
        sub_goal=sub_goal,
        defaults={"method": method, "rhythm": rhythm, "responsible_party": responsible_party},
    )
    _saved(
        sub_goal.collaboration, saved_by, _("Follow-up: %(indicator)s") % {"indicator": sub_goal.indicator}
    )
    return follow_up


@transaction.atomic
def save_follow_ups(*, saved_by, follow_ups) -> None:
    """Step 13's follow-ups saved at once, all or none: `follow_ups` is a list of (sub-goal, the form's
    cleaned data: method, rhythm, responsible party)."""
    for sub_goal, data in follow_ups:
        save_follow_up(sub_goal=sub_goal, saved_by=saved_by, **data)


@transaction.atomic
def save_communication_plan(
    *, collaboration, saved_by, residents="", public="", spokesperson=""
) -> CommunicationPlan:
    plan, _created = CommunicationPlan.objects.update_or_create(
        collaboration=collaboration,
        defaults={"residents": residents, "public": public, "spokesperson": spokesperson},
    )
    _saved(collaboration, saved_by, CommunicationPlan._meta.verbose_name)
    return plan


@transaction.atomic
def save_terms(
    *,
    collaboration,
    saved_by,
    starts_on: PartialDate | None = None,
    ends_on: PartialDate | None = None,
    period="",
    review="",
    termination="",
    changes="",
    disputes="",
    assignment="",
    personal_data="",
    processor_agreement=False,
) -> AgreementTerms:
    """Save the terms as far as they are known: dates as precise as known, or the period in words."""
    terms = AgreementTerms.objects.filter(collaboration=collaboration).first() or AgreementTerms(
        collaboration=collaboration
    )
    _set_partial_date(terms, "starts_on", starts_on)
    _set_partial_date(terms, "ends_on", ends_on)
    terms.period = period
    terms.review = review
    terms.termination = termination
    terms.changes = changes
    terms.disputes = disputes
    terms.assignment = assignment
    terms.personal_data = personal_data
    terms.processor_agreement = processor_agreement
    terms.save()
    _saved(collaboration, saved_by, AgreementTerms._meta.verbose_name)
    return terms


@transaction.atomic
def save_signatory(*, party, saved_by, name, title, authority, decision="") -> Signatory:
    """Who signs the agreement for `party`, and with what authority (a decision only when it is one)."""
    signatory = Signatory.objects.filter(party=party).first() or Signatory(party=party)
    signatory.name, signatory.title, signatory.authority = name, title, authority
    signatory.decision = decision if authority == SignatoryAuthority.DECISION else ""
    signatory.save()
    _saved(party.collaboration, saved_by, Signatory._meta.verbose_name)
    return signatory


@transaction.atomic
def save_signatories(*, saved_by, signatories) -> None:
    """Who signs for several parties, all or none: `signatories` is a list of (party, the form's cleaned
    data: name, title, authority, decision)."""
    for party, data in signatories:
        save_signatory(party=party, saved_by=saved_by, **data)


# --- The model chooser --------------------------------------------------------------------------


@transaction.atomic
def save_chooser_answers(*, collaboration, saved_by, answers) -> ChooserAnswers:
    row, _created = ChooserAnswers.objects.update_or_create(
        collaboration=collaboration, defaults={"answers": answers}
    )
    touch(collaboration)
    return row


@transaction.atomic
def choose_model(
    *, collaboration, chosen_by, model, rationale, evaluation, acknowledge_unmet=False
) -> ModelChoice:
    """Record the chosen form. Choosing one whose needs are unmet requires an explicit acknowledgement."""
    result = evaluation.get(model)
    unmet = bool(result and result.missing)
    if unmet and not acknowledge_unmet:
        raise DomainError(
            _("The chosen form's needs are not met. Tick the acknowledgement to choose it anyway.")
        )
    answers = (
        ChooserAnswers.objects.filter(collaboration=collaboration).values_list("answers", flat=True).first()
    )
    previous = ModelChoice.objects.filter(collaboration=collaboration).first()
    details = previous.details if previous and previous.model == model else {}
    choice, _created = ModelChoice.objects.update_or_create(
        collaboration=collaboration,
        defaults={
            "model": model,
            "rationale": rationale,
            "chooser_answers": answers or {},
            "details": details,
            "unmet_needs_acknowledged": unmet,
            "chosen_by": chosen_by,
        },
    )
    touch(collaboration)
    detail = choice.get_model_display()
    if unmet:
        detail = _("%(model)s (unmet needs acknowledged: %(missing)s)") % {
            "model": detail,
            "missing": ", ".join(str(need.label) for need in result.missing),
        }
    record_event(collaboration=collaboration, kind=EventKind.MODEL_CHOSEN, actor=chosen_by, detail=detail)
    return choice


@transaction.atomic
def save_model_details(*, choice, saved_by, details) -> ModelChoice:
    choice.details = details
    choice.save(update_fields=["details", "updated_at"])
    _saved(choice.collaboration, saved_by, _("Details of %(model)s") % {"model": choice.get_model_display()})
    return choice
