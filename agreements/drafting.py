"""Building the agreement draft from what a collaboration has recorded.

`build_agreement(collaboration, checklist=...)` reads everything one collaboration's agreement says in
a fixed number of queries, whatever the number of parties or rows, and returns an `Agreement`: frozen
dataclasses of strings, already formatted in Swedish, which the templates only lay out. Each missing
piece is a `Gap` that names the checklist step filling it (found by key in the collaboration's own
checklist template) and links to where that step is worked (the step registry, checklist/steps.py,
says where). A section whose step is marked as not applicable says so instead of showing gaps; which
step feeds which section is the registry's too. The dataclasses themselves are in agreements/content.py.

The agreement is a Swedish document: it is built and rendered with `AGREEMENT_LANGUAGE` active,
whatever the reader's language.
"""

from collections import defaultdict

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.bid import build_bid
from agreements.clauses import MODEL_CLAUSES, SECTIONS
from agreements.content import (
    ActivityEntry,
    Agreement,
    BudgetLineEntry,
    Clause,
    Communication,
    Confirmation,
    Gap,
    GroupMemberEntry,
    Involvement,
    LegalEntry,
    LogEntry,
    Mandate,
    ModelCheck,
    ModelEntry,
    NotApplicable,
    Organisation,
    PartyEntry,
    Problem,
    StepRef,
    SubGoalEntry,
    Terms,
)
from agreements.est import add_est
from checklist.chooser import evaluate_models
from checklist.facts import REQUIRED_LEGAL_TOPICS
from checklist.models import (
    Activity,
    AgreementTerms,
    BudgetLine,
    CommunicationPlan,
    GroupKind,
    GroupMember,
    LegalReview,
    LegalTopic,
    ReviewStatus,
    WorkOrganisation,
)
from checklist.steps import before_final_draft, key_for_section, step_url
from collaborations.models import (
    ConfirmationAnswer,
    ConfirmationRecipient,
    ConfirmationRequest,
    Event,
    EventKind,
    FocusArea,
    Goal,
    ModelChoice,
    Party,
    PartyRole,
    PartyState,
    ProblemDescription,
    ResidentInvolvement,
    SubGoal,
)

AGREEMENT_LANGUAGE = "sv"

# The appendix: the log of what was sent for confirmation or approval, and the answers.
LOG_KINDS = [
    EventKind.VERSION_SENT,
    EventKind.ANSWER_GIVEN,
    EventKind.ALL_AGREED,
    EventKind.AGREEMENT_SENT,
    EventKind.APPROVAL_GIVEN,
    EventKind.CHANGES_WANTED,
    EventKind.ALL_APPROVED,
]

ROLE_ORDER = {PartyRole.LEAD: 0, PartyRole.PARTNER: 1, PartyRole.OBSERVER: 2}


# --- Formatting (Swedish) -----------------------------------------------------------------------


def _date(value) -> str:
    return value.isoformat() if value else ""


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _number(value) -> str:
    return number_format(value, force_grouping=True)


def _sek(value) -> str:
    return _("%(amount)s SEK") % {"amount": _number(value)}


def _hours_per_year(value) -> str:
    return ngettext("%(hours)s hour per year", "%(hours)s hours per year", value) % {"hours": _number(value)}


def _person(user) -> str:
    return user.display_name if user is not None else ""


# --- Building -----------------------------------------------------------------------------------


def build_agreement(collaboration, *, checklist) -> "Agreement":
    """The agreement of `collaboration` as it stands. `checklist` is its ChecklistStatus
    (checklist.rules.status_for_request in a view, checklist_status elsewhere)."""
    with translation.override(AGREEMENT_LANGUAGE):
        return _Builder(collaboration, checklist).build()


class _Builder:
    def __init__(self, collaboration, checklist):
        self.collaboration = collaboration
        self.statuses = {s.step.key: s for s in checklist.steps}
        numbered = [(key, f"{number}. {title}") for number, (key, title) in enumerate(SECTIONS, start=1)]
        self.agreement = Agreement(
            collaboration_id=collaboration.pk,
            title=collaboration.title,
            area_name=collaboration.area_name,
            municipality=collaboration.municipality,
            lead_name=collaboration.lead_organisation.name,
            sections=numbered,
            titles=dict(numbered),
        )

    # -- steps and gaps

    def step(self, key, url=None) -> StepRef:
        status = self.statuses.get(key)
        if status is None:  # an operator's template without this step
            return StepRef(
                key, None, "", url or reverse("collaboration_detail", args=[self.collaboration.pk])
            )
        return StepRef(
            key, status.step.number, status.step.title, url or step_url(self.collaboration, status.step)
        )

    def applies(self, section) -> bool:
        """False (and the reason recorded) when the section's step is marked as not applicable."""
        key = key_for_section(section)
        status = self.statuses.get(key)
        if status is None or not status.not_applicable_reason:
            return True
        self.agreement.not_applicable[section] = NotApplicable(self.step(key), status.not_applicable_reason)
        return False

    def gap(self, section, step_key, what, url=None, party=""):
        self.agreement.gaps.append(
            Gap(section=section, what=what, step=self.step(step_key, url), party=party)
        )

    # -- sections

    def build(self) -> Agreement:
        a = self.agreement
        parties = self._parties()
        self._background()
        self._goals()
        self._model(parties)
        a.bid = build_bid(self.collaboration, model=a.model, gap=self.gap)
        self._commitments(parties)
        self._organisation()
        self._activities()
        self._residents()
        self._follow_up()
        self._communication()
        self._personal_data()
        self._finances()
        self._terms()
        add_est(self)  # the EST part, when the form is EST (agreements/est.py)
        a.open_steps = [
            self.step(key)
            for key, status in self.statuses.items()
            if before_final_draft(key) and not status.is_complete
        ]
        a.open_steps.sort(key=lambda s: s.number or 0)
        a.log = self._log()
        return a

    def _parties(self):
        rows = (
            Party.objects.filter(collaboration=self.collaboration)
            .exclude(state=PartyState.DECLINED)
            .select_related("organisation", "commitment", "mandate")
        )
        rows = sorted(rows, key=lambda p: (ROLE_ORDER.get(p.role, 9), p.organisation.name.lower(), p.pk))
        for party in rows:
            entry = self._party_entry(party)
            if party.role == PartyRole.OBSERVER:
                self.agreement.observers.append(entry)
            else:
                self.agreement.parties.append(entry)
        if len(rows) - sum(1 for p in rows if p.role == PartyRole.LEAD) < 2:
            self.gap(
                "parties", "parties", _("At least two parties besides the lead organisation are needed.")
            )
        for party in rows:
            if party.role == PartyRole.OBSERVER:
                continue
            name = party.organisation.name
            if party.state != PartyState.JOINED:
                self.gap(
                    "parties",
                    "parties",
                    _("%(party)s has not joined the collaboration yet (%(state)s).")
                    % {"party": name, "state": party.get_state_display().lower()},
                )
            if not party.contact_name.strip():
                self.gap("parties", "parties", _("%(party)s has no named representative.") % {"party": name})
        return rows

    def _party_entry(self, party) -> PartyEntry:
        commitment = getattr(party, "commitment", None)
        mandate = getattr(party, "mandate", None)
        return PartyEntry(
            name=party.organisation.name,
            org_number=party.organisation.org_number,
            case_number=party.case_number.strip(),
            kind=party.organisation.get_kind_display(),
            role=party.get_role_display(),
            is_lead=party.role == PartyRole.LEAD,
            state=party.get_state_display(),
            representative=party.contact_name,
            email=party.contact_email,
            phone=party.contact_phone,
            responsibilities=commitment.responsibilities if commitment else "",
            staff_hours=_hours_per_year(party.staff_hours) if party.staff_hours else "",
            money=_sek(party.money_sek) if party.money_sek else "",
            premises=party.premises,
            other_contribution=party.other_contribution,
            mandate=Mandate(
                decided_by=mandate.decided_by,
                decided_on=_date(mandate.decided_on),
                scope=mandate.scope,
                resources=mandate.resources,
            )
            if mandate
            else None,
        )

    def _background(self):
        a = self.agreement
        latest = (
            ProblemDescription.objects.filter(collaboration=self.collaboration).order_by("-version").first()
        )
        request = (
            ConfirmationRequest.objects.for_problem()
            .current()
            .filter(collaboration=self.collaboration)
            .select_related("problem")
            .first()
        )
        if latest is None:
            self.gap("background", "problem", _("The problem description has not been written."))
            return
        shown = request.problem if request else latest
        labels = dict(FocusArea.choices)
        a.problem = Problem(
            version=shown.version,
            text=shown.text,
            focus_areas=[str(labels[key]) for key in shown.focus_areas if key in labels],
            evidence=shown.evidence,
            sent_on=_date(timezone.localdate(request.sent_at)) if request else "",
        )
        recipients = list(
            ConfirmationRecipient.objects.filter(
                request__collaboration=self.collaboration, request__problem__isnull=False
            )
            .select_related("request__problem", "party__organisation", "answered_by")
            .order_by("-request__problem__version", "party__organisation__name", "pk")
        )
        a.confirmations = [
            Confirmation(
                party=r.party.organisation.name,
                version=r.request.problem.version,
                answer=r.get_answer_display() if r.answer else _("Has not answered"),
                answered_at=_moment(r.answered_at),
                answered_by=r.respondent(),  # an account, or the name given with the link
                comment=r.comment,
            )
            for r in recipients
            if r.answer or r.request_id == (request.pk if request else None)
        ]
        if request is None:
            a.problem_is_draft = True
            self.gap(
                "background",
                "shared_problem",
                _("The problem description has not been sent to the parties for confirmation."),
            )
            return
        if latest.version > shown.version:
            self.gap(
                "background",
                "shared_problem",
                _(
                    "Version %(latest)s of the problem description has not been sent for confirmation; the "
                    "parties were asked about version %(sent)s."
                )
                % {"latest": latest.version, "sent": shown.version},
            )
        asked = [r for r in recipients if r.request_id == request.pk and r.party.state != PartyState.DECLINED]
        not_agreeing = [r.party.organisation.name for r in asked if r.answer != ConfirmationAnswer.AGREE]
        a.all_agree = bool(asked) and not not_agreeing
        if not_agreeing:
            self.gap(
                "background",
                "shared_problem",
                _("Not every party agrees with version %(version)s yet: %(parties)s.")
                % {"version": shown.version, "parties": ", ".join(not_agreeing)},
            )

    def _goals(self):
        a = self.agreement
        goal = Goal.objects.filter(collaboration=self.collaboration).first()
        sub_goals = SubGoal.objects.filter(collaboration=self.collaboration).select_related(
            "follow_up__responsible_party__organisation"
        )
        for sub_goal in sub_goals:
            follow_up = getattr(sub_goal, "follow_up", None)
            responsible = follow_up.responsible_party if follow_up else None
            a.sub_goals.append(
                SubGoalEntry(
                    indicator=sub_goal.indicator,
                    baseline=sub_goal.baseline,
                    target=sub_goal.target,
                    target_date=_date(sub_goal.target_date),
                    follow_up_method=follow_up.method if follow_up else "",
                    follow_up_rhythm=follow_up.get_rhythm_display() if follow_up else "",
                    follow_up_party=responsible.organisation.name if responsible else "",
                    has_follow_up=follow_up is not None,
                )
            )
        a.goal = goal.overall if goal else ""
        if not self.applies("goals"):
            return
        if not a.goal.strip():
            self.gap("goals", "goal", _("The overall goal is missing."))
        if not a.sub_goals:
            self.gap("goals", "goal", _("No measurable sub-goal has been set."))

    def _model(self, parties):
        choice = ModelChoice.objects.filter(collaboration=self.collaboration).first()
        reviews = {r.topic: r for r in LegalReview.objects.filter(collaboration=self.collaboration)}
        self.legal_reviews = reviews
        if not self.applies("model"):
            return
        if choice is None:
            self.gap("model", "model", _("No form of collaboration has been chosen."))
            return
        clauses = MODEL_CLAUSES[choice.model]
        details = choice.details or {}
        details_url = reverse("model_details", args=[self.collaboration.pk])
        written = []
        for key, label in clauses.details:
            text = str(details.get(key) or "").strip()
            if text:
                written.append(Clause(label=str(label), text=text))
            else:
                self.gap(
                    "model",
                    "model",
                    _("Details of the form of collaboration are missing: %(detail)s.") % {"detail": label},
                    url=details_url,
                )
        if not choice.rationale.strip():
            self.gap("model", "model", _("The rationale for the form of collaboration is missing."))
        legal = []
        for topic in REQUIRED_LEGAL_TOPICS[choice.model]:
            if topic == LegalTopic.PERSONAL_DATA:
                continue  # a section of its own
            entry = self._legal_entry(topic)
            legal.append(entry)
            if not entry.is_assessed and not self._legal_not_applicable():
                self.gap("model", "legal", _("Legal assessment missing: %(topic)s.") % {"topic": entry.topic})
        self.agreement.model = ModelEntry(
            key=choice.model,
            label=choice.get_model_display(),
            rationale=choice.rationale,
            intro=str(clauses.intro),
            clauses=written,
            guardrails=[str(g) for g in clauses.guardrails],
            legal=legal,
            checks=self._model_checks(choice, parties),
        )

    def _model_checks(self, choice, parties) -> list:
        """What the model chooser checks for the chosen form, against the parties taking part now."""
        evaluation = evaluate_models(parties, choice.chooser_answers).get(choice.model)
        if evaluation is None:  # another form of collaboration has no needs of its own
            return []
        return [ModelCheck(label=str(n.label), met=n.met, detail=n.detail) for n in evaluation.needs]

    def _legal_not_applicable(self) -> bool:
        status = self.statuses.get("legal")
        return bool(status and status.not_applicable_reason)

    def _legal_entry(self, topic) -> LegalEntry:
        review = self.legal_reviews.get(topic)
        return LegalEntry(
            topic=str(LegalTopic(topic).label),
            status=review.get_status_display() if review else str(ReviewStatus.NOT_STARTED.label),
            assessment=review.assessment if review else "",
            assessed_by=review.assessed_by if review else "",
            assessed_on=_date(review.assessed_on) if review else "",
            is_assessed=bool(review and review.status == ReviewStatus.ASSESSED),
        )

    def _commitments(self, parties):
        lead_has_mandate = any(p.role == PartyRole.LEAD and hasattr(p, "mandate") for p in parties)
        if not self.applies("commitments"):
            return
        for entry in self.agreement.parties:
            if not entry.responsibilities.strip():
                self.gap(
                    "commitments",
                    "roles",
                    _("The role and responsibilities of %(party)s are not described.")
                    % {"party": entry.name},
                    party=entry.org_number,
                )
            if not entry.has_contribution:
                self.gap(
                    "commitments",
                    "roles",
                    _("No contribution of %(party)s is recorded.") % {"party": entry.name},
                    party=entry.org_number,
                )
        if not lead_has_mandate:
            self.gap("commitments", "mandate", _("The lead organisation's mandate is not recorded."))

    def _organisation(self):
        a = self.agreement
        work = (
            WorkOrganisation.objects.filter(collaboration=self.collaboration)
            .select_related("coordinator_party__organisation")
            .first()
        )
        members = GroupMember.objects.filter(collaboration=self.collaboration).select_related(
            "party__organisation"
        )
        steering_parties = set()
        for member in members:
            entry = GroupMemberEntry(
                party=member.party.organisation.name, person=member.person, task=member.task
            )
            if member.group == GroupKind.STEERING:
                a.steering_group.append(entry)
                steering_parties.add(member.party_id)
            else:
                a.working_group.append(entry)
        if work:
            a.organisation = Organisation(
                coordinator=work.coordinator_name,
                coordinator_party=work.coordinator_party.organisation.name if work.coordinator_party else "",
                steering_rhythm=work.get_steering_rhythm_display(),
                working_rhythm=work.get_working_rhythm_display(),
                notes=work.notes,
            )
        if not self.applies("organisation"):
            return
        if work is None:
            self.gap(
                "organisation",
                "organisation",
                _("The coordinator and how often the groups meet are not decided."),
            )
        if len(steering_parties) < 2:
            self.gap(
                "organisation",
                "organisation",
                _("The steering group needs representatives of at least two parties."),
            )

    def _activities(self):
        rows = Activity.objects.filter(collaboration=self.collaboration).select_related(
            "responsible_party__organisation"
        )
        self.agreement.activities = [
            ActivityEntry(
                title=row.title,
                description=row.description,
                party=row.responsible_party.organisation.name,
                starts_on=_date(row.starts_on),
                ends_on=_date(row.ends_on),
            )
            for row in rows
        ]
        if self.applies("activities") and not self.agreement.activities:
            self.gap("activities", "activities", _("No activity has been planned."))

    def _residents(self):
        rows = ResidentInvolvement.objects.filter(collaboration=self.collaboration).order_by("held_on", "pk")
        self.agreement.involvements = [
            Involvement(
                method=row.get_method_display(),
                held_on=_date(row.held_on),
                participants=row.participants,
                learned=row.learned,
                effect=row.effect_on_problem,
            )
            for row in rows
        ]
        if self.applies("residents") and not self.agreement.involvements:
            self.gap("residents", "residents", _("No involvement of residents has been recorded."))

    def _follow_up(self):
        if not self.applies("follow_up"):
            return
        for sub_goal in self.agreement.sub_goals:
            if not sub_goal.has_follow_up:
                self.gap(
                    "follow_up",
                    "follow_up",
                    _("No follow-up is planned for the sub-goal “%(indicator)s”.")
                    % {"indicator": sub_goal.indicator},
                )

    def _communication(self):
        plan = CommunicationPlan.objects.filter(collaboration=self.collaboration).first()
        if plan:
            self.agreement.communication = Communication(
                residents=plan.residents, public=plan.public, spokesperson=plan.spokesperson
            )
        elif self.applies("communication"):
            self.gap("communication", "communication", _("The communication plan is missing."))

    def _personal_data(self):
        entry = self._legal_entry(LegalTopic.PERSONAL_DATA)
        self.agreement.personal_data = entry
        if self.applies("personal_data") and not entry.is_assessed:
            self.gap("personal_data", "legal", _("The assessment of personal data and secrecy is missing."))

    def _finances(self):
        a = self.agreement
        lines = list(
            BudgetLine.objects.filter(collaboration=self.collaboration).select_related("party__organisation")
        )
        by_party = defaultdict(int)
        for line in lines:
            by_party[line.party.organisation.name] += line.amount_sek
            a.budget_lines.append(
                BudgetLineEntry(
                    year=line.year,
                    party=line.party.organisation.name,
                    amount=_sek(line.amount_sek),
                    purpose=line.purpose,
                )
            )
        a.budget_by_party = [(name, _sek(amount)) for name, amount in sorted(by_party.items())]
        a.budget_total = _sek(sum(by_party.values())) if lines else ""
        if self.applies("finances") and not lines:
            self.gap("finances", "budget", _("No budget has been drawn up."))

    def _terms(self):
        terms = AgreementTerms.objects.filter(collaboration=self.collaboration).first()
        if terms:
            self.agreement.terms = Terms(
                starts_on=_date(terms.starts_on),
                ends_on=_date(terms.ends_on),
                review=terms.review,
                termination=terms.termination,
                changes=terms.changes,
                disputes=terms.disputes,
            )
        elif self.applies("terms"):
            self.gap("terms", "terms", _("The duration, review, termination and disputes are not decided."))

    def _log(self):
        events = (
            Event.objects.filter(collaboration=self.collaboration, kind__in=LOG_KINDS)
            .select_related("actor")
            .order_by("created_at", "pk")
        )
        return [
            LogEntry(
                at=_moment(event.created_at),
                event=event.get_kind_display(),
                detail=event.detail,
                actor=_person(event.actor),
            )
            for event in events
        ]
