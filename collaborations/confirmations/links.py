"""The e-mailed links: following one, accepting it, and ending those no longer meant.

A link is 256 random bits, of which only the SHA-256 is stored (`hash_token`); issuing and e-mailing a
link is part of sending (sending.py, collaborations/tasks.py).
"""

import hashlib

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collaborations.models import EventKind, Invitation, InvitationState, Party, PartyState, Representation
from samverkan.errors import DomainError
from samverkan.events import record_event


class InvitationUnusable(DomainError):
    """The link cannot be used; `state` says why (an InvitationState value)."""

    def __init__(self, state):
        self.state = state
        super().__init__(InvitationState(state).label)


class WrongUser(DomainError):
    """The signed-in user's e-mail address is not the one the invitation was sent to."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- Following the link -------------------------------------------------------------------------


def _invitations():
    return Invitation.objects.select_related(
        "accepted_by",
        "created_by",
        "recipient__answered_by",
        "recipient__party__organisation",
        "recipient__request__collaboration__lead_organisation",
        "recipient__request__sent_by",
        "recipient__request__problem__created_by",
        "recipient__request__agreement",
    )


def find_invitation(token: str):
    """The invitation whose token is `token`, or None (tampered, or never issued)."""
    if not token or len(token) > 100:
        return None
    return _invitations().filter(token_hash=hash_token(token)).first()


def get_invitation(pk):
    """The invitation `pk` (which a session holds once its link was followed), or None."""
    if not isinstance(pk, int):
        return None
    return _invitations().filter(pk=pk).first()


def usable_state(invitation) -> str:
    """The link's state (an InvitationState value), where a link of a party that has since declined or
    stopped being a partner counts as revoked: nobody should join its organisation through it."""
    state = invitation.state()
    if state == InvitationState.VALID and not invitation.recipient.party.is_still_asked:
        return InvitationState.REVOKED
    return state


def user_has_email(user, email: str) -> bool:
    """Whether `email` is a verified address of `user`. An address added but not verified proves
    nothing, and may be verified on another account."""
    if not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def user_has_unverified_email(user, email: str) -> bool:
    """Whether `email` is on `user`'s account but not verified (the landing page explains why that is
    not enough)."""
    if not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=False).exists()


def mark_opened(*, invitation, user=None) -> None:
    """Record that the link was followed, the first time it is."""
    if invitation.opened_at is not None or usable_state(invitation) != InvitationState.VALID:
        return
    with transaction.atomic():
        updated = Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=timezone.now()
        )
        if updated:
            record_event(
                collaboration=invitation.recipient.request.collaboration,
                kind=EventKind.INVITATION_OPENED,
                actor=user if user is not None and user.is_authenticated else None,
                detail=f"{invitation.recipient.party.organisation.name} ({invitation.email})",
            )


@transaction.atomic
def accept_invitation(*, invitation, user) -> Party:
    """Make `user` the representative of the invited party in its collaboration; the link is then used
    up. Representation is not membership: the user gets no access to the party's organisation, nor to
    any other collaboration. Only a verified address of the user counts (signing up through the link
    verifies the new account's address). A proposed or invited party becomes joined.
    """
    # The party is locked before its link, in the order the party page's changes take them.
    party = (
        Party.objects.select_for_update(of=("self",))
        .select_related("organisation", "collaboration")
        .get(pk=invitation.recipient.party_id)
    )
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("recipient__request")
        .get(pk=invitation.pk)
    )
    invitation.recipient.party = party
    state = usable_state(invitation)
    if state != InvitationState.VALID:
        raise InvitationUnusable(state)
    if not user_has_email(user, invitation.email):
        raise WrongUser(
            _("You are logged in as %(user)s, but the invitation was sent to %(email)s.")
            % {"user": user.email, "email": invitation.email}
        )
    now = timezone.now()
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    Representation.objects.update_or_create(
        party=party,
        user=user,
        defaults={"email": invitation.email.lower(), "ended_at": None},
        create_defaults={"email": invitation.email.lower(), "created_at": now},
    )
    if party.state in (PartyState.PROPOSED, PartyState.INVITED):
        party.state = PartyState.JOINED
        party.save(update_fields=["state"])
        party.collaboration.touch()  # a joined partner counts on the checklist (step 16)
    record_event(
        collaboration=party.collaboration,
        kind=EventKind.INVITATION_ACCEPTED,
        actor=user,
        detail=f"{party.organisation.name} ({invitation.email})",
    )
    return party


# --- Ending links ------------------------------------------------------------------------------


@transaction.atomic
def revoke_invitations(*, party, revoked_by) -> int:
    """Make the party's open links stop working. Its answers and its members are kept."""
    open_links = Invitation.objects.select_for_update().open().filter(recipient__party=party)
    emails = sorted({invitation.email for invitation in open_links})
    if not emails:
        raise DomainError(
            _("%(organisation)s has no link that can be revoked.") % {"organisation": party.organisation.name}
        )
    count = open_links.update(revoked_at=timezone.now(), revoked_by=revoked_by)
    record_event(
        collaboration=party.collaboration,
        kind=EventKind.INVITATION_REVOKED,
        actor=revoked_by,
        detail=f"{party.organisation.name} ({', '.join(emails)})",
    )
    return count


def end_links_no_longer_meant(party, edited_by):
    """Revoke the party's open invitation links that are no longer meant: all of them when it has
    declined or is not a partner, else those to an address other than its contact address. Its
    representatives who accepted a link sent to another address than the contact address lose their
    access (a party that declines or becomes an observer gives none: Representation.objects.active)."""
    ended = Representation.objects.filter(party=party, ended_at__isnull=True)
    if party.contact_email:
        ended = ended.exclude(email__iexact=party.contact_email)
    ended.update(ended_at=timezone.now())
    links = Invitation.objects.open().filter(recipient__party=party)
    if party.is_still_asked and party.contact_email:
        links = links.exclude(email__iexact=party.contact_email)
    emails = sorted({link.email for link in links})
    if emails:
        links.update(revoked_at=timezone.now(), revoked_by=edited_by)
        record_event(
            collaboration=party.collaboration,
            kind=EventKind.INVITATION_REVOKED,
            actor=edited_by,
            detail=f"{party.organisation.name} ({', '.join(emails)})",
        )
