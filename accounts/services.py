"""Personal data (GDPR): what we hold about a person, deleting an account, and forgetting old links.

Deleting an account keeps the user row, anonymised: answers, the event log and the other records of a
collaboration point at it by foreign key and must stay whole, so they now show "Deleted user #<id>".
"""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from collaborations.models import (
    LINK_ISSUED_STATUSES,
    ConfirmationRecipient,
    Event,
    Invitation,
    Membership,
    MembershipRole,
    Representation,
)
from samverkan.errors import DomainError

# --- Download ---------------------------------------------------------------------------------


def _time(value):
    return value.isoformat() if value else None


def personal_data(user) -> dict:
    """Everything the service holds about `user`, as JSON-ready data. Seven queries, however much."""
    email_addresses = list(user.emailaddress_set.order_by("email"))
    addresses = {user.email.lower(), *(a.email.lower() for a in email_addresses)}
    memberships = user.memberships.select_related("organisation").order_by("organisation__name")
    representations = user.representations.select_related(
        "party__organisation", "party__collaboration"
    ).order_by("created_at", "pk")
    answers = (
        ConfirmationRecipient.objects.filter(answered_by=user)
        .select_related("request__collaboration", "request__problem", "party__organisation")
        .order_by("answered_at", "pk")
    )
    invited = Q()
    for address in sorted(addresses):
        invited |= Q(email__iexact=address)
    invitations = (
        Invitation.objects.filter(invited)
        .select_related("recipient__request__collaboration", "recipient__party__organisation")
        .order_by("created_at", "pk")
    )
    events = Event.objects.filter(actor=user).select_related("collaboration").order_by("created_at", "pk")
    return {
        "exported_at": _time(timezone.now()),
        "profile": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "title": user.title,
            "date_joined": _time(user.date_joined),
            "last_login": _time(user.last_login),
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary} for a in email_addresses
            ],
            "two_factor_methods": sorted(
                Authenticator.objects.filter(user=user).values_list("type", flat=True)
            ),
        },
        "memberships": [
            {
                "organisation": m.organisation.name,
                "organisation_number": m.organisation.org_number,
                "role": m.role,
                "since": _time(m.created_at),
            }
            for m in memberships
        ],
        "representations": [
            {
                "collaboration": r.party.collaboration.title,
                "party": r.party.organisation.name,
                "invited_address": r.email,
                "since": _time(r.created_at),
                "ended": _time(r.ended_at),
            }
            for r in representations
        ],
        "answers": [
            {
                "collaboration": a.request.collaboration.title,
                "on_behalf_of": a.party.organisation.name,
                "problem_description_version": a.request.problem.version if a.request.problem else None,
                "answer": a.answer,
                "comment": a.comment,
                "answered_at": _time(a.answered_at),
            }
            for a in answers
        ],
        "invitations_to_you": [
            {
                "email": i.email,
                "collaboration": i.recipient.request.collaboration.title,
                "party": i.recipient.party.organisation.name,
                "purpose": i.purpose,
                "state": i.state(),
                "created_at": _time(i.created_at),
                "sent_at": _time(i.mail_sent_at),
                "opened_at": _time(i.opened_at),
                "accepted_at": _time(i.accepted_at),
            }
            for i in invitations
        ],
        "events_you_caused": [
            {
                "collaboration": e.collaboration.title,
                "event": e.kind,
                "detail": e.detail,
                "time": _time(e.created_at),
            }
            for e in events
        ],
    }


# --- Deleting an account ----------------------------------------------------------------------


def organisations_needing_admin(user) -> list:
    """Organisations that would be left with members but no administrator if `user` left them."""
    admin_of = Membership.objects.filter(user=user, role=MembershipRole.ADMIN).values("organisation_id")
    stranded = (
        Membership.objects.filter(organisation_id__in=admin_of)
        .values("organisation_id")
        .annotate(
            others=Count("pk", filter=~Q(user=user)),
            other_admins=Count("pk", filter=~Q(user=user) & Q(role=MembershipRole.ADMIN)),
        )
        .filter(others__gt=0, other_admins=0)
        .values_list("organisation_id", flat=True)
    )
    return [m.organisation for m in Membership.objects.filter(user=user, organisation_id__in=stranded)]


@transaction.atomic
def delete_account(*, user) -> None:
    """Anonymise `user` for good: no e-mail address, name, password, memberships or two-factor
    devices remain, and the account cannot log in. What they did stays in the record under
    "Deleted user #<id>". Refused while they are the last admin of an organisation with other members.
    """
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    stranded = organisations_needing_admin(user)
    if stranded:
        raise DomainError(
            _(
                "You are the only administrator of %(organisations)s, which has other members. Make "
                "another member an administrator first, or remove the other members."
            )
            % {"organisations": ", ".join(o.name for o in stranded)}
        )
    Membership.objects.filter(user=user).delete()
    Representation.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    # A unique address that cannot receive mail (the .invalid top-level domain is reserved, RFC 2606).
    user.email = f"raderad-{secrets.token_hex(8)}@invalid"
    user.first_name = ""
    user.last_name = ""
    user.title = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.deleted_at = timezone.now()
    user.save()


# --- Name and title ---------------------------------------------------------------------------


def update_profile(*, user, first_name, last_name, title) -> None:
    """The name and title `user` is shown by from now on (what was already generated keeps its words)."""
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.title = title.strip()
    user.save(update_fields=["first_name", "last_name", "title"])


# --- Forgetting ended invitations -------------------------------------------------------------


def purge_ended_invitations(*, now=None, days=None) -> int:
    """Delete invitations that were used, expired, revoked or replaced more than `days` days ago
    (INVITATION_RETENTION_DAYS). Links still waiting to be sent or followed, and every answer, stay.
    Returns how many were deleted."""
    now = now or timezone.now()
    days = settings.INVITATION_RETENTION_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    ended_before_cutoff = (
        Q(accepted_at__lte=cutoff)
        | Q(revoked_at__lte=cutoff)
        | Q(replaced_at__lte=cutoff)
        | Q(mail_status__in=LINK_ISSUED_STATUSES, expires_at__lte=cutoff)
    )
    deleted, _by_model = Invitation.objects.filter(ended_before_cutoff).delete()
    return deleted
