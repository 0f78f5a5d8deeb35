"""The platform operator can read requests and invitations in the admin, but not change them."""

from django.urls import reverse

from collaborations.models import ConfirmationRequest, Invitation
from tests.collaborations.confirmation_setup import send
from tests.conftest import client_for
from tests.factories import PartyFactory, ProblemDescriptionFactory, UserFactory


def test_operator_reads_confirmations_without_the_token_hash(collaboration, alice):
    ProblemDescriptionFactory(collaboration=collaboration)
    PartyFactory(collaboration=collaboration)
    send(collaboration, alice)
    client = client_for(UserFactory(is_staff=True, is_superuser=True))
    request, invitation = ConfirmationRequest.objects.get(), Invitation.objects.get()

    pages = [
        reverse("admin:collaborations_confirmationrequest_changelist"),
        reverse("admin:collaborations_confirmationrequest_change", args=[request.pk]),
        reverse("admin:collaborations_invitation_changelist"),
        reverse("admin:collaborations_invitation_change", args=[invitation.pk]),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert invitation.token_hash not in response.text
    assert (
        client.post(reverse("admin:collaborations_invitation_delete", args=[invitation.pk])).status_code
        == 403
    )
