"""IOP's guardrail on contributions (step 8): a payment for a service is not an IOP contribution.

A party's contributions to an IOP are given — staff time, money, premises, goods or services given
(the Party fields). A service the public side pays for (cleaning, catering bought from the
association) is a purchase: it belongs in a separate procurement, not in the partnership. It is recorded
here so the chooser, the step and the agreement can say so, and it blocks the final draft of an IOP
until it is removed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from collaborations.models import Party, PartyState


class PaidServiceQuerySet(models.QuerySet):
    def of_collaborations(self, collaboration_ids):
        """The paid services of active parties, with their organisations, in a stable order."""
        return (
            self.filter(party__collaboration_id__in=collaboration_ids)
            .exclude(party__state=PartyState.DECLINED)
            .select_related("party__organisation")
            .order_by("party__organisation__name", "pk")
        )


class PaidService(models.Model):
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="paid_services", verbose_name=_("party")
    )
    description = models.CharField(_("service paid for"), max_length=300)
    amount_sek = models.PositiveIntegerField(_("amount (SEK)"), null=True, blank=True)

    objects = PaidServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment for a service")
        verbose_name_plural = _("payments for services")

    def __str__(self):
        return self.description


# What the agreement, step 8 and the chooser say of each paid service of an IOP (with paid_service_names).
PAID_SERVICE_PROBLEM = _(
    "A payment for a service is not an IOP contribution: %(party)s: %(description)s. "
    "Remove it or make a separate procurement."
)


def paid_service_names(paid_services) -> list[dict]:
    """The names PAID_SERVICE_PROBLEM is filled with, one dict per paid service."""
    return [{"party": s.party.organisation.name, "description": s.description} for s in paid_services]
