"""Factories for tests. Organisation numbers are generated with a valid Luhn check digit."""

import datetime
import itertools

import factory
from allauth.account.models import EmailAddress

from accounts.models import User
from collaborations.models import (
    Collaboration,
    Membership,
    MembershipRole,
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
