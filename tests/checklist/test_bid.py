"""A BID's association, fee model and member register: the yearly fees computed, and the pages."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklist.bid_models import BidAssociation, BidMember, FeeCategory, FeeKind, fee_register
from collaborations.models import Event
from samverkan.unknowns import DatePrecision, UnknownReason
from tests.conftest import client_for
from tests.factories import (
    BidAssociationFactory,
    BidMemberFactory,
    FeeCategoryFactory,
    ModelChoiceFactory,
    PartyFactory,
    valid_org_number,
)


@pytest.fixture
def bid(collaboration):
    ModelChoiceFactory(collaboration=collaboration, model="bid")
    return collaboration


def url(name, collaboration, *args):
    return reverse(name, args=[collaboration.pk, *args])


# --- The yearly fee -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "amount", "member", "fee"),
    [
        (FeeKind.FLAT, Decimal(12000), {}, Decimal(12500)),
        (FeeKind.PER_M2_LIVING, Decimal("2.50"), {"living_area_m2": 4000}, Decimal(10500)),
        (FeeKind.PER_M2_COMMERCIAL, Decimal(20), {"commercial_area_m2": 300}, Decimal(6500)),
        (FeeKind.NEGOTIATED, None, {"negotiated_fee_sek": 8000}, Decimal(8500)),
    ],
)
def test_yearly_fee_is_the_membership_fee_plus_the_service_fee_by_category(
    collaboration, kind, amount, member, fee
):
    category = FeeCategoryFactory(collaboration=collaboration, kind=kind, amount_sek=amount)
    row = BidMemberFactory(collaboration=collaboration, category=category, **member)

    assert row.yearly_fee(500) == fee


@pytest.mark.parametrize(
    ("kind", "amount", "why"),
    [
        (FeeKind.PER_M2_LIVING, Decimal(2), "boarean är inte känd"),
        (FeeKind.PER_M2_COMMERCIAL, Decimal(20), "lokalarean är inte känd"),
        (FeeKind.NEGOTIATED, None, "den förhandlade avgiften är inte registrerad"),
    ],
)
def test_a_fee_whose_basis_is_not_known_is_unknown_never_zero(collaboration, kind, amount, why):
    category = FeeCategoryFactory(collaboration=collaboration, kind=kind, amount_sek=amount)
    row = BidMemberFactory(collaboration=collaboration, category=category)

    assert row.yearly_fee(500) is None
    assert row.missing_for_fee(500) == why


def test_without_a_membership_fee_the_yearly_fee_is_unknown(collaboration):
    row = BidMemberFactory(collaboration=collaboration)

    assert row.yearly_fee(None) is None
    assert row.missing_for_fee(None) == "medlemsavgiften är inte beslutad"


def test_an_owner_who_has_not_joined_pays_nothing_and_is_no_unknown(collaboration):
    row = BidMemberFactory(collaboration=collaboration, has_joined=False)

    assert row.yearly_fee(500) is None
    assert row.missing_for_fee(500) == ""


def test_register_totals_the_known_fees_and_counts_the_unknown(collaboration):
    BidAssociationFactory(collaboration=collaboration, membership_fee_sek=1000)
    flat = FeeCategoryFactory(collaboration=collaboration, amount_sek=10000)
    per_m2 = FeeCategoryFactory(collaboration=collaboration, kind=FeeKind.PER_M2_LIVING, amount_sek=3)
    BidMemberFactory(collaboration=collaboration, category=flat)
    BidMemberFactory(collaboration=collaboration, category=per_m2, living_area_m2=2000)
    BidMemberFactory(collaboration=collaboration, category=per_m2)  # area not known
    BidMemberFactory(collaboration=collaboration, category=flat, has_joined=False)

    register = fee_register(collaboration)

    assert register.total == Decimal(11000 + 7000)
    assert register.unknown == 1
    assert register.members == 3


# --- The page: the association ------------------------------------------------------------------


ASSOCIATION = {
    "name": "Norrbacka centrumförening",
    "org_number": "",
    "org_number_unknown": "does_not_exist",
    "statutes_adopted": "2019-05",
    "seat": "Åsby",
    "purpose": "Ett tryggt och trivsamt Norrbacka.",
    "annual_meeting": "Före maj månads utgång.",
    "board": "Ordförande: Eva Holm",
    "membership_fee_sek": "500",
}


def test_staff_save_the_association_with_a_month_for_the_statutes(bid, alice_client):
    response = alice_client.post(url("bid_detail", bid), ASSOCIATION)

    assert response.status_code == 302
    association = BidAssociation.objects.get(collaboration=bid)
    assert (association.statutes_adopted_on, association.statutes_adopted_precision) == (
        datetime.date(2019, 5, 1),
        DatePrecision.MONTH,
    )
    assert association.org_number_unknown == UnknownReason.DOES_NOT_EXIST
    assert association.membership_fee_sek == 500
    assert Event.objects.filter(collaboration=bid, detail="BID-förening").exists()


def test_only_the_name_is_enough_to_save(bid, alice_client):
    alice_client.post(url("bid_detail", bid), {"name": "Norrbacka centrumförening"})

    association = BidAssociation.objects.get(collaboration=bid)
    assert association.membership_fee_sek is None
    assert association.statutes_adopted is None


def test_an_organisation_number_is_normalised_and_clears_the_reason(bid, alice_client):
    number = valid_org_number(7)
    data = ASSOCIATION | {"org_number": number.replace("-", "")}

    alice_client.post(url("bid_detail", bid), data)

    association = BidAssociation.objects.get(collaboration=bid)
    assert (association.org_number, association.org_number_unknown) == (number, "")


def test_a_wrong_organisation_number_is_refused_in_swedish(bid, alice_client):
    response = alice_client.post(url("bid_detail", bid), ASSOCIATION | {"org_number": "556000-0002"})

    assert response.status_code == 200
    assert "Organisationsnumret är ogiltigt" in response.text
    assert not BidAssociation.objects.exists()


def test_a_statutes_date_that_is_no_date_is_refused(bid, alice_client):
    response = alice_client.post(url("bid_detail", bid), ASSOCIATION | {"statutes_adopted": "i våras"})

    assert response.status_code == 200
    assert not BidAssociation.objects.exists()


def test_the_page_is_only_for_a_bid(collaboration, alice_client):
    ModelChoiceFactory(collaboration=collaboration, model="est")

    assert alice_client.get(url("bid_detail", collaboration)).status_code == 404


def test_outsider_gets_404(bid, charlie):
    assert client_for(charlie).get(url("bid_detail", bid)).status_code == 404
    assert client_for(charlie).post(url("bid_detail", bid), ASSOCIATION).status_code == 404
    assert not BidAssociation.objects.exists()


def test_a_representative_reads_none_of_it(bid, bob):
    assert client_for(bob).get(url("bid_detail", bid)).status_code == 403


# --- The page: fee categories -------------------------------------------------------------------


def test_staff_add_a_category_per_square_metre(bid, alice_client):
    data = {"name": "Bostadsbolag", "kind": "per_m2_living", "amount_sek": "2,50"}

    assert alice_client.post(url("bid_category_create", bid), data).status_code == 302

    category = FeeCategory.objects.get(collaboration=bid)
    assert (category.kind, category.amount_sek) == (FeeKind.PER_M2_LIVING, Decimal("2.50"))


def test_a_negotiated_category_has_no_amount(bid, alice_client):
    data = {"name": "Butiker", "kind": "negotiated", "amount_sek": "100"}

    alice_client.post(url("bid_category_create", bid), data)

    assert FeeCategory.objects.get(collaboration=bid).amount_sek is None


def test_a_flat_fee_without_an_amount_is_refused(bid, alice_client):
    response = alice_client.post(url("bid_category_create", bid), {"name": "Brf", "kind": "flat"})

    assert response.status_code == 200
    assert "Ange avgiftens belopp." in response.text
    assert not FeeCategory.objects.exists()


def test_a_negative_amount_is_refused(bid, alice_client):
    data = {"name": "Brf", "kind": "flat", "amount_sek": "-5"}

    assert alice_client.post(url("bid_category_create", bid), data).status_code == 200
    assert not FeeCategory.objects.exists()


def test_two_categories_cannot_share_a_name(bid, alice_client):
    FeeCategoryFactory(collaboration=bid, name="Brf")

    response = alice_client.post(
        url("bid_category_create", bid), {"name": "Brf", "kind": "flat", "amount_sek": "1"}
    )

    assert "Det finns redan en avgiftskategori med det namnet." in response.text
    assert FeeCategory.objects.count() == 1


def test_staff_change_a_category(bid, alice_client):
    category = FeeCategoryFactory(collaboration=bid, name="Brf", amount_sek=5000)
    data = {"name": "Bostadsrättsföreningar", "kind": "flat", "amount_sek": "6000"}

    alice_client.post(url("bid_category_edit", bid, category.pk), data)

    category.refresh_from_db()
    assert (category.name, category.amount_sek) == ("Bostadsrättsföreningar", Decimal(6000))


def test_a_category_in_use_is_not_removed(bid, alice_client):
    member = BidMemberFactory(collaboration=bid)

    response = alice_client.post(url("bid_category_delete", bid, member.category_id), follow=True)

    assert "Fastigheter i registret har den här kategorin." in response.text
    assert FeeCategory.objects.filter(pk=member.category_id).exists()


def test_an_unused_category_is_removed(bid, alice_client):
    category = FeeCategoryFactory(collaboration=bid)

    alice_client.post(url("bid_category_delete", bid, category.pk))

    assert not FeeCategory.objects.exists()


def test_another_collaborations_category_is_404(bid, alice_client):
    other = FeeCategoryFactory()

    assert alice_client.get(url("bid_category_edit", bid, other.pk)).status_code == 404
    assert alice_client.post(url("bid_category_delete", bid, other.pk)).status_code == 404
    assert FeeCategory.objects.filter(pk=other.pk).exists()


# --- The page: the register ---------------------------------------------------------------------


def test_staff_add_a_property_owned_by_a_party(bid, alice_client, partner_party):
    category = FeeCategoryFactory(collaboration=bid, kind=FeeKind.PER_M2_LIVING, amount_sek=2)
    data = {
        "property_designation": "Norrbacka 1:4",
        "owner_party": partner_party.pk,
        "category": category.pk,
        "living_area_m2": "3000",
        "has_joined": "on",
    }

    assert alice_client.post(url("bid_member_create", bid), data).status_code == 302

    member = BidMember.objects.get(collaboration=bid)
    assert (member.owner, member.living_area_m2, member.has_joined) == ("Åsby kommun", 3000, True)


def test_a_property_without_an_owner_is_refused(bid, alice_client):
    response = alice_client.post(url("bid_member_create", bid), {"property_designation": "Norrbacka 1:4"})

    assert response.status_code == 200
    assert "Ange ägaren" in response.text
    assert not BidMember.objects.exists()


def test_a_negotiated_amount_needs_a_negotiated_category(bid, alice_client):
    category = FeeCategoryFactory(collaboration=bid)
    data = {
        "property_designation": "N 1:1",
        "owner_name": "AB",
        "category": category.pk,
        "negotiated_fee_sek": "5",
    }

    assert alice_client.post(url("bid_member_create", bid), data).status_code == 200
    assert not BidMember.objects.exists()


def test_a_property_is_in_the_register_once(bid, alice_client):
    BidMemberFactory(collaboration=bid, property_designation="Norrbacka 1:4")

    response = alice_client.post(
        url("bid_member_create", bid), {"property_designation": "Norrbacka 1:4", "owner_name": "AB"}
    )

    assert "Fastigheten finns redan i registret." in response.text
    assert BidMember.objects.count() == 1


def test_staff_record_that_an_owner_has_not_joined(bid, alice_client):
    member = BidMemberFactory(collaboration=bid)
    data = {"property_designation": member.property_designation, "owner_name": "Torget AB"}

    alice_client.post(url("bid_member_edit", bid, member.pk), data)

    member.refresh_from_db()
    assert (member.owner_name, member.has_joined) == ("Torget AB", False)


def test_staff_remove_a_property(bid, alice_client):
    member = BidMemberFactory(collaboration=bid)

    alice_client.post(url("bid_member_delete", bid, member.pk))

    assert not BidMember.objects.exists()


def test_a_party_of_another_collaboration_cannot_own_a_property(bid, alice_client):
    stranger = PartyFactory()
    data = {"property_designation": "N 1:1", "owner_party": stranger.pk}

    assert alice_client.post(url("bid_member_create", bid), data).status_code == 200
    assert not BidMember.objects.exists()


def test_the_page_shows_each_fee_the_unknown_and_the_total(bid, alice_client):
    BidAssociationFactory(collaboration=bid, membership_fee_sek=500)
    flat = FeeCategoryFactory(collaboration=bid, name="Brf", amount_sek=12000)
    per_m2 = FeeCategoryFactory(
        collaboration=bid, name="Bostadsbolag", kind=FeeKind.PER_M2_LIVING, amount_sek=2
    )
    BidMemberFactory(collaboration=bid, property_designation="Norrbacka 1:1", category=flat)
    BidMemberFactory(collaboration=bid, property_designation="Norrbacka 1:2", category=per_m2)

    text = " ".join(alice_client.get(url("bid_detail", bid)).text.replace("\xa0", " ").split())

    assert "12 500 kr" in text
    assert "<strong>Okänd</strong> (boarean är inte känd)" in text
    assert "och 1 avgift som inte är känd" in text


def test_the_page_uses_as_many_queries_with_many_rows(bid, alice_client):
    BidAssociationFactory(collaboration=bid)

    def grow(n):
        for _ in range(n):
            BidMemberFactory(collaboration=bid, owner_party=PartyFactory(collaboration=bid), owner_name="")

    grow(2)
    with CaptureQueriesContext(connection) as small:
        assert alice_client.get(url("bid_detail", bid)).status_code == 200
    grow(20)
    with CaptureQueriesContext(connection) as large:
        assert alice_client.get(url("bid_detail", bid)).status_code == 200
    assert len(small) == len(large)


def test_the_model_step_links_to_the_bid_page(bid, alice_client):
    link = f'href="{url("bid_detail", bid)}"'

    assert link in alice_client.get(url("model_choice", bid)).text
    assert link in alice_client.get(url("model_details", bid)).text


def test_the_form_shows_the_statutes_date_as_precisely_as_it_was_given(bid, alice_client):
    alice_client.post(url("bid_detail", bid), ASSOCIATION)

    assert 'value="2019-05"' in alice_client.get(url("bid_detail", bid)).text
