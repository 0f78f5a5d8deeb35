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
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from collaborations.confirmation_forms import LinkAnswerForm
from collaborations.confirmations import answers, links, queries
from collaborations.confirmations.subject import subject_of
from collaborations.models import InvitationState, Representation
from samverkan.errors import DomainError

UNKNOWN = "unknown"
# The session key under which the invitation whose link was followed is kept.
SESSION_INVITATION = "invitation_link"
# The invitation answered through its link in this session (declining ends the link: the page still
# says what the answer did).
SESSION_ANSWERED = "invitation_answered"


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
    """The invitation whose link was followed in this session: the text asked about, what changed since
    the party's last answer, and the answer, all on this page and without an account. Afterwards an
    account is offered, to follow the collaboration."""
    invitation = links.get_invitation(request.session.get(SESSION_INVITATION))
    if invitation is None:
        return _unusable(request, None, UNKNOWN)
    state = links.usable_state(invitation)
    user = request.user
    represents = user.is_authenticated and _represents(user, invitation)
    if state == InvitationState.USED and represents:
        return redirect(_answer_url(invitation))
    if state != InvitationState.VALID:
        if request.session.get(SESSION_ANSWERED) == invitation.pk:
            # Declining through the link ends it; the person still reads what their answer did.
            return _page(request, invitation, form=None, answered_only=True)
        return _unusable(request, invitation, state)

    if request.method == "POST" and "switch_account" in request.POST:
        # Logging out empties the session: keep the followed invitation for the login that comes next.
        logout(request)
        request.session[SESSION_INVITATION] = invitation.pk
        return redirect(_login_url(invitation))
    signed_in = links.user_has_email(user, invitation.email)
    if request.method == "POST" and "follow" in request.POST and signed_in:
        return _follow(request, invitation, represents)
    recipient = invitation.recipient
    posted = request.POST if request.method == "POST" and "send_answer" in request.POST else None
    form = LinkAnswerForm(
        posted,
        initial=_initial_answer(invitation),
        is_agreement=recipient.request.is_for_agreement,
        signed_in=signed_in,
    )
    if posted is not None and form.is_valid():
        try:
            answers.answer_through_link(
                invitation=invitation,
                user=user,
                seen_version=form.cleaned_data["version"],
                answer=form.cleaned_data["answer"],
                comment=form.cleaned_data["comment"],
                name=form.cleaned_data.get("name", ""),
                title=form.cleaned_data.get("title", ""),
            )
        except links.InvitationUnusable as error:
            return _unusable(request, invitation, error.state)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            request.session[SESSION_ANSWERED] = invitation.pk
            messages.success(request, _("Thank you. Your answer has been saved."))
            if signed_in:  # now the party's representative: on to the page representatives see
                party = invitation.recipient.party
                page = subject_of(invitation.recipient.request).answered_page
                return redirect(page, pk=party.collaboration_id, party_pk=party.pk)
            return redirect("invitation_current")
    if request.method == "GET" and not user.is_authenticated:
        # Signing up with the invited address through this link needs no separate verification:
        # the link proves that the address is theirs (allauth reads the stash on signup).
        get_adapter(request).stash_verified_email(request, invitation.email)
    return _page(request, invitation, form=form)


def _represents(user, invitation) -> bool:
    return Representation.objects.filter(
        user=user, party_id=invitation.recipient.party_id, ended_at__isnull=True
    ).exists()


def _follow(request, invitation, represents):
    """The logged-in user follows the collaboration with their account: they become the party's
    representative. Someone who already is one is not welcomed again."""
    try:
        party = links.accept_invitation(invitation=invitation, user=request.user)
    except links.InvitationUnusable as error:
        return _unusable(request, invitation, error.state)
    request.session.pop(SESSION_INVITATION, None)
    if not represents:
        messages.success(
            request,
            _("Welcome. You now represent %(organisation)s in the collaboration.")
            % {"organisation": party.organisation.name},
        )
    return redirect(_answer_url(invitation))


def _initial_answer(invitation) -> dict:
    """The version read, the party's current answer, and who answered last time (a returning partner
    need not type their name again; a new one finds the contact person's name the lead gave)."""
    recipient = invitation.recipient
    initial = {
        "version": recipient.request.version,
        "answer": recipient.answer,
        "comment": recipient.comment,
        "name": invitation.recipient.party.contact_name,
    }
    last = queries.last_link_answerer(recipient.party, email=invitation.email)
    if last is not None:
        initial.update(name=last.link_name, title=last.link_title)
    return initial


def _page(request, invitation, *, form, answered_only=False):
    recipient = invitation.recipient
    request_ = recipient.request
    subject = subject_of(request_)
    user = request.user
    context = {
        "invitation": invitation,
        "party": recipient.party,
        "recipient": recipient,
        "collaboration": request_.collaboration,
        "confirmation_request": request_,
        "is_agreement": request_.is_for_agreement,
        "sender": invitation.created_by or request_.sent_by,
        "form": form,
        "answered_only": answered_only,
        "text_template": subject.text_template,
        "pdf_url": reverse("invitation_pdf"),
        "link_email": invitation.email,
        "is_right_user": links.user_has_email(user, invitation.email),
        "has_unverified_address": links.user_has_unverified_email(user, invitation.email),
        "signup_url": reverse("account_signup")
        + "?"
        + urlencode({"email": invitation.email, "next": reverse("invitation_current")}),
        "login_url": _login_url(invitation),
    }
    if not answered_only:
        context.update(subject.reading(recipient, queries.last_answer_before(recipient)))
    return render(request, "collaborations/invitation_landing.html", context)


@login_not_required
@require_safe
def invitation_pdf(request):
    """The PDF of the agreement version the followed link asks about, while the link works."""
    invitation = links.get_invitation(request.session.get(SESSION_INVITATION))
    if invitation is None or links.usable_state(invitation) != InvitationState.VALID:
        raise Http404
    version = invitation.recipient.request.agreement
    if version is None or not version.pdf:
        raise Http404
    response = HttpResponse(bytes(version.pdf), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"Samverkansavtal-v{version.number}.pdf"
    )
    response["Cache-Control"] = "private, no-cache"
    response["Referrer-Policy"] = "no-referrer"
    return response


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
