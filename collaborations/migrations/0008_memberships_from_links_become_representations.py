"""Memberships that were made by accepting an invitation link become representations.

Until now, accepting a link made the person a member of the invited party's organisation. Such a
membership is told apart from one an admin or the operator gave by its time: `accept_invitation` made
it in the same transaction in which it stamped the invitation's `accepted_at`, so its `created_at` lies
within a minute after that moment; and its role is still "member" (an admin who later promoted the
person chose the membership, and it stays). Every accepted link, and every answer someone gave for a
party, becomes a representation of exactly that party; the memberships made by links are deleted.
Reversed, each representation becomes a membership of its party's organisation again.
"""

from datetime import timedelta

from django.db import migrations

MADE_WITH_THE_LINK = timedelta(seconds=60)


def links_to_representations(apps, schema_editor):
    Invitation = apps.get_model("collaborations", "Invitation")
    Membership = apps.get_model("collaborations", "Membership")
    Representation = apps.get_model("collaborations", "Representation")
    ConfirmationRecipient = apps.get_model("collaborations", "ConfirmationRecipient")

    made_by_links = set()
    accepted = Invitation.objects.filter(accepted_by__isnull=False, accepted_at__isnull=False).select_related(
        "recipient__party"
    )
    for invitation in accepted.order_by("accepted_at", "pk"):
        party = invitation.recipient.party
        Representation.objects.get_or_create(
            party=party,
            user_id=invitation.accepted_by_id,
            defaults={"email": invitation.email.lower(), "created_at": invitation.accepted_at},
        )
        membership = Membership.objects.filter(
            user_id=invitation.accepted_by_id,
            organisation_id=party.organisation_id,
            role="member",
            created_at__gte=invitation.accepted_at,
            created_at__lte=invitation.accepted_at + MADE_WITH_THE_LINK,
        ).first()
        if membership is not None:
            made_by_links.add(membership.pk)

    answered = ConfirmationRecipient.objects.filter(answered_by__isnull=False).select_related(
        "party", "answered_by"
    )
    for recipient in answered.exclude(party__role="lead").order_by("answered_at", "pk"):
        Representation.objects.get_or_create(
            party=recipient.party,
            user_id=recipient.answered_by_id,
            defaults={"email": recipient.answered_by.email.lower(), "created_at": recipient.answered_at},
        )

    Membership.objects.filter(pk__in=made_by_links).delete()


def representations_to_memberships(apps, schema_editor):
    Membership = apps.get_model("collaborations", "Membership")
    Representation = apps.get_model("collaborations", "Representation")
    for representation in Representation.objects.select_related("party"):
        Membership.objects.get_or_create(
            user_id=representation.user_id, organisation_id=representation.party.organisation_id
        )


class Migration(migrations.Migration):
    dependencies = [("collaborations", "0007_representation_of_a_party")]

    operations = [migrations.RunPython(links_to_representations, representations_to_memberships)]
