"""The data migration that turns memberships made by accepting invitation links into representations
(collaborations/migrations/0008_memberships_from_links_become_representations.py)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("collaborations", "0006_agreement_version_can_be_sent_again")]
AFTER = [("collaborations", "0008_memberships_from_links_become_representations")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_schema():
    apps = _migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_memberships_made_by_links_become_representations(old_schema):
    apps = old_schema
    User = apps.get_model("accounts", "User")
    Organisation = apps.get_model("collaborations", "Organisation")
    Membership = apps.get_model("collaborations", "Membership")
    Collaboration = apps.get_model("collaborations", "Collaboration")
    Party = apps.get_model("collaborations", "Party")
    Problem = apps.get_model("collaborations", "ProblemDescription")
    Request = apps.get_model("collaborations", "ConfirmationRequest")
    Recipient = apps.get_model("collaborations", "ConfirmationRecipient")
    Invitation = apps.get_model("collaborations", "Invitation")

    now = timezone.now()
    lead = Organisation.objects.create(name="Åsbyhem AB", org_number="556000-0001", kind="housing_company")
    kommun = Organisation.objects.create(name="Åsby kommun", org_number="212000-0001", kind="municipality")
    collaboration = Collaboration.objects.create(
        title="T", area_name="A", municipality="M", lead_organisation=lead
    )
    party = Party.objects.create(
        collaboration=collaboration, organisation=kommun, role="partner", state="joined"
    )
    problem = Problem.objects.create(collaboration=collaboration, version=1, text="x", sent_at=now)
    request = Request.objects.create(collaboration=collaboration, problem=problem)
    recipient = Recipient.objects.create(request=request, party=party)

    def user(email):
        return User.objects.create(email=email, password="!")

    def accepted(person, at):
        Invitation.objects.create(
            recipient=recipient,
            email=person.email,
            language="sv",
            base_url="http://x/",
            accepted_by=person,
            accepted_at=at,
        )

    def member(person, created_at, role="member"):
        membership = Membership.objects.create(user=person, organisation=kommun, role=role)
        Membership.objects.filter(pk=membership.pk).update(created_at=created_at)

    via_link = user("karin@kommun.test")  # the membership was made by accepting the link
    accepted(via_link, now)
    member(via_link, now + datetime.timedelta(seconds=1))
    long_a_member = user("per@kommun.test")  # a member long before accepting
    member(long_a_member, now - datetime.timedelta(days=30))
    accepted(long_a_member, now)
    promoted = user("lena@kommun.test")  # made by the link, but an admin since: chosen, so kept
    accepted(promoted, now)
    member(promoted, now + datetime.timedelta(seconds=1), role="admin")
    answered_only = user("ola@kommun.test")  # answered for the party as a member, without a link
    member(answered_only, now - datetime.timedelta(days=30))
    Recipient.objects.filter(pk=recipient.pk).update(
        answer="agree", answered_by=answered_only, answered_at=now
    )

    apps = _migrate(AFTER)

    Membership = apps.get_model("collaborations", "Membership")
    Representation = apps.get_model("collaborations", "Representation")
    members = set(Membership.objects.values_list("user__email", flat=True))
    assert members == {"per@kommun.test", "lena@kommun.test", "ola@kommun.test"}
    representatives = set(
        Representation.objects.filter(party_id=party.pk).values_list("user__email", flat=True)
    )
    assert representatives == {"karin@kommun.test", "per@kommun.test", "lena@kommun.test", "ola@kommun.test"}
    karin = Representation.objects.get(user__email="karin@kommun.test")
    assert (karin.email, karin.created_at, karin.ended_at) == ("karin@kommun.test", now, None)
