"""The page an invitation e-mail links to. Open to visitors who are not logged in.

A link that cannot be used (unknown or tampered, expired, used, revoked, replaced) answers 410 Gone with
a page that says why and what to do; never an error page.
"""

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from collaborations import confirmations
from collaborations.context_processors import SESSION_KEY
from collaborations.models import InvitationState, Membership

UNKNOWN = "unknown"


def _answer_url(invitation):
    """Where the party answers what the invitation asks: confirm the problem, or approve the agreement."""
    party = invitation.recipient.party
    page = "agreement_approve" if invitation.recipient.request.is_for_agreement else "confirmation_answer"
    return reverse(page, kwargs={"pk": party.collaboration_id, "party_pk": party.pk})


@login_not_required
def invitation_landing(request, token):
    invitation = confirmations.find_invitation(token)
    state = confirmations.usable_state(invitation) if invitation else UNKNOWN
    user = request.user
    if state == InvitationState.USED and user.is_authenticated:
        party = invitation.recipient.party
        if Membership.objects.filter(user=user, organisation_id=party.organisation_id).exists():
            return redirect(_answer_url(invitation))
    if state != InvitationState.VALID:
        return _unusable(request, invitation, state)

    party = invitation.recipient.party
    if request.method == "POST" and user.is_authenticated:
        try:
            party = confirmations.accept_invitation(invitation=invitation, user=user)
        except confirmations.InvitationUnusable as error:
            return _unusable(request, invitation, error.state)
        except confirmations.WrongUser:
            pass  # the page below says so
        else:
            request.session[SESSION_KEY] = party.organisation_id
            messages.success(
                request,
                _("Welcome. You now represent %(organisation)s in the collaboration.")
                % {"organisation": party.organisation.name},
            )
            return redirect(_answer_url(invitation))
    if request.method == "GET":
        confirmations.mark_opened(invitation=invitation, user=user)
        if not user.is_authenticated:
            # Signing up with the invited address through this link needs no separate verification:
            # the link proves that the address is theirs (allauth reads the stash on signup).
            get_adapter(request).stash_verified_email(request, invitation.email)

    here = request.get_full_path()
    request_ = invitation.recipient.request
    return render(
        request,
        "collaborations/invitation_landing.html",
        {
            "invitation": invitation,
            "party": party,
            "collaboration": request_.collaboration,
            "confirmation_request": request_,
            "is_agreement": request_.is_for_agreement,
            "sender": invitation.created_by or request_.sent_by,
            "is_right_user": confirmations.user_has_email(user, invitation.email),
            "signup_url": reverse("account_signup")
            + "?"
            + urlencode({"email": invitation.email, "next": here}),
            "login_url": reverse("account_login")
            + "?"
            + urlencode({"email": invitation.email, "next": here}),
            "here": here,
        },
    )


def _unusable(request, invitation, state):
    context = {"state": state, "invitation": invitation}
    if invitation is not None:
        request_ = invitation.recipient.request
        context.update(
            collaboration=request_.collaboration,
            is_agreement=request_.is_for_agreement,
            sender=invitation.created_by or request_.sent_by,
            login_url=reverse("account_login")
            + "?"
            + urlencode({"email": invitation.email, "next": _answer_url(invitation)}),
        )
    return render(request, "collaborations/invitation_unusable.html", context, status=410)
