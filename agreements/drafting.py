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

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreements import finances, formatting
from agreements.bid import build_bid
from agreements.clauses import BID_PUBLIC_PARTNERS, MODEL_CLAUSES, SECTIONS
from agreements.common_clauses import add_common_clauses
from agreements.content import (
    ActivityEntry,
    Agreement,
    Clause,
    Communication,
    Confirmation,
    Gap,
    GroupMemberEntry,
    Involvement,
    JointDecisionEntry,
    LegalEntry,
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
from agreements.formatting import decided_when, org_number_label, partial_date, with_reason
from agreements.iop import add_iop
from agreements.log import log_entries
from checklist.chooser import evaluate_models
from checklist.facts import REQUIRED_LEGAL_TOPICS
from checklist.models import (
    Activity,
    AgreementTerms,
    BudgetLine,
    CommunicationPlan,
    FollowUp,
    GroupKind,
    GroupMember,
    LegalReview,
    LegalTopic,
    ReviewStatus,
    WorkOrganisation,
)
from checklist.steps import before_final_draft, key_for_section, step_url
from collaborations.models import (
    CollaborationModel,
    ConfirmationAnswer,
    ConfirmationRecipient,
    ConfirmationRequest,
    FocusArea,
    Goal,
    ModelChoice,
    Party,
    PartyRole,
    PartyState,
    ProblemDescription,
    ResidentInvolvement,
    Sector,
    SubGoal,
)

AGREEMENT_LANGUAGE = "sv"

ROLE_ORDER = {PartyRole.LEAD: 0, PartyRole.PARTNER: 1, PartyRole.OBSERVER: 2}


# --- Formatting (Swedish): agreements/formatting.py ---------------------------------------------

_number = finances.number
_sek = finances.sek
_date = formatting.iso_date
_moment = formatting.moment
_hours_per_year = formatting.hours_per_year
_person = formatting.person
_partial = formatting.partial_date
_names = formatting.join_names
_not_decided = formatting.not_decided


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
        add_common_clauses(self, terms=self._terms())
        add_est(self)  # the EST part, when the form is EST (agreements/est.py)
        add_iop(self)  # the IOP guardrail on paid services, when the form is IOP (agreements/iop.py)
        a.open_steps = [
            self.step(key)
            for key, status in self.statuses.items()
            if before_final_draft(key) and not status.is_complete
        ]
        a.open_steps.sort(key=lambda s: s.number or 0)
        a.log = log_entries(self.collaboration)
        return a

    def _parties(self):
        rows = (
            Party.objects.filter(collaboration=self.collaboration)
            .exclude(state=PartyState.DECLINED)
            .select_related("organisation", "commitment", "mandate__joint_decision")
        )
        rows = sorted(rows, key=lambda p: (ROLE_ORDER.get(p.role, 9), p.organisation.name.lower(), p.pk))
        self.signing_parties = []  # the rows of agreement.parties, in its order
        self.observer_rows = []
        for party in rows:
            entry = self._party_entry(party)
            if party.role == PartyRole.OBSERVER:
                self.agreement.observers.append(entry)
                self.observer_rows.append(party)
            else:
                self.agreement.parties.append(entry)
                self.signing_parties.append(party)
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
            if not org_number_label(party.organisation):
                self.gap(
                    "parties",
                    "parties",
                    _("The organisation number of %(party)s is not known yet.") % {"party": name},
                )
        self._joint_decisions(rows)
        return rows

    def _joint_decisions(self, rows):
        """Each joint decision once, with the parties (not observers) whose mandates refer to it."""
        decisions = {}
        for party in rows:
            mandate = getattr(party, "mandate", None)
            if party.role == PartyRole.OBSERVER or mandate is None or mandate.joint_decision is None:
                continue
            decisions.setdefault(mandate.joint_decision, []).append(party.organisation.name)
        for decision, names in sorted(decisions.items(), key=lambda item: item[0].pk):
            self.agreement.joint_decisions.append(
                JointDecisionEntry(
                    decided_by=decision.decided_by,
                    decided_on=decided_when(decision.decided),
                    scope=decision.scope,
                    parties=names,
                )
            )

    def _party_entry(self, party) -> PartyEntry:
        commitment = getattr(party, "commitment", None)
        mandate = getattr(party, "mandate", None)
        return PartyEntry(
            key=f"party-{party.pk}",
            name=party.organisation.name,
            org_number=party.organisation.org_number or "",
            org_number_label=org_number_label(party.organisation),
            case_number=party.case_number.strip(),
            kind=party.organisation.get_kind_display(),
            sector=party.organisation.sector,
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
                decided_by=mandate.decision_maker,
                decided_on=decided_when(mandate.decided),
                scope=mandate.decision_scope,
                resources=mandate.resources,
                joint=mandate.joint_decision_id is not None,
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
                    target_date=partial_date(sub_goal.target_when),
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
        for sub_goal in sub_goals:
            names = {"indicator": sub_goal.indicator}
            for value, reason, message in [
                (
                    sub_goal.baseline,
                    sub_goal.get_baseline_unknown_display(),
                    _("The baseline of the sub-goal “%(indicator)s” is not known yet.") % names,
                ),
                (
                    sub_goal.target,
                    sub_goal.get_target_unknown_display(),
                    _("The target of the sub-goal “%(indicator)s” is not known yet.") % names,
                ),
                (
                    sub_goal.target_date,
                    "",
                    _("When the sub-goal “%(indicator)s” is to be reached is not known yet.") % names,
                ),
            ]:
                if not value:
                    self.gap("goals", "goal", with_reason(message, reason))

    def _model(self, parties):
        self.model_details = {}
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
        self.model_details = details
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
            guardrails=[
                str(text) for text, key in clauses.guardrails if finances.detail_recorded(details, key)
            ],
            legal=legal,
            partners=self._public_partners() if choice.model == CollaborationModel.BID else "",
            checks=self._model_checks(choice, parties),
        )

    def _public_partners(self) -> str:
        """The sentence naming the public organisations among the parties; "" when there are none."""
        names = [
            entry.name
            for entry, party in zip(self.agreement.parties, self.signing_parties, strict=True)
            if party.organisation.sector == Sector.PUBLIC
        ]
        return BID_PUBLIC_PARTNERS % {"parties": _names(names)} if names else ""

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
        # The date of a recorded decision says which decision the party signs on; until it is known
        # (even only to the month or the year), the agreement has a gap.
        for decision in self.agreement.joint_decisions:
            if not decision.decided_on:
                self.gap(
                    "commitments",
                    "mandate",
                    _("The date of the joint decision by %(body)s is not known yet.")
                    % {"body": decision.decided_by},
                )
        for entry in self.agreement.parties:
            if entry.mandate and not entry.mandate.joint and not entry.mandate.decided_on:
                self.gap(
                    "commitments",
                    "mandate",
                    _("The date of the decision on the mandate of %(party)s is not known yet.")
                    % {"party": entry.name},
                    party=entry.key,
                )
            if not entry.responsibilities.strip():
                self.gap(
                    "commitments",
                    "roles",
                    _("The role and responsibilities of %(party)s are not described.")
                    % {"party": entry.name},
                    party=entry.key,
                )
            if not entry.has_contribution:
                self.gap(
                    "commitments",
                    "roles",
                    _("No contribution of %(party)s is recorded.") % {"party": entry.name},
                    party=entry.key,
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
                steering_rhythm=work.get_steering_rhythm_display() if work.steering_rhythm else "",
                working_rhythm=work.get_working_rhythm_display() if work.working_rhythm else "",
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
        else:
            for what, reason in work.missing():
                self.gap("organisation", "organisation", _not_decided(what, reason))
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
        rows = list(rows)
        self.agreement.activities = [
            ActivityEntry(
                title=row.title,
                description=row.description,
                party=row.responsible_party.organisation.name,
                starts_on=_partial(row.start),
                ends_on=_partial(row.end),
                ongoing=row.ongoing,
            )
            for row in rows
        ]
        if not self.applies("activities"):
            return
        if not rows:
            self.gap("activities", "activities", _("No activity has been planned."))
        for row in rows:
            if row.starts_on is None:
                self.gap(
                    "activities",
                    "activities",
                    _("The start of the activity “%(activity)s” is not known yet.") % {"activity": row.title},
                )
            if row.ends_on is None and not row.ongoing:
                self.gap(
                    "activities",
                    "activities",
                    _("The end of the activity “%(activity)s” is not known yet, nor is it marked as ongoing.")
                    % {"activity": row.title},
                )

    def _residents(self):
        rows = ResidentInvolvement.objects.filter(collaboration=self.collaboration).order_by("held_on", "pk")
        self.agreement.involvements = [
            Involvement(
                method=row.get_method_display(),
                held_on=partial_date(row.held),
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
        follow_ups = FollowUp.objects.filter(sub_goal__collaboration=self.collaboration).select_related(
            "sub_goal"
        )
        for follow_up in follow_ups.order_by("sub_goal__pk"):
            for what in follow_up.missing():
                self.gap(
                    "follow_up",
                    "follow_up",
                    _("Not decided yet for the sub-goal “%(indicator)s”: %(what)s.")
                    % {"indicator": follow_up.sub_goal.indicator, "what": what},
                )

    def _communication(self):
        plan = CommunicationPlan.objects.filter(collaboration=self.collaboration).first()
        if plan:
            self.agreement.communication = Communication(
                residents=plan.residents, public=plan.public, spokesperson=plan.spokesperson
            )
        if not self.applies("communication"):
            return
        if plan is None:
            self.gap("communication", "communication", _("The communication plan is missing."))
            return
        for what in plan.missing():
            self.gap("communication", "communication", _not_decided(what))

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
        money = finances.budget(lines, observers=self.observer_rows)
        a.budget_lines, a.budget_by_party, a.co_financing = money.lines, money.by_party, money.co_financing
        a.budget_total, a.budget_total_per_year = money.total, money.total_per_year
        a.finances_clauses = finances.finances_clauses(
            model=a.model.key if a.model else None, details=self.model_details, has_budget=bool(lines)
        )
        if self.applies("finances") and not lines:
            self.gap("finances", "budget", _("No budget has been drawn up."))

    def _terms(self):
        terms = AgreementTerms.objects.filter(collaboration=self.collaboration).first()
        if terms:
            self.agreement.terms = Terms(
                starts_on=_partial(terms.start),
                ends_on=_partial(terms.end),
                period=terms.period.strip(),
                review=terms.review,
                termination=terms.termination,
                changes=terms.changes,
                disputes=terms.disputes,
                assignment=terms.assignment,
            )
        if not self.applies("terms"):
            return terms
        if terms is None:
            self.gap("terms", "terms", _("The duration, review, termination and disputes are not decided."))
            return None
        for what in terms.missing():
            self.gap("terms", "terms", _not_decided(what))
        return terms
