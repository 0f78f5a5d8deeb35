"""The IOP part of the agreement: its guardrail on contributions. A payment for a service (a purchase)
is not an IOP contribution; each one recorded is a gap in the commitments section, linked to step 8,
and so blocks the final draft until it is removed or moved to a separate procurement."""

from checklist.iop_models import PaidService, paid_service_problems

SECTION = "commitments"
STEP = "roles"


def add_iop(builder) -> None:
    """Give `builder.agreement` the IOP gaps when the chosen form is IOP (drafting.py)."""
    model = builder.agreement.model
    if model is None:
        return
    paid = PaidService.objects.of_collaborations([builder.collaboration.pk])
    for what in paid_service_problems(model.key, paid):
        builder.gap(SECTION, STEP, str(what))
