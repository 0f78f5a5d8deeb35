"""Issue 13: an organisation number is optional. An association may have none ("finns inte") and a
number may not be known yet; then nothing is invented: pages say "saknar organisationsnummer" (or that
it is not known yet), and the number is unique only when it is given."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from collaborations.models import Organisation, OrganisationKind, Sector
from samverkan.unknowns import UnknownReason
from tests.collaborations.test_party_views import PARTY_FIELDS
from tests.factories import OrganisationFactory, PartyFactory, UserFactory


def _add_url(collaboration):
    return reverse("party_add", args=[collaboration.pk])


# --- The model ------------------------------------------------------------------------------------


def test_two_organisations_may_both_be_without_a_number(db):
    OrganisationFactory(
        name="Föräldranätverket", org_number=None, org_number_unknown=UnknownReason.DOES_NOT_EXIST
    )
    OrganisationFactory(name="Grannsamverkan", org_number=None)

    assert Organisation.objects.filter(org_number__isnull=True).count() == 2


def test_a_given_number_is_still_unique(db):
    OrganisationFactory(org_number="212000-8889")

    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(org_number="212000-8889")


def test_the_database_refuses_a_number_with_a_reason_why_it_is_missing(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(org_number="212000-8889", org_number_unknown=UnknownReason.DOES_NOT_EXIST)


def test_the_database_refuses_an_empty_string_as_a_number(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(org_number="")


def test_how_a_missing_number_reads_on_pages(db):
    none = OrganisationFactory(org_number=None, org_number_unknown=UnknownReason.DOES_NOT_EXIST)
    unknown = OrganisationFactory(org_number=None, org_number_unknown=UnknownReason.NOT_KNOWN_YET)

    assert none.org_number_display == "saknar organisationsnummer"
    assert unknown.org_number_display == "organisationsnumret är inte känt ännu"


# --- Adding a new organisation as a party ---------------------------------------------------------


def test_a_new_organisation_without_a_number_is_added_as_an_association_without_one(
    collaboration, alice_client
):
    response = alice_client.post(
        _add_url(collaboration),
        {
            "new_name": "Föräldranätverket Norrbacka",
            "new_org_number": "",
            "new_org_number_unknown": UnknownReason.DOES_NOT_EXIST,
            "new_kind": OrganisationKind.NONPROFIT,
            **PARTY_FIELDS,
        },
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Föräldranätverket Norrbacka")
    assert (organisation.org_number, organisation.org_number_unknown) == (None, UnknownReason.DOES_NOT_EXIST)
    assert collaboration.parties.filter(organisation=organisation).exists()


def test_a_new_organisation_whose_number_is_not_known_yet_is_added(collaboration, alice_client):
    alice_client.post(
        _add_url(collaboration),
        {"new_name": "Okänt AB", "new_org_number": "", "new_kind": OrganisationKind.BUSINESS, **PARTY_FIELDS},
    )

    organisation = Organisation.objects.get(name="Okänt AB")
    assert (organisation.org_number, organisation.org_number_unknown) == (None, UnknownReason.NOT_KNOWN_YET)


def test_two_new_organisations_without_numbers_do_not_collide(collaboration, alice_client):
    for name in ["Förening A", "Förening B"]:
        response = alice_client.post(
            _add_url(collaboration),
            {"new_name": name, "new_org_number": "", "new_kind": OrganisationKind.NONPROFIT, **PARTY_FIELDS},
        )
        assert response.status_code == 302

    assert collaboration.parties.filter(organisation__org_number__isnull=True).count() == 2


def test_a_given_number_is_still_checked(collaboration, alice_client):
    response = alice_client.post(
        _add_url(collaboration),
        {
            "new_name": "Åsby kommun",
            "new_org_number": "212000-8880",
            "new_org_number_unknown": UnknownReason.DOES_NOT_EXIST,
            "new_kind": OrganisationKind.MUNICIPALITY,
            **PARTY_FIELDS,
        },
    )

    assert response.status_code == 200
    assert "kontrollsiffran" in response.text
    assert not Organisation.objects.filter(name="Åsby kommun").exists()


def test_a_number_given_with_a_reason_keeps_the_number_and_drops_the_reason(collaboration, alice_client):
    alice_client.post(
        _add_url(collaboration),
        {
            "new_name": "Åsby kommun",
            "new_org_number": "2120008889",
            "new_org_number_unknown": UnknownReason.DOES_NOT_EXIST,
            "new_kind": OrganisationKind.MUNICIPALITY,
            **PARTY_FIELDS,
        },
    )

    organisation = Organisation.objects.get(name="Åsby kommun")
    assert (organisation.org_number, organisation.org_number_unknown) == ("212000-8889", "")


def test_the_add_party_form_offers_why_a_number_is_missing(collaboration, alice_client):
    response = alice_client.get(_add_url(collaboration))

    assert "Organisationen har inget" in response.text
    assert "Lämna tomt om organisationen saknar nummer" in response.text


# --- Pages ----------------------------------------------------------------------------------------


def test_party_list_says_an_association_has_no_number(collaboration, alice_client):
    PartyFactory(
        collaboration=collaboration,
        organisation__name="Norrbacka IF",
        organisation__org_number=None,
        organisation__org_number_unknown=UnknownReason.DOES_NOT_EXIST,
    )

    response = alice_client.get(reverse("party_list", args=[collaboration.pk]))

    assert "saknar organisationsnummer" in response.text
    assert "None" not in response.text


def test_organisation_page_says_a_number_is_not_known_yet(alice, lead_org):
    lead_org.org_number = None
    lead_org.save()
    client = Client()
    client.force_login(alice)

    response = client.get(reverse("organisation_detail", args=[lead_org.pk]))

    assert "organisationsnumret är inte känt ännu" in response.text


# --- The operator's admin -------------------------------------------------------------------------


def test_operator_adds_an_organisation_without_a_number(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:collaborations_organisation_add"),
        {
            "name": "Norrbacka IF",
            "org_number": "",
            "org_number_unknown": UnknownReason.DOES_NOT_EXIST,
            "kind": OrganisationKind.NONPROFIT,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Norrbacka IF")
    assert (organisation.org_number, organisation.org_number_unknown) == (None, UnknownReason.DOES_NOT_EXIST)


# --- Kinds of organisation that fit Sweden --------------------------------------------------------


@pytest.mark.parametrize(
    "kind, sector",
    [
        (OrganisationKind.HOUSING_COOPERATIVE, Sector.PRIVATE),
        (OrganisationKind.COOPERATIVE, Sector.PRIVATE),  # HSB is not public
        (OrganisationKind.MUNICIPAL_COMPANY, Sector.PUBLIC),
        (OrganisationKind.REGION, Sector.PUBLIC),
        (OrganisationKind.STATE_AGENCY, Sector.PUBLIC),
        (OrganisationKind.FOUNDATION, Sector.NONPROFIT),
        (OrganisationKind.HOUSING_COMPANY, Sector.PUBLIC),
    ],
)
def test_each_kind_has_its_sector(kind, sector):
    assert Organisation(kind=kind).sector == sector


def test_the_municipal_housing_company_is_named_for_what_it_is():
    from django.utils import translation

    with translation.override("sv"):
        assert str(OrganisationKind.HOUSING_COMPANY.label) == "Allmännyttigt bostadsbolag (kommunalt)"
        assert str(OrganisationKind.HOUSING_COOPERATIVE.label) == "Bostadsrättsförening"
