"""Named personas, like a small cast: the lead's staff (alice), the lead's organisation admin (olivia),
the representative of an invited partner (bob), a partner's representative in another collaboration
(dave), staff of an unrelated organisation (charlie), the representative of the same partner
organisation in another collaboration of the same lead (rita), and staff of the partner organisation
that the lead added as a party (sam, who is no representative)."""

import pytest
from django.core.cache import cache
from django.test import Client

from agreements import grants
from collaborations.models import MembershipRole, PartyState
from tests.factories import (
    CollaborationFactory,
    MembershipFactory,
    OrganisationFactory,
    PartyFactory,
    RepresentationFactory,
)


@pytest.fixture(autouse=True)
def _fast_and_swedish(settings):
    # Rate limits count in the cache: start every test with none used.
    cache.clear()
    grants.kept_files_clear()  # the agreement files kept for download grants, per process
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "sv"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # No seal unless a test makes its own certificate (tests/agreements/test_sealing.py).
    settings.AGREEMENT_SEAL_KEY_FILE = settings.AGREEMENT_SEAL_CERT_FILE = None
    # A render (about a second) after every change would slow every test; the tests of it turn it on.
    settings.AGREEMENT_RENDER_AHEAD = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def lead_org(db):
    return OrganisationFactory(name="Åsbyhem AB")


@pytest.fixture
def collaboration(lead_org):
    return CollaborationFactory(lead_organisation=lead_org, title="Trygg Norrbacka")


@pytest.fixture
def alice(lead_org):
    """Staff of the lead organisation."""
    return MembershipFactory(organisation=lead_org, user__email="alice@example.test").user


@pytest.fixture
def olivia(lead_org):
    """Organisation admin of the lead organisation."""
    return MembershipFactory(
        organisation=lead_org, user__email="olivia@example.test", role=MembershipRole.ADMIN
    ).user


@pytest.fixture
def partner_party(collaboration):
    return PartyFactory(
        collaboration=collaboration, organisation__name="Åsby kommun", state=PartyState.INVITED
    )


@pytest.fixture
def bob(partner_party):
    """The representative of an invited party of `collaboration` (he accepted its link)."""
    return RepresentationFactory(party=partner_party, user__email="bob@example.test").user


@pytest.fixture
def dave(db):
    """A partner's representative in another collaboration."""
    return RepresentationFactory(
        party__organisation__name="Annan förening", user__email="dave@example.test"
    ).user


@pytest.fixture
def rita(lead_org, partner_party):
    """The representative of the same partner organisation in another collaboration of the same lead."""
    other = CollaborationFactory(lead_organisation=lead_org, title="Trygg Söderby")
    party = PartyFactory(collaboration=other, organisation=partner_party.organisation)
    return RepresentationFactory(party=party, user__email="rita@example.test").user


@pytest.fixture
def sam(partner_party):
    """Staff of the organisation that the lead added as a party: a member of it, but no representative."""
    return MembershipFactory(organisation=partner_party.organisation, user__email="sam@example.test").user


@pytest.fixture
def charlie(db):
    """Staff of an unrelated organisation."""
    return MembershipFactory(organisation__name="Orelaterat AB", user__email="charlie@example.test").user


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice):
    return client_for(alice)
