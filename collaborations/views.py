from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from checklist.actions import kept_actions_for
from checklist.models import ChecklistTemplate
from checklist.rules import status_for_request
from checklist.steps import step_url
from collaborations import services
from collaborations.confirmations import queries
from collaborations.confirmations.subject import PROBLEM
from collaborations.dashboard import cards_for, latest_visible_page, search_page
from collaborations.forms import (
    AddPartyForm,
    CaseNumberForm,
    CollaborationForm,
    GoalForm,
    JointDecisionForm,
    MandateForm,
    NewCollaborationForm,
    PartyForm,
    ProblemDescriptionForm,
    ResidentInvolvementForm,
    SubGoalForm,
)
from collaborations.models import (
    Collaboration,
    Event,
    Goal,
    Mandate,
    Organisation,
    Party,
    PartyRole,
    ProblemDescription,
    Representation,
    ResidentInvolvement,
    SubGoal,
)
from collaborations.permissions import (
    get_collaboration_for_user,
    get_party_for_representative,
    memberships_for_request,
    staff_organisations,
)
from samverkan.compiled import compiled_objects, compiled_values, selected_fields
from samverkan.errors import DomainError
from samverkan.forms import parse_pk, search_text

ORGANISATION_SEARCH_LIMIT = 20
TIMELINE_LENGTH = 20


def _parties(collaboration):
    return collaboration.parties.select_related("organisation").order_by("role", "organisation__name")


def _overview_parties(*, collaboration_id):
    return (
        Party.objects.filter(collaboration_id=collaboration_id)
        .order_by("role", "organisation__name")
        .values_list(*selected_fields(Party, ["organisation"]))
    )


def _overview_events(*, collaboration_id):
    return (
        Event.objects.filter(collaboration_id=collaboration_id)
        .order_by("-created_at", "-pk")
        .values_list(*selected_fields(Event, ["actor"]))[:TIMELINE_LENGTH]
    )


def _newest_template_version():
    return ChecklistTemplate.objects.published().order_by("-version").values_list("version")[:1]


# --- Dashboard and collaboration ----------------------------------------------------------------


def floor(request):
    """The benchmark's floor (bench/run_bench.py): the least a real page does — the whole middleware
    stack, one query for the 20 latest collaborations the user's organisations lead (read in order from
    an index, so its cost does not grow with the data), a small template on the base layout. Every
    page's throughput is measured as a share of this one's. It shows a signed-in user only what the
    dashboard shows them anyway (a partner's representative sees an empty list), so it stays on."""
    organisation_ids = [m.organisation_id for m in memberships_for_request(request)]
    collaborations = (
        Collaboration.objects.filter(lead_organisation_id__in=organisation_ids)
        .order_by("-updated_at", "-pk")
        .only("pk", "title", "area_name")[:20]
    )
    return render(request, "collaborations/floor.html", {"collaborations": list(collaborations)})


def dashboard(request):
    query = search_text(request.GET.get("q"))
    my_org_ids = {m.organisation_id for m in memberships_for_request(request)}
    per_page = settings.DASHBOARD_PAGE_SIZE
    if query:
        collaborations = search_page(
            request.user, sorted(my_org_ids), query, page=request.GET.get("page"), per_page=per_page
        )
    else:
        collaborations = latest_visible_page(
            request.user, sorted(my_org_ids), page=request.GET.get("page"), per_page=per_page
        )
    page = Paginator(collaborations, per_page).get_page(request.GET.get("page"))
    cards = cards_for(
        page.object_list,
        user=request.user,
        organisation_ids=my_org_ids,
        represents=collaborations.represents,
    )
    return render(
        request,
        "collaborations/dashboard.html",
        {"page": page, "cards": cards, "query": query, "can_create": bool(my_org_ids)},
    )


def collaboration_create(request):
    organisations = staff_organisations(request.user)
    if not organisations.exists():
        raise Http404
    form = NewCollaborationForm(request.POST or None, organisations=organisations)
    if request.method == "GET":
        current = request.session.get("current_organisation")
        form.initial["lead_organisation"] = current
    if request.method == "POST" and form.is_valid():
        collaboration = services.create_collaboration(created_by=request.user, **form.cleaned_data)
        messages.success(request, _("Collaboration created. Start by describing the problem."))
        # The first thing to do is step 1: the form opens right away (the overview is one click away).
        return redirect("problem_edit", pk=collaboration.pk)
    return render(request, "collaborations/collaboration_form.html", {"form": form})


def collaboration_detail(request, pk):
    collaboration = get_collaboration_for_user(request, pk)
    if not collaboration.is_lead_staff:
        return _partner_overview(request, collaboration)
    # The overview's three queries of its own are built once per process and prepared (samverkan/
    # compiled.py): the ORM took about as long to build them as the database to run them.
    parties = compiled_objects(
        _overview_parties, Party, related=["organisation"], collaboration_id=collaboration.pk
    )
    events = compiled_objects(_overview_events, Event, related=["actor"], collaboration_id=collaboration.pk)
    checklist = status_for_request(request, collaboration)
    facts = checklist.facts
    newest = compiled_values(_newest_template_version)
    newer_template_version = newest[0][0] if newest and newest[0][0] > checklist.template.version else None
    return render(
        request,
        "collaborations/collaboration_detail.html",
        {
            "collaboration": collaboration,
            "parties": parties,
            "problem": facts.problem,
            "agreement": facts.shared_problem,
            "goal": facts.goal,
            "sub_goal_count": facts.sub_goal_count,
            "model_choice": facts.model_choice,
            "involvement_count": facts.involvement_count,
            "events": events,
            "checklist": checklist,
            "next_step_url": step_url(collaboration, checklist.next_step.step)
            if checklist.next_step
            else None,
            "actions": kept_actions_for(
                collaboration,
                checklist.next_step.step if checklist.next_step else None,
                organisation_names={p.organisation_id: p.organisation.name for p in parties},
            )
            if collaboration.can_edit
            else [],
            "newer_template_version": newer_template_version,
        },
    )


def _partner_overview(request, collaboration):
    """A representative's own view: where their party stands, and the collaboration's texts; nothing
    of the staff's checklist."""
    party = get_object_or_404(
        Party.objects.select_related("organisation").filter(
            representations__in=Representation.objects.active().filter(user=request.user)
        ),
        collaboration=collaboration,
    )
    status = [
        {
            "asked": asked,
            "is_agreement": asked.subject.key == "agreement",
            "answer_url": reverse(asked.subject.answer_page, args=[collaboration.pk, party.pk]),
        }
        for asked in queries.party_status(party)
    ]
    problem = queries.current_request(collaboration, subject=PROBLEM)
    return render(
        request,
        "collaborations/partner_overview.html",
        {
            "collaboration": collaboration,
            "party": party,
            "status": status,
            "problem": problem.problem if problem else None,
            "parties": list(_parties(collaboration).exclude(role=PartyRole.OBSERVER)),
            "goal": Goal.objects.filter(collaboration=collaboration).first(),
        },
    )


def collaboration_edit(request, pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    form = CollaborationForm(request.POST or None, instance=collaboration)
    if request.method == "POST" and form.is_valid():
        services.update_collaboration(
            collaboration=collaboration, edited_by=request.user, **form.cleaned_data
        )
        messages.success(request, _("Your changes have been saved."))
        return redirect("collaboration_detail", pk=collaboration.pk)
    return render(
        request, "collaborations/collaboration_form.html", {"form": form, "collaboration": collaboration}
    )


def collaboration_close(request, pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    if request.method == "POST":
        services.close_collaboration(collaboration=collaboration, closed_by=request.user)
        messages.success(request, _("The collaboration is closed. It remains readable."))
        return redirect("collaboration_detail", pk=collaboration.pk)
    return render(request, "collaborations/collaboration_close.html", {"collaboration": collaboration})


# --- Parties ------------------------------------------------------------------------------------


def party_list(request, pk):
    collaboration = get_collaboration_for_user(request, pk)
    answers = queries.answers_by_party(collaboration)
    parties = list(_parties(collaboration))
    for party in parties:
        party.confirmation = answers.get(party.pk)
    my_party_ids = set(
        Representation.objects.active()
        .filter(user=request.user, party__collaboration=collaboration)
        .values_list("party_id", flat=True)
    )
    return render(
        request,
        "collaborations/party_list.html",
        {
            "collaboration": collaboration,
            "parties": parties,
            "my_party_ids": my_party_ids,
            "unsent_problem": _unsent_problem(collaboration, parties),
        },
    )


def _unsent_problem(collaboration, parties):
    """The latest problem description when the lead's staff can send it now: it has not been sent and
    there is a party besides the lead to ask. The parties page then offers to send it."""
    if not collaboration.can_edit or not any(p.role == PartyRole.PARTNER for p in parties):
        return None
    problem = collaboration.latest_problem()
    return problem if problem is not None and not problem.is_sent else None


def party_add(request, pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    query = search_text(request.GET.get("q"))
    matches = []
    if query:
        matches = (
            Organisation.objects.filter(name__icontains=query)
            | Organisation.objects.filter(org_number__startswith=query)
        ).exclude(parties__collaboration=collaboration)[:ORGANISATION_SEARCH_LIMIT]
    chosen = None
    chosen_pk = parse_pk(request.POST.get("organisation") or request.GET.get("organisation"))
    if chosen_pk is not None:
        chosen = Organisation.objects.filter(pk=chosen_pk).first()
    earlier = _earlier_party(collaboration, chosen) if chosen is not None else None
    initial = {"organisation": chosen}
    if earlier is not None:
        initial.update(
            contact_name=earlier.contact_name,
            contact_email=earlier.contact_email,
            contact_phone=earlier.contact_phone,
        )
    form = AddPartyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_party(
                collaboration=collaboration,
                added_by=request.user,
                organisation=form.cleaned_data.get("organisation"),
                new_organisation=form.new_organisation(),
                role=form.cleaned_data["role"],
                contact_name=form.cleaned_data["contact_name"],
                contact_email=form.cleaned_data["contact_email"],
                contact_phone=form.cleaned_data["contact_phone"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The party has been added."))
            if request.POST.get("then") == "another":
                return redirect("party_add", pk=collaboration.pk)
            return redirect("party_list", pk=collaboration.pk)
    return render(
        request,
        "collaborations/party_add.html",
        {
            "collaboration": collaboration,
            "form": form,
            "query": query,
            "matches": matches,
            "chosen": chosen,
            "earlier": earlier,
            "earlier_partners": [] if chosen else _earlier_partners(collaboration),
        },
    )


def _earlier_parties(collaboration):
    """The parties of the lead organisation's other collaborations (its staff see them all)."""
    return (
        Party.objects.filter(collaboration__lead_organisation_id=collaboration.lead_organisation_id)
        .exclude(collaboration=collaboration)
        .exclude(role=PartyRole.LEAD)
    )


def _earlier_partners(collaboration):
    """Organisations the lead has worked with in its other collaborations and that are not parties here
    yet: the add-party form offers them to choose with one click."""
    return list(
        Organisation.objects.filter(pk__in=_earlier_parties(collaboration).values("organisation_id"))
        .exclude(pk__in=collaboration.parties.values("organisation_id"))
        .order_by("name")[:ORGANISATION_SEARCH_LIMIT]
    )


def _earlier_party(collaboration, organisation):
    """The organisation's latest party in another collaboration of the same lead, whose contact person
    the form starts from (staff check it before adding); None if there is none."""
    return (
        _earlier_parties(collaboration)
        .filter(organisation=organisation)
        .select_related("collaboration")
        .order_by("-pk")
        .first()
    )


def party_case_number(request, pk, party_pk):
    """A party's representative records the party's own case number for the collaboration."""
    party = get_party_for_representative(request, pk, party_pk)
    collaboration = get_collaboration_for_user(request, pk)
    form = CaseNumberForm(request.POST or None, instance=Party.objects.get(pk=party.pk))
    if request.method == "POST" and form.is_valid():
        services.record_case_number(
            party=party, case_number=form.cleaned_data["case_number"], recorded_by=request.user
        )
        messages.success(request, _("The case number has been saved."))
        return redirect("party_list", pk=collaboration.pk)
    return render(
        request,
        "collaborations/party_case_number.html",
        {"collaboration": collaboration, "party": party, "form": form},
    )


def party_edit(request, pk, party_pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    party = get_object_or_404(
        Party.objects.select_related("organisation"), pk=party_pk, collaboration=collaboration
    )
    # The form gets its own copy: validating it changes its instance, and the service must see the
    # party as it was stored to check the role change.
    form = PartyForm(request.POST or None, instance=Party.objects.get(pk=party.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_party(party=party, edited_by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The party has been updated."))
            return redirect("party_list", pk=collaboration.pk)
    return render(
        request,
        "collaborations/party_edit.html",
        {"collaboration": collaboration, "party": party, "form": form},
    )


# --- Residents' involvement ---------------------------------------------------------------------


def involvement_list(request, pk):
    collaboration = get_collaboration_for_user(request, pk)
    form = ResidentInvolvementForm()
    if request.method == "POST":
        collaboration = get_collaboration_for_user(request, pk, edit=True)
        form = ResidentInvolvementForm(request.POST)
        if form.is_valid():
            services.save_involvement(collaboration=collaboration, saved_by=request.user, **form.cleaned_data)
            messages.success(request, _("Residents' involvement has been recorded."))
            return redirect("involvement_list", pk=collaboration.pk)
    return render(
        request,
        "collaborations/involvement_list.html",
        {"collaboration": collaboration, "entries": collaboration.resident_involvements.all(), "form": form},
    )


def involvement_edit(request, pk, entry_pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    entry = get_object_or_404(ResidentInvolvement, pk=entry_pk, collaboration=collaboration)
    form = ResidentInvolvementForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        services.save_involvement(
            collaboration=collaboration, saved_by=request.user, instance=entry, **form.cleaned_data
        )
        messages.success(request, _("Your changes have been saved."))
        return redirect("involvement_list", pk=collaboration.pk)
    return render(
        request,
        "collaborations/involvement_edit.html",
        {"collaboration": collaboration, "entry": entry, "form": form},
    )


# --- Problem description ------------------------------------------------------------------------


def problem_detail(request, pk):
    collaboration = get_collaboration_for_user(request, pk)
    versions = list(collaboration.problem_versions.select_related("created_by"))
    problem = versions[0] if versions else None
    return render(
        request,
        "collaborations/problem_detail.html",
        {
            "collaboration": collaboration,
            "problem": problem,
            "versions": versions,
            "confirmation": queries.problem_page_status(
                collaboration,
                problem,
                request.user,
                # The staff's page shows the checklist: its kept facts know the request and its answers.
                kept_summary=status_for_request(request, collaboration).facts.shared_problem
                if collaboration.can_edit
                else None,
            ),
        },
    )


def problem_version(request, pk, version):
    collaboration = get_collaboration_for_user(request, pk)
    problem = get_object_or_404(
        ProblemDescription.objects.select_related("created_by"), collaboration=collaboration, version=version
    )
    return render(
        request, "collaborations/problem_version.html", {"collaboration": collaboration, "problem": problem}
    )


def problem_edit(request, pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    latest = collaboration.latest_problem()
    initial = {"based_on_version": latest.version if latest else 0}
    if latest:
        initial.update(text=latest.text, focus_areas=latest.focus_areas, evidence=latest.evidence)
    form = ProblemDescriptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.save_problem_description(
                collaboration=collaboration, author=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
            latest = collaboration.latest_problem()
            if latest and form.cleaned_data["based_on_version"] != latest.version:
                # Someone saved meanwhile: show both texts; saving again builds on their version.
                form.conflicts = [(_("Problem description"), latest.text, form.cleaned_data["text"])]
                form.data = form.data.copy()
                form.data["based_on_version"] = latest.version
        else:
            messages.success(
                request,
                _("The problem description has been saved as version %(version)s.")
                % {"version": problem.version},
            )
            return redirect(_after_problem_saved(request.POST.get("then")), pk=collaboration.pk)
    has_partners = collaboration.parties.filter(role=PartyRole.PARTNER).exists()
    return render(
        request,
        "collaborations/problem_edit.html",
        {"collaboration": collaboration, "form": form, "latest": latest, "has_partners": has_partners},
    )


def _after_problem_saved(then):
    """Where the problem form's buttons lead: on to the parties (none to ask yet), on to sending it (the
    parties are there), or back to the problem description."""
    return {"parties": "party_add", "send": "problem_send"}.get(then, "problem_detail")


# --- Goal and sub-goals -------------------------------------------------------------------------


def goal_detail(request, pk):
    collaboration = get_collaboration_for_user(request, pk)
    goal = Goal.objects.filter(collaboration=collaboration).first()
    stored = {"overall": goal.overall} if goal else None
    form = GoalForm(initial=stored, current=stored)
    if request.method == "POST":
        collaboration = get_collaboration_for_user(request, pk, edit=True)
        form = GoalForm(request.POST, current=stored)
        if form.is_valid():
            services.save_goal(collaboration=collaboration, saved_by=request.user, **form.cleaned_data)
            messages.success(request, _("The goal has been saved."))
            return redirect("goal_detail", pk=collaboration.pk)
    return render(
        request,
        "collaborations/goal_detail.html",
        {
            "collaboration": collaboration,
            "goal": goal,
            "form": form,
            "sub_goals": collaboration.sub_goals.all(),
            "sub_goal_form": SubGoalForm(),
        },
    )


def sub_goal_edit(request, pk, sub_goal_pk=None):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    sub_goal = None
    if sub_goal_pk is not None:
        sub_goal = get_object_or_404(SubGoal, pk=sub_goal_pk, collaboration=collaboration)
    form = SubGoalForm(request.POST or None, instance=sub_goal)
    if request.method == "POST" and form.is_valid():
        services.save_sub_goal(
            collaboration=collaboration, saved_by=request.user, instance=sub_goal, **form.cleaned_data
        )
        messages.success(request, _("The sub-goal has been saved."))
        return redirect("goal_detail", pk=collaboration.pk)
    return render(
        request,
        "collaborations/sub_goal_form.html",
        {"collaboration": collaboration, "sub_goal": sub_goal, "form": form},
    )


@require_POST
def sub_goal_delete(request, pk, sub_goal_pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    sub_goal = get_object_or_404(SubGoal, pk=sub_goal_pk, collaboration=collaboration)
    services.delete_sub_goal(sub_goal=sub_goal, deleted_by=request.user)
    messages.success(request, _("The sub-goal has been removed."))
    return redirect("goal_detail", pk=collaboration.pk)


# --- Mandates -----------------------------------------------------------------------------------


def mandate_list(request, pk):
    """Each party's mandate; a POST records a joint decision taken for several parties at once."""
    collaboration = get_collaboration_for_user(request, pk)
    form = JointDecisionForm(parties=_parties(collaboration).select_related("organisation"))
    if request.method == "POST":
        collaboration = get_collaboration_for_user(request, pk, edit=True)
        form = JointDecisionForm(request.POST, parties=_parties(collaboration).select_related("organisation"))
        if form.is_valid():
            services.record_joint_decision(
                collaboration=collaboration,
                saved_by=request.user,
                decided_by=form.cleaned_data["decided_by"],
                decided_on=form.cleaned_data["decided_on"],
                scope=form.cleaned_data["scope"],
                parties=list(form.cleaned_data["parties"]),
            )
            messages.success(request, _("The joint decision has been recorded."))
            return redirect("mandate_list", pk=collaboration.pk)
    parties = _parties(collaboration).select_related("organisation", "mandate__joint_decision")
    return render(
        request,
        "collaborations/mandate_list.html",
        {"collaboration": collaboration, "parties": parties, "joint_form": form},
    )


def mandate_edit(request, pk, party_pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    party = get_object_or_404(
        Party.objects.select_related("organisation"), pk=party_pk, collaboration=collaboration
    )
    mandate = Mandate.objects.filter(party=party).select_related("joint_decision").first()
    form = MandateForm(
        request.POST or None, instance=mandate, joint_decisions=collaboration.joint_decisions.all()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_mandate(party=party, saved_by=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("mandate_list", pk=collaboration.pk)
        messages.success(request, _("The mandate has been saved."))
        return redirect("mandate_list", pk=collaboration.pk)
    return render(
        request,
        "collaborations/mandate_form.html",
        {"collaboration": collaboration, "party": party, "form": form},
    )
