"""The IOP part of the agreement: its guardrails.

- A payment for a service (a purchase) is not an IOP contribution: each one recorded is a gap in the
  commitments section, linked to step 8, and so blocks the final draft until it is removed or moved to
  a separate procurement; the model check printed in the agreement shows it as not met.
- The assessments against procurement and state-aid rules are printed with who made them and their
  conclusion; an assessment marked as made without either (the form asks for both, older rows may
  lack them) is a gap linked to step 10.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from agreements.content import ModelCheck
from checklist.iop_models import PAID_SERVICE_PROBLEM, PaidService, paid_service_names
from checklist.models import LegalTopic, ReviewStatus
from collaborations.models import CollaborationModel

SECTION = "commitments"
STEP = "roles"
ASSESSED_TOPICS = (LegalTopic.PROCUREMENT, LegalTopic.STATE_AID)


def add_iop(builder) -> None:
    """Give `builder.agreement` the IOP gaps and checks when the chosen form is IOP (drafting.py)."""
    model = builder.agreement.model
    if model is None or model.key != CollaborationModel.IOP:
        return
    paid = list(PaidService.objects.of_collaborations([builder.collaboration.pk]))
    for names in paid_service_names(paid):
        builder.gap(SECTION, STEP, str(PAID_SERVICE_PROBLEM) % names)
    if paid:
        model.checks.append(
            ModelCheck(
                label=_("No payment for a service among the contributions (that is a purchase, not IOP)"),
                met=False,
                detail="; ".join(f"{s.party.organisation.name}: {s.description}" for s in paid),
            )
        )
    _assessments(builder)


def _assessments(builder) -> None:
    for topic in ASSESSED_TOPICS:
        review = builder.legal_reviews.get(topic)
        if review is None or review.status != ReviewStatus.ASSESSED:
            continue  # the agreement already shows the missing assessment (drafting.py)
        if not review.assessed_by.strip() or not review.assessment.strip():
            builder.gap(
                "model",
                "legal",
                _("%(topic)s: who made the assessment and its conclusion must both be recorded.")
                % {"topic": LegalTopic(topic).label},
                url=reverse("legal_review_edit", args=[builder.collaboration.pk, topic.value]),
            )
