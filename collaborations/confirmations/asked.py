"""Who is asked: the parties a version is sent to, and why the others are not."""

from django.utils.translation import gettext as _

from collaborations.models import ACTIVE_PARTY_STATES, ConfirmationRecipient, PartyRole


def skip_reason(party) -> str:
    """Why `party` gets no invitation, or "" when it does."""
    if party.role == PartyRole.LEAD:
        return _("Your own organisation is not asked.")
    if party.role != PartyRole.PARTNER:
        return _("Observers are not asked to confirm.")
    if party.state not in ACTIVE_PARTY_STATES:
        return _("The party has declined to take part.")
    if not party.contact_email:
        return _("The party has no contact e-mail address.")
    return ""


def split_parties(collaboration):
    """(parties that will be asked, [(party, reason) for those that will not]), the lead left out."""
    asked, skipped = [], []
    parties = collaboration.parties.select_related("organisation").exclude(role=PartyRole.LEAD)
    for party in parties.order_by("organisation__name"):
        reason = skip_reason(party)
        if reason:
            skipped.append((party, reason))
        else:
            asked.append(party)
    return asked, skipped


def last_languages(collaboration) -> dict[int, str]:
    """The e-mail language last chosen for each party, to offer it again."""
    rows = (
        ConfirmationRecipient.objects.filter(request__collaboration=collaboration)
        .order_by("request__sent_at", "pk")
        .values_list("party_id", "language")
    )
    return dict(rows)
