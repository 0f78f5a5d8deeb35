import pytest
from django.urls import reverse

from collaborations.models import Membership, MembershipRole
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory


def test_member_sees_own_organisations(lead_org, alice_client):
    response = alice_client.get(reverse("organisation_list"))
    assert response.status_code == 200
    assert lead_org.name in response.text
    assert "Offentlig sektor" in response.text


def test_organisation_page_lists_members(lead_org, alice, olivia, alice_client):
    response = alice_client.get(reverse("organisation_detail", args=[lead_org.pk]))
    assert response.status_code == 200
    assert olivia.email in response.text
    assert "Lägg till medlem" not in response.text


def test_admin_adds_member_by_email(lead_org, olivia):
    newcomer = UserFactory(email="ny@example.test")
    response = client_for(olivia).post(
        reverse("organisation_detail", args=[lead_org.pk]), {"email": "NY@example.test", "role": "member"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(
        user=newcomer, organisation=lead_org, role=MembershipRole.MEMBER
    ).exists()


def test_adding_unknown_email_explains_and_saves_nothing(lead_org, olivia):
    response = client_for(olivia).post(
        reverse("organisation_detail", args=[lead_org.pk]), {"email": "okand@example.test", "role": "member"}
    )
    assert response.status_code == 200
    assert "Det finns inget konto med den e-postadressen." in response.text
    assert lead_org.memberships.count() == 1


def test_adding_existing_member_is_refused(lead_org, olivia, alice):
    response = client_for(olivia).post(
        reverse("organisation_detail", args=[lead_org.pk]), {"email": alice.email, "role": "admin"}
    )
    assert response.status_code == 200
    assert "är redan medlem" in response.text
    assert Membership.objects.get(user=alice).role == MembershipRole.MEMBER


def test_plain_member_cannot_add_members(lead_org, alice_client):
    UserFactory(email="ny@example.test")
    response = alice_client.post(
        reverse("organisation_detail", args=[lead_org.pk]), {"email": "ny@example.test", "role": "admin"}
    )
    assert response.status_code == 403
    assert lead_org.memberships.count() == 1


def test_admin_removes_member(lead_org, olivia, alice):
    membership = Membership.objects.get(user=alice)
    response = client_for(olivia).post(reverse("member_remove", args=[lead_org.pk, membership.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_removing_last_admin_shows_message_and_keeps_it(lead_org, olivia):
    membership = Membership.objects.get(user=olivia)
    response = client_for(olivia).post(
        reverse("member_remove", args=[lead_org.pk, membership.pk]), follow=True
    )
    assert "minst en administratör" in response.text
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_member_cannot_remove_others(lead_org, olivia, alice_client):
    membership = Membership.objects.get(user=olivia)
    assert alice_client.post(reverse("member_remove", args=[lead_org.pk, membership.pk])).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_outsider_cannot_remove_members(lead_org, alice, charlie):
    membership = Membership.objects.get(user=alice)
    assert (
        client_for(charlie).post(reverse("member_remove", args=[lead_org.pk, membership.pk])).status_code
        == 404
    )
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_membership_of_other_organisation_is_404(lead_org, olivia, charlie):
    foreign = Membership.objects.get(user=charlie)
    assert (
        client_for(olivia).post(reverse("member_remove", args=[lead_org.pk, foreign.pk])).status_code == 404
    )
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_switch_current_organisation(lead_org, alice, alice_client):
    other = MembershipFactory(user=alice).organisation
    response = alice_client.post(
        reverse("organisation_switch"), {"organisation": other.pk, "next": "/organisationer/"}
    )
    assert response.status_code == 302
    assert response.url == "/organisationer/"
    assert alice_client.session["current_organisation"] == other.pk
    page = alice_client.get(reverse("collaboration_create"))
    assert page.context["form"].initial["lead_organisation"] == other.pk


def test_switch_to_foreign_organisation_is_404(lead_org, alice_client, charlie):
    foreign = charlie.memberships.get().organisation
    response = alice_client.post(reverse("organisation_switch"), {"organisation": foreign.pk})
    assert response.status_code == 404
    assert "current_organisation" not in alice_client.session


def test_switch_ignores_offsite_next(lead_org, alice_client):
    response = alice_client.post(
        reverse("organisation_switch"), {"organisation": lead_org.pk, "next": "https://evil.example/"}
    )
    assert response.url == reverse("dashboard")


def test_switch_with_garbage_is_404(alice_client):
    assert alice_client.post(reverse("organisation_switch"), {"organisation": "abc"}).status_code == 404
    assert "current_organisation" not in alice_client.session


@pytest.mark.parametrize("value", ["²", "1" * 25])
def test_switch_with_odd_digits_is_404(alice_client, value):
    assert alice_client.post(reverse("organisation_switch"), {"organisation": value}).status_code == 404
    assert "current_organisation" not in alice_client.session


@pytest.mark.parametrize(
    "value", ["foo", "dashboard", "organisation_list", "javascript:alert(1)", "//evil.example/"]
)
def test_switch_with_a_next_that_is_no_local_path_goes_to_the_dashboard(lead_org, alice_client, value):
    response = alice_client.post(reverse("organisation_switch"), {"organisation": lead_org.pk, "next": value})

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert alice_client.session["current_organisation"] == lead_org.pk
