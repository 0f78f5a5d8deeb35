"""The page an invitation e-mail links to. Open to visitors who are not logged in.

The e-mailed address carries the token. Following it stores which invitation was opened in the session
and redirects at once to a token-free address (`/inbjudan/`), so that the token never stands in a log
line after the first request, in the browser's history of the page the person reads, or in a Referer
header. A link that cannot be used (unknown or tampered, expired, used, revoked, replaced) answers 410
Gone with a page that says why and what to do; never an error page.
"""

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from collaborations.confirmations import links
from collaborations.confirmations.subject import subject_of
from collaborations.models import InvitationState, Representation

UNKNOWN = "unknown"
# The session key under which the invitation whose link was followed is kept.
SESSION_INVITATION = "invitation_link"


def _answer_url(invitation):
    """Where the party answers what the invitation asks: confirm the problem, or approve the agreement."""
    party = invitation.recipient.party
    page = subject_of(invitation.recipient.request).answer_page
    return reverse(page, kwargs={"pk": party.collaboration_id, "party_pk": party.pk})


@login_not_required
def invitation_landing(request, token):
    """The e-mailed link: exchange the token for a mark in the session, then leave the token's address."""
    invitation = links.find_invitation(token)
    if invitation is None:
        return _unusable(request, None, UNKNOWN)
    request.session[SESSION_INVITATION] = invitation.pk
    if request.method == "GET":
        links.mark_opened(invitation=invitation, user=request.user)
    response = redirect("invitation_current")
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_not_required
def invitation_current(request):
    """The invitation whose link was followed in this session: read it, sign up or log in, accept."""
    invitation = links.get_invitation(request.session.get(SESSION_INVITATION))
    if invitation is None:
        return _unusable(request, None, UNKNOWN)
    state = links.usable_state(invitation)
    user = request.user
    if state == InvitationState.USED and user.is_authenticated:
        represents = Representation.objects.filter(
            user=user, party_id=invitation.recipient.party_id, ended_at__isnull=True
        ).exists()
        if represents:
            return redirect(_answer_url(invitation))
    if state != InvitationState.VALID:
        return _unusable(request, invitation, state)

    party = invitation.recipient.party
    if request.method == "POST" and "switch_account" in request.POST:
        # Logging out empties the session: keep the followed invitation for the login that comes next.
        logout(request)
        request.session[SESSION_INVITATION] = invitation.pk
        return redirect(_login_url(invitation))
    if request.method == "POST" and user.is_authenticated:
        try:
            party = links.accept_invitation(invitation=invitation, user=user)
        except links.InvitationUnusable as error:
            return _unusable(request, invitation, error.state)
        except links.WrongUser:
            pass  # the page below says so
        else:
            request.session.pop(SESSION_INVITATION, None)
            messages.success(
                request,
                _("Welcome. You now represent %(organisation)s in the collaboration.")
                % {"organisation": party.organisation.name},
            )
            return redirect(_answer_url(invitation))
    if request.method == "GET" and not user.is_authenticated:
        # Signing up with the invited address through this link needs no separate verification:
        # the link proves that the address is theirs (allauth reads the stash on signup).
        get_adapter(request).stash_verified_email(request, invitation.email)

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
            "is_right_user": links.user_has_email(user, invitation.email),
            "has_unverified_address": links.user_has_unverified_email(user, invitation.email),
            "signup_url": reverse("account_signup")
            + "?"
            + urlencode({"email": invitation.email, "next": reverse("invitation_current")}),
            "login_url": _login_url(invitation),
        },
    )


def _login_url(invitation):
    return (
        reverse("account_login")
        + "?"
        + urlencode({"email": invitation.email, "next": reverse("invitation_current")})
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
    response = render(request, "collaborations/invitation_unusable.html", context, status=410)
    response["Referrer-Policy"] = "no-referrer"
    return response
