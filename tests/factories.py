"""Factories for tests, one for every model. Organisation numbers are generated with a valid Luhn check
digit. A factory makes the smallest valid row; a test names the fields its behaviour depends on."""

import datetime
import itertools

import factory
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile

from accounts.models import User
from agreements.models import AgreementVersion
from checklist.bid_models import BidAssociation, BidMember, FeeCategory, FeeKind
from checklist.models import (
    MANUAL_RULE,
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
    LegalTopic,
    MeetingRhythm,
    PaidService,
    PartyCommitment,
    ReviewStatus,
    Signatory,
    Step,
    StepMarkedDone,
    StepNotApplicable,
    WorkOrganisation,
)
from collaborations.models import (
    Collaboration,
    CollaborationModel,
    ConfirmationRecipient,
    ConfirmationRequest,
    Event,
    EventKind,
    Goal,
    Invitation,
    JointDecision,
    Mandate,
    Membership,
    MembershipRole,
    ModelChoice,
    Organisation,
    OrganisationKind,
    Party,
    PartyRole,
    PartyState,
    ProblemDescription,
    Representation,
    ResidentInvolvement,
    SubGoal,
)
from collaborations.validators import luhn_is_valid
from documents.models import Document, DocumentKind

PASSWORD = "test-password-123"
_org_counter = itertools.count(100000)


def valid_org_number(seed: int) -> str:
    prefix = f"55{seed:07d}"[-9:]
    check = next(d for d in range(10) if luhn_is_valid(f"{prefix}{d}"))
    return f"{prefix[:6]}-{prefix[6:]}{check}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    org_number = factory.LazyFunction(lambda: valid_org_number(next(_org_counter)))
    kind = OrganisationKind.HOUSING_COMPANY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.MEMBER


class CollaborationFactory(factory.django.DjangoModelFactory):
    """A collaboration with its lead party, as `services.create_collaboration` makes it."""

    class Meta:
        model = Collaboration
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Samverkan {n}")
    area_name = "Norrbacka"
    municipality = "Åsby kommun"
    lead_organisation = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def lead_party(self, create, extracted, **kwargs):
        if create:
            Party.objects.create(
                collaboration=self,
                organisation=self.lead_organisation,
                role=PartyRole.LEAD,
                state=PartyState.JOINED,
            )


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    collaboration = factory.SubFactory(CollaborationFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.MUNICIPALITY)
    role = PartyRole.PARTNER
    state = PartyState.JOINED
    contact_name = "Kim Kontakt"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.test")


class RepresentationFactory(factory.django.DjangoModelFactory):
    """A representative of a party, as accepting the party's invitation link makes one."""

    class Meta:
        model = Representation

    party = factory.SubFactory(PartyFactory)
    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda o: o.user.email)


class ResidentInvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidentInvolvement

    collaboration = factory.SubFactory(CollaborationFactory)
    method = "dialogue"
    held_on = datetime.date(2026, 9, 1)
    participants = 20
    learned = "Otrygghet vid torget på kvällar."


class ProblemDescriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProblemDescription

    collaboration = factory.SubFactory(CollaborationFactory)
    version = 1
    text = "Otrygghet kvällstid kring torget."
    focus_areas = factory.LazyFunction(lambda: ["safety"])


class SubGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubGoal

    collaboration = factory.SubFactory(CollaborationFactory)
    indicator = "Andel som känner sig otrygga"
    baseline = "41 %"
    target = "25 %"
    target_date = datetime.date(2028, 12, 31)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    collaboration = factory.SubFactory(CollaborationFactory)
    overall = "Ett tryggt Norrbacka för alla."


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    party = factory.SubFactory(PartyFactory)
    decided_by = "Styrelsen"
    decided_on = datetime.date(2026, 5, 1)
    scope = "Driva arbetet."


class JointDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointDecision

    collaboration = factory.SubFactory(CollaborationFactory)
    decided_by = "Styrgruppen"
    decided_on = datetime.date(2026, 4, 1)
    scope = "Medborgarlöfte för området."


class ModelChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModelChoice

    collaboration = factory.SubFactory(CollaborationFactory)
    model = CollaborationModel.EST
    rationale = "Den passar oss."
    # Every detail the agreement needs of an EST (agreements/clauses.py), so that step 7 is done.
    details = factory.LazyFunction(
        lambda: {
            "reporters": "Polisen, kommunen och bostadsbolaget.",
            "weekly_meeting": "Tisdagar kl. 9.",
            "analysis": "Kvartalsvis analys, årlig uppföljning.",
            "report_content": "Platser och händelser, aldrig personer.",
        }
    )


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    collaboration = factory.SubFactory(CollaborationFactory)
    kind = EventKind.EDITED


class ConfirmationRequestFactory(factory.django.DjangoModelFactory):
    """A request to confirm a problem description version (pass `problem=None, agreement=...` for an
    agreement version)."""

    class Meta:
        model = ConfirmationRequest

    collaboration = factory.SubFactory(CollaborationFactory)
    problem = factory.SubFactory(
        ProblemDescriptionFactory, collaboration=factory.SelfAttribute("..collaboration")
    )


class ConfirmationRecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConfirmationRecipient

    request = factory.SubFactory(ConfirmationRequestFactory)
    party = factory.SubFactory(PartyFactory, collaboration=factory.SelfAttribute("..request.collaboration"))


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    recipient = factory.SubFactory(ConfirmationRecipientFactory)
    email = factory.LazyAttribute(lambda o: o.recipient.party.contact_email)
    language = "sv"
    base_url = "http://testserver/"


# --- The checklist ------------------------------------------------------------------------------


class ChecklistTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistTemplate

    name = "Checklista"
    version = factory.Sequence(lambda n: 1000 + n)


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    template = factory.SubFactory(ChecklistTemplateFactory)
    number = factory.Sequence(lambda n: n + 1)
    key = factory.Sequence(lambda n: f"step-{n}")
    title_sv = "Ett steg"
    title_en = "A step"
    guidance_sv = "Gör så här."
    guidance_en = "Do this."
    rule = MANUAL_RULE


class CollaborationChecklistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollaborationChecklist

    collaboration = factory.SubFactory(CollaborationFactory)
    template = factory.SubFactory(ChecklistTemplateFactory)


class StepNotApplicableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StepNotApplicable

    collaboration = factory.SubFactory(CollaborationFactory)
    step_key = "budget"
    reason = "Ingen budget behövs."


class StepMarkedDoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StepMarkedDone

    collaboration = factory.SubFactory(CollaborationFactory)
    step_key = "start"


class ChooserAnswersFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChooserAnswers

    collaboration = factory.SubFactory(CollaborationFactory)
    answers = factory.LazyFunction(
        lambda: {"aims": ["safety_public_places"], "money_flow": "own_resources", "situation_picture": "yes"}
    )


class PartyCommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyCommitment

    party = factory.SubFactory(PartyFactory)
    responsibilities = "Samordning."


class PaidServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaidService

    party = factory.SubFactory(PartyFactory)
    description = "Städning av lokalen"
    amount_sek = 40000


class WorkOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkOrganisation

    collaboration = factory.SubFactory(CollaborationFactory)
    coordinator_name = "Anna Lind"
    steering_rhythm = MeetingRhythm.QUARTERLY
    working_rhythm = MeetingRhythm.MONTHLY


class GroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMember

    collaboration = factory.SubFactory(CollaborationFactory)
    group = GroupKind.STEERING
    party = factory.SubFactory(PartyFactory, collaboration=factory.SelfAttribute("..collaboration"))
    person = "Maria Ek"


class LegalReviewFactory(factory.django.DjangoModelFactory):
    """An assessed topic."""

    class Meta:
        model = LegalReview

    collaboration = factory.SubFactory(CollaborationFactory)
    topic = LegalTopic.PERSONAL_DATA
    status = ReviewStatus.ASSESSED
    assessment = factory.LazyAttribute(lambda o: f"Bedömning av {o.topic}.")
    assessed_by = "Jurist"
    assessed_on = datetime.date(2026, 10, 1)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    collaboration = factory.SubFactory(CollaborationFactory)
    title = "Trygghetsvandring"
    responsible_party = factory.SubFactory(
        PartyFactory, collaboration=factory.SelfAttribute("..collaboration")
    )
    starts_on = datetime.date(2027, 9, 1)
    ends_on = datetime.date(2027, 9, 30)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    collaboration = factory.SubFactory(CollaborationFactory)
    party = factory.SubFactory(PartyFactory, collaboration=factory.SelfAttribute("..collaboration"))
    year = 2027
    amount_sek = 120000
    purpose = "Belysning"


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    sub_goal = factory.SubFactory(SubGoalFactory)
    method = "Trygghetsmätning"
    rhythm = MeetingRhythm.YEARLY


class CommunicationPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunicationPlan

    collaboration = factory.SubFactory(CollaborationFactory)
    residents = "Lappar i trapphus."
    public = "Webben."


class AgreementTermsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementTerms

    collaboration = factory.SubFactory(CollaborationFactory)
    starts_on = datetime.date(2027, 1, 1)
    ends_on = datetime.date(2029, 12, 31)
    review = "Varje höst."
    termination = "Sex månaders uppsägning."
    changes = "Skriftligt."
    disputes = "I styrgruppen."
    assignment = "Inte utan de andras skriftliga samtycke."


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    party = factory.SubFactory(PartyFactory)
    name = "Mats Ek"
    title = "VD"
    authority = "signatory"


class BidAssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BidAssociation

    collaboration = factory.SubFactory(CollaborationFactory)
    name = "Norrbacka centrumförening"
    membership_fee_sek = 500


class FeeCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeCategory

    collaboration = factory.SubFactory(CollaborationFactory)
    name = factory.Sequence(lambda n: f"Kategori {n}")
    kind = FeeKind.FLAT
    amount_sek = 10000


class BidMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BidMember

    collaboration = factory.SubFactory(CollaborationFactory)
    property_designation = factory.Sequence(lambda n: f"Norrbacka 1:{n + 1}")
    owner_name = "Fastighets AB Torget"
    category = factory.SubFactory(FeeCategoryFactory, collaboration=factory.SelfAttribute("..collaboration"))


# --- Agreements and documents -------------------------------------------------------------------


class AgreementVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementVersion

    collaboration = factory.SubFactory(CollaborationFactory)
    number = 1
    content_hash = factory.Sequence(lambda n: f"{n:064x}")


class DocumentFactory(factory.django.DjangoModelFactory):
    """A small PDF uploaded to a collaboration."""

    class Meta:
        model = Document

    collaboration = factory.SubFactory(CollaborationFactory)
    kind = DocumentKind.EVIDENCE
    original_name = "underlag.pdf"
    content_type = "application/pdf"
    file = factory.LazyAttribute(lambda o: ContentFile(b"%PDF-1.7 underlag", name=o.original_name))
    size = factory.LazyAttribute(lambda o: o.file.size)


def party_fields(party, **changes) -> dict:
    """The party's stored role, state, contact and contribution, with `changes`: the keyword arguments
    that `services.update_party` takes, for a test that changes one of them."""
    names = ["role", "state", "contact_name", "contact_email", "contact_phone", "staff_hours", "money_sek"]
    names += ["premises", "other_contribution"]
    return {name: getattr(party, name) for name in names} | changes
