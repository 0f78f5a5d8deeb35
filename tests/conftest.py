"""Named personas, like a small cast: the lead's staff (alice), the lead's organisation admin (olivia),
an invited partner (bob), a partner of another collaboration (dave), staff of an unrelated
organisation (charlie)."""

import pytest
from django.core.cache import cache
from django.test import Client

from collaborations.models import MembershipRole, PartyState
from tests.factories import (
    CollaborationFactory,
    MembershipFactory,
    OrganisationFactory,
    PartyFactory,
)


@pytest.fixture(autouse=True)
def _fast_and_swedish(settings):
    # Rate limits count in the cache: start every test with none used.
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "sv"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
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
    """A representative of an invited party of `collaboration`."""
    return MembershipFactory(organisation=partner_party.organisation, user__email="bob@example.test").user


@pytest.fixture
def dave(db):
    """A partner in another collaboration."""
    other = PartyFactory(organisation__name="Annan förening")
    return MembershipFactory(organisation=other.organisation, user__email="dave@example.test").user


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
