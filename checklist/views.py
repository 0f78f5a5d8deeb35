import functools

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from checklist import services, suggestions
from checklist.chooser import evaluate_models
from checklist.facts import active_parties
from checklist.forms import (
    DETAILS_FORMS,
    ActivityForm,
    AgreementTermsForm,
    BudgetLineForm,
    ChooseModelForm,
    ChooserQuestionsForm,
    CommunicationPlanForm,
    ContributionForm,
    FollowUpForm,
    GroupMemberForm,
    LegalReviewForm,
    NotApplicableForm,
    PaidServiceForm,
    WorkOrganisationForm,
)
from checklist.models import (
    Activity,
    AgreementTerms,
    BudgetLine,
    ChooserAnswers,
    CommunicationPlan,
    FollowUp,
    GroupKind,
    GroupMember,
    LegalReview,
    LegalTopic,
    PaidService,
    PartyCommitment,
    WorkOrganisation,
)
from checklist.rules import checklist_status, status_for_request
from checklist.step_forms import fill_in_url
from checklist.steps import step_page, step_url
from collaborations.models import CollaborationModel, ModelChoice, PartyRole, SubGoal
from collaborations.permissions import get_collaboration_for_user
from samverkan.errors import DomainError
from samverkan.unknowns import UnknownReason


def _get_step(request, collaboration, number):
    status = status_for_request(request, collaboration)
    step_status = status.for_number(number)
    if step_status is None:
        raise Http404
    return status, step_status


def _back_to_step(collaboration, key):
    return redirect(services.step_url_for_key(collaboration, key))


# --- Steps --------------------------------------------------------------------------------------


def step_detail(request, pk, number):
    collaboration = get_collaboration_for_user(request, pk)
    status, step_status = _get_step(request, collaboration, number)
    target = step_url(collaboration, step_status.step)
    if target != request.path:  # the step has a page of its own
        return redirect(target)
    step_template, step_context = step_page(collaboration, step_status.step, status.facts)
    context = {
        "collaboration": collaboration,
        "checklist": status,
        "step_status": step_status,
        "step_template": step_template,
        "not_known": UnknownReason.NOT_KNOWN_YET.label,
        **step_context,
    }
    return render(request, "checklist/step_detail.html", context)


def _step_action(request, pk, number, operation, done_message, **arguments):
    """Run a marking operation on one step, say how it went and go back to the step."""
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    _status, step_status = _get_step(request, collaboration, number)
    try:
        operation(collaboration=collaboration, step=step_status.step, **arguments)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done_message)
    return redirect(step_url(collaboration, step_status.step))


@require_POST
def step_not_applicable(request, pk, number):
    form = NotApplicableForm(request.POST)
    if not form.is_valid():
        collaboration = get_collaboration_for_user(request, pk, edit=True)
        _status, step_status = _get_step(request, collaboration, number)
        messages.error(request, form.errors["reason"][0])
        return redirect(step_url(collaboration, step_status.step))
    return _step_action(
        request,
        pk,
        number,
        services.mark_not_applicable,
        _("The step is marked as not applicable."),
        marked_by=request.user,
        reason=form.cleaned_data["reason"],
    )


@require_POST
def step_reopen(request, pk, number):
    return _step_action(
        request, pk, number, services.reopen_step, _("The step is open again."), reopened_by=request.user
    )


@require_POST
def step_mark_done(request, pk, number):
    return _step_action(
        request, pk, number, services.mark_done, _("The step is marked as done."), marked_by=request.user
    )


@require_POST
def checklist_upgrade(request, pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    try:
        checklist = services.upgrade_checklist(collaboration=collaboration, upgraded_by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The collaboration now follows checklist version %(version)s.")
            % {"version": checklist.template.version},
        )
    return redirect("collaboration_detail", pk=collaboration.pk)


# --- Step data forms ----------------------------------------------------------------------------


def _form_page(request, collaboration, form, *, title, step_key, instance_label="", suggested_by=None):
    return render(
        request,
        "checklist/step_form.html",
        {
            "collaboration": collaboration,
            "form": form,
            "title": title,
            "instance_label": instance_label,
            "back_url": _back_to_step(collaboration, step_key).url,
            "suggested_by": suggested_by,
        },
    )


def and_next(view):
    """A step form's second button, "Spara och gå till nästa steg": after a successful save, go to the
    next step there is to do (checklist order) instead of back to this step. Wraps a step form view."""

    @functools.wraps(view)
    def wrapped(request, pk, *args, **kwargs):
        response = view(request, pk, *args, **kwargs)
        if request.method == "POST" and request.POST.get("and_next") and response.status_code == 302:
            collaboration = get_collaboration_for_user(request, pk, edit=True)
            next_step = checklist_status(collaboration).next_step
            if next_step is None:
                return redirect("collaboration_detail", pk=collaboration.pk)
            form_url = fill_in_url(collaboration, next_step)
            # The next step's form, unless it is the one just saved (then the step shows what is left).
            if form_url is not None and form_url != request.path:
                return redirect(form_url)
            return redirect(step_url(collaboration, next_step.step))
        return response

    return wrapped


def _suggestion_basis(collaboration):
    """(the model choice, the lead party) that suggestions start from; (None, None) before a form of
    collaboration is chosen: then there is nothing to suggest."""
    choice = ModelChoice.objects.filter(collaboration=collaboration).first()
    if choice is None:
        return None, None
    return choice, collaboration.parties.filter(role=PartyRole.LEAD).first()


def contribution_edit(request, pk, party_pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    party = get_object_or_404(active_parties(collaboration), pk=party_pk)
    commitment = PartyCommitment.objects.filter(party=party).first()
    initial = {
        "responsibilities": commitment.responsibilities if commitment else "",
        "staff_hours": party.staff_hours,
        "money_sek": party.money_sek,
        "premises": party.premises,
        "other_contribution": party.other_contribution,
    }
    form = ContributionForm(request.POST or None, initial=initial, current=initial)
    if request.method == "POST" and form.is_valid():
        services.save_contribution(party=party, saved_by=request.user, **form.cleaned_data)
        messages.success(request, _("The role and contribution are saved."))
        return _back_to_step(collaboration, "roles")
    return _form_page(
        request,
        collaboration,
        form,
        title=_("Role and contribution"),
        step_key="roles",
        instance_label=party.organisation.name,
    )


def paid_service_add(request, pk, party_pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    party = get_object_or_404(active_parties(collaboration), pk=party_pk)
    form = PaidServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_paid_service(party=party, saved_by=request.user, **form.cleaned_data)
        messages.success(request, _("The payment for a service is recorded."))
        return _back_to_step(collaboration, "roles")
    return _form_page(
        request,
        collaboration,
        form,
        title=_("Record a payment for a service"),
        step_key="roles",
        instance_label=party.organisation.name,
    )


@require_POST
def paid_service_remove(request, pk, service_pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    service = get_object_or_404(PaidService, pk=service_pk, party__collaboration=collaboration)
    services.remove_paid_service(service=service, removed_by=request.user)
    messages.success(request, _("The payment for a service is removed."))
    return _back_to_step(collaboration, "roles")


def work_organisation_edit(request, pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    instance = WorkOrganisation.objects.filter(collaboration=collaboration).first()
    choice, lead = _suggestion_basis(collaboration) if instance is None else (None, None)
    initial = suggestions.organisation(model=choice.model, lead_party=lead) if choice else {}
    parties = active_parties(collaboration)
    steering = GroupMember.objects.filter(collaboration=collaboration, group=GroupKind.STEERING)
    candidates = parties.exclude(contact_name="").exclude(pk__in=steering.values("party_id"))
    if not steering.exists():
        # An empty steering group: each party's contact person is the suggestion, ticked.
        initial = {**initial, "steering_parties": list(candidates)}
    form = WorkOrganisationForm(
        request.POST or None,
        instance=instance,
        initial=initial,
        parties=parties,
        steering_candidates=candidates,
    )
    if request.method == "POST" and form.is_valid():
        services.save_work_organisation(
            collaboration=collaboration, saved_by=request.user, **form.cleaned_data
        )
        messages.success(request, _("The organisation of the work is saved."))
        return _back_to_step(collaboration, "organisation")
    return _form_page(
        request,
        collaboration,
        form,
        title=_("Organisation of the work"),
        step_key="organisation",
        suggested_by=choice,
    )


def group_member_add(request, pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    form = GroupMemberForm(request.POST or None, parties=active_parties(collaboration))
    if request.method == "POST" and form.is_valid():
        services.add_group_member(collaboration=collaboration, saved_by=request.user, **form.cleaned_data)
        messages.success(request, _("The member is added to the group."))
        return _back_to_step(collaboration, "organisation")
    return _form_page(request, collaboration, form, title=_("Add a group member"), step_key="organisation")


@require_POST
def group_member_remove(request, pk, member_pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    member = get_object_or_404(GroupMember, pk=member_pk, collaboration=collaboration)
    services.remove_group_member(member=member, removed_by=request.user)
    messages.success(request, _("The member is removed from the group."))
    return _back_to_step(collaboration, "organisation")


def legal_review_edit(request, pk, topic):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    if topic not in LegalTopic.values:
        raise Http404
    instance = LegalReview.objects.filter(collaboration=collaboration, topic=topic).first()
    form = LegalReviewForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.save_legal_review(
            collaboration=collaboration, topic=topic, saved_by=request.user, **form.cleaned_data
        )
        messages.success(request, _("The legal review is saved."))
        return _back_to_step(collaboration, "legal")
    return _form_page(request, collaboration, form, title=LegalTopic(topic).label, step_key="legal")


def _row_edit(request, pk, row_pk, *, model, form_class, save, title, step_key, saved_message):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    instance = get_object_or_404(model, pk=row_pk, collaboration=collaboration) if row_pk else model()
    form = form_class(request.POST or None, instance=instance, parties=active_parties(collaboration))
    if request.method == "POST" and form.is_valid():
        save(collaboration=collaboration, instance=instance, saved_by=request.user, **form.cleaned_data)
        messages.success(request, saved_message)
        return _back_to_step(collaboration, step_key)
    return _form_page(request, collaboration, form, title=title, step_key=step_key)


def _row_delete(request, pk, row_pk, *, model, step_key):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    instance = get_object_or_404(model, pk=row_pk, collaboration=collaboration)
    services.delete_row(instance=instance, deleted_by=request.user)
    messages.success(request, _("Removed."))
    return _back_to_step(collaboration, step_key)


def activity_edit(request, pk, activity_pk=None):
    return _row_edit(
        request,
        pk,
        activity_pk,
        model=Activity,
        form_class=ActivityForm,
        save=services.save_activity,
        title=_("Activity"),
        step_key="activities",
        saved_message=_("The activity is saved."),
    )


@require_POST
def activity_delete(request, pk, activity_pk):
    return _row_delete(request, pk, activity_pk, model=Activity, step_key="activities")


def budget_line_edit(request, pk, line_pk=None):
    return _row_edit(
        request,
        pk,
        line_pk,
        model=BudgetLine,
        form_class=BudgetLineForm,
        save=services.save_budget_line,
        title=_("Budget line"),
        step_key="budget",
        saved_message=_("The budget line is saved."),
    )


@require_POST
def budget_line_delete(request, pk, line_pk):
    return _row_delete(request, pk, line_pk, model=BudgetLine, step_key="budget")


def follow_up_edit(request, pk, sub_goal_pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    sub_goal = get_object_or_404(SubGoal, pk=sub_goal_pk, collaboration=collaboration)
    instance = FollowUp.objects.filter(sub_goal=sub_goal).first()
    choice, lead = _suggestion_basis(collaboration) if instance is None else (None, None)
    initial = suggestions.follow_up(model=choice.model, sub_goal=sub_goal, lead_party=lead) if choice else {}
    form = FollowUpForm(
        request.POST or None, instance=instance, initial=initial, parties=active_parties(collaboration)
    )
    if request.method == "POST" and form.is_valid():
        services.save_follow_up(sub_goal=sub_goal, saved_by=request.user, **form.cleaned_data)
        messages.success(request, _("The follow-up is saved."))
        return _back_to_step(collaboration, "follow_up")
    return _form_page(
        request,
        collaboration,
        form,
        title=_("Follow-up"),
        step_key="follow_up",
        instance_label=sub_goal.indicator,
        suggested_by=choice,
    )


def _one_per_collaboration_edit(
    request, pk, *, model, form_class, save, title, step_key, saved_message, suggest
):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    instance = model.objects.filter(collaboration=collaboration).first()
    choice, lead = _suggestion_basis(collaboration) if instance is None else (None, None)
    initial = suggest(model=choice.model, lead_party=lead) if choice else {}
    form = form_class(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        save(collaboration=collaboration, saved_by=request.user, **form.cleaned_data)
        messages.success(request, saved_message)
        return _back_to_step(collaboration, step_key)
    return _form_page(request, collaboration, form, title=title, step_key=step_key, suggested_by=choice)


def communication_edit(request, pk):
    return _one_per_collaboration_edit(
        request,
        pk,
        model=CommunicationPlan,
        form_class=CommunicationPlanForm,
        save=services.save_communication_plan,
        title=_("Communication plan"),
        step_key="communication",
        saved_message=_("The communication plan is saved."),
        suggest=suggestions.communication,
    )


def terms_edit(request, pk):
    return _one_per_collaboration_edit(
        request,
        pk,
        model=AgreementTerms,
        form_class=AgreementTermsForm,
        save=services.save_terms,
        title=_("Duration and terms"),
        step_key="terms",
        saved_message=_("The duration and terms are saved."),
        suggest=lambda model, lead_party: suggestions.terms(),
    )


# --- The model chooser --------------------------------------------------------------------------


def _chooser_context(collaboration):
    answers = (
        ChooserAnswers.objects.filter(collaboration=collaboration).values_list("answers", flat=True).first()
    )
    paid = list(PaidService.objects.of_collaborations([collaboration.pk]))
    evaluation = evaluate_models(list(active_parties(collaboration)), answers, paid_services=paid)
    return answers or {}, evaluation


def _chooser_page(request, collaboration, *, answers, evaluation, questions, choose_form, choice):
    return render(
        request,
        "checklist/model_choice.html",
        {
            "collaboration": collaboration,
            "questions": questions,
            "has_answers": bool(answers),
            "evaluations": list(evaluation.values()),
            "choose_form": choose_form,
            "choice": choice,
        },
    )


def model_choice(request, pk):
    collaboration = get_collaboration_for_user(request, pk)
    answers, evaluation = _chooser_context(collaboration)
    questions = ChooserQuestionsForm(initial=answers, current=answers or None)
    if request.method == "POST":
        collaboration = get_collaboration_for_user(request, pk, edit=True)
        questions = ChooserQuestionsForm(request.POST, current=answers or None)
        if questions.is_valid():
            services.save_chooser_answers(
                collaboration=collaboration, saved_by=request.user, answers=questions.cleaned_data
            )
            messages.success(request, _("Your answers are saved. See how each form fits below."))
            return redirect("model_choice", pk=collaboration.pk)
    choice = ModelChoice.objects.filter(collaboration=collaboration).select_related("chosen_by").first()
    choose_form = ChooseModelForm(
        initial={"model": choice.model, "rationale": choice.rationale} if choice else None,
        current=ChooseModelForm.stored_values(choice),
    )
    return _chooser_page(
        request,
        collaboration,
        answers=answers,
        evaluation=evaluation,
        questions=questions,
        choose_form=choose_form,
        choice=choice,
    )


@require_POST
def model_choose(request, pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    answers, evaluation = _chooser_context(collaboration)
    choice = ModelChoice.objects.filter(collaboration=collaboration).first()
    form = ChooseModelForm(request.POST, current=ChooseModelForm.stored_values(choice))
    if form.is_valid():
        try:
            services.choose_model(
                collaboration=collaboration,
                chosen_by=request.user,
                evaluation=evaluation,
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_error("acknowledge_unmet", str(error))
        else:
            messages.success(request, _("The form of collaboration is chosen. Now fill in its details."))
            return redirect("model_details", pk=collaboration.pk)
    # Refused: nothing was stored, so the page shows what was read above, with the form's errors.
    return _chooser_page(
        request,
        collaboration,
        answers=answers,
        evaluation=evaluation,
        questions=ChooserQuestionsForm(initial=answers, current=answers or None),
        choose_form=form,
        choice=choice,
    )


def model_details(request, pk):
    collaboration = get_collaboration_for_user(request, pk)
    choice = get_object_or_404(ModelChoice, collaboration=collaboration)
    if choice.model == CollaborationModel.EST:  # EST's details have pages of their own (est_views.py)
        return redirect("est_edit" if collaboration.can_edit else "agreement_preview", pk=collaboration.pk)
    form_class = DETAILS_FORMS[choice.model]
    stored = choice.details or None
    form = form_class(initial=stored, current=stored)
    if request.method == "POST":
        collaboration = get_collaboration_for_user(request, pk, edit=True)
        form = form_class(request.POST, current=stored)
        if form.is_valid():
            services.save_model_details(choice=choice, saved_by=request.user, details=form.cleaned_data)
            messages.success(request, _("The details are saved."))
            return redirect("model_details", pk=collaboration.pk)
    return render(
        request,
        "checklist/model_details.html",
        {"collaboration": collaboration, "choice": choice, "form": form},
    )
