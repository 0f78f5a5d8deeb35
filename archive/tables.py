"""What an archive holds: the tables of one collaboration, in the order they are imported (every row
after the rows it refers to). docs/EXPORT_FORMAT.md describes the format; change FORMAT_VERSION when
a change here means an older reader would misread an archive."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from agreements.models import AgreementVersion, SealedAgreement
from checklist.bid_models import BidAssociation, BidMember, FeeCategory
from checklist.est_models import EstArrangement, EstReporter
from checklist.iop_models import PaidService
from checklist.models import (
    Activity,
    AgreementTerms,
    BudgetLine,
    ChecklistTemplate,
    ChooserAnswers,
    CollaborationChecklist,
    CommunicationPlan,
    FollowUp,
    GroupMember,
    LegalReview,
    PartyCommitment,
    Step,
    StepMarkedDone,
    StepNotApplicable,
    WorkOrganisation,
)
from checklist.signatory_models import Signatory
from collaborations.models import (
    Collaboration,
    ConfirmationRecipient,
    ConfirmationRequest,
    Event,
    Goal,
    Invitation,
    JointDecision,
    Mandate,
    ModelChoice,
    Organisation,
    Party,
    ProblemDescription,
    Representation,
    ResidentInvolvement,
    SubGoal,
)
from documents.models import Document

FORMAT = "samverkan-archive"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Table:
    name: str
    model: type
    # How a row belongs to the collaboration: a lookup from the row to it ...
    path: str = "collaboration"
    # ... or, for rows that other collaborations share, a function of (collaboration, template id).
    select: Callable | None = None

    def rows(self, collaboration, template_id):
        if self.select is not None:
            return self.select(collaboration, template_id)
        return self.model.objects.filter(**{self.path: collaboration})

    @property
    def csv_name(self) -> str:
        return f"csv/{self.name}.csv"


TABLES = [
    Table(
        "organisations",
        Organisation,
        select=lambda c, t: Organisation.objects.filter(
            Q(pk=c.lead_organisation_id) | Q(parties__collaboration=c)
        ).distinct(),
    ),
    Table("collaborations", Collaboration, select=lambda c, t: Collaboration.objects.filter(pk=c.pk)),
    Table(
        "checklist_templates", ChecklistTemplate, select=lambda c, t: ChecklistTemplate.objects.filter(pk=t)
    ),
    Table("checklist_steps", Step, select=lambda c, t: Step.objects.filter(template_id=t)),
    Table("collaboration_checklists", CollaborationChecklist),
    Table("parties", Party),
    Table("representations", Representation, path="party__collaboration"),
    Table("resident_involvements", ResidentInvolvement),
    Table("problem_descriptions", ProblemDescription),
    Table("goals", Goal),
    Table("sub_goals", SubGoal),
    Table("joint_decisions", JointDecision),
    Table("mandates", Mandate, path="party__collaboration"),
    Table("model_choices", ModelChoice),
    Table("chooser_answers", ChooserAnswers),
    Table("steps_not_applicable", StepNotApplicable),
    Table("steps_marked_done", StepMarkedDone),
    Table("party_commitments", PartyCommitment, path="party__collaboration"),
    Table("paid_services", PaidService, path="party__collaboration"),
    Table("signatories", Signatory, path="party__collaboration"),
    Table("work_organisations", WorkOrganisation),
    Table("group_members", GroupMember),
    Table("legal_reviews", LegalReview),
    Table("activities", Activity),
    Table("budget_lines", BudgetLine),
    Table("bid_associations", BidAssociation),
    Table("bid_fee_categories", FeeCategory),
    Table("bid_members", BidMember),
    Table("est_arrangements", EstArrangement),
    Table("est_reporters", EstReporter),
    Table("follow_ups", FollowUp, path="sub_goal__collaboration"),
    Table("communication_plans", CommunicationPlan),
    Table("agreement_terms", AgreementTerms),
    Table("agreement_versions", AgreementVersion),
    Table("confirmation_requests", ConfirmationRequest),
    Table("confirmation_recipients", ConfirmationRecipient, path="request__collaboration"),
    Table("invitations", Invitation, path="recipient__request__collaboration"),
    Table("sealed_agreements", SealedAgreement, path="version__collaboration"),
    Table("documents", Document),
    Table("events", Event),
]

# Fields that never leave the service: the hash of an invitation link's token would let whoever holds
# an old link use it on the importing instance. The archive says only whether a link was issued.
SECRET_FIELDS = {(Invitation, "token_hash")}
