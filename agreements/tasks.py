"""Background work on agreements, by the task worker (`manage.py db_worker`), never in a request.

- The PDF rendered ahead: whenever a collaboration changes (Collaboration.touch saves it),
  `agreements/signals.py` asks for its agreement to be rendered once the change is committed; a download
  asks again for a text that changed without the collaboration (an organisation's new name).
  `services.agreement_pdf` renders each document once: a second task for the same content finds it
  stored, or claimed by the first, and stops.
- Sealing a version once every party has approved it (rendering and signing take a second or more, so
  the request that records the last approval does not wait).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.tasks import task

from agreements import sealing, services
from checklist.rules import checklist_status
from collaborations.models import Collaboration


@task
def seal_approved_agreement(request_id: int) -> bool:
    """Seal the approved version of agreement request `request_id` (agreements/sealing.py)."""
    return sealing.seal_request(request_id=request_id) is not None


@task
def render_agreement_pdf(collaboration_id: int, requested_by_id: int | None = None) -> None:
    collaboration = (
        Collaboration.objects.select_related("lead_organisation").filter(pk=collaboration_id).first()
    )
    if collaboration is None:  # deleted meanwhile
        return
    requested_by = get_user_model().objects.filter(pk=requested_by_id).first() if requested_by_id else None
    services.agreement_pdf(
        collaboration=collaboration, checklist=checklist_status(collaboration), requested_by=requested_by
    )


def render_sent_version(request) -> None:
    """The version sent for approval is the exact document the parties read: its PDF is rendered by the
    worker (the request itself never renders), whether or not rendering ahead is on."""
    render_agreement_pdf.enqueue(request.collaboration_id, request.sent_by_id)


def render_ahead(collaboration_id: int) -> None:
    """Ask the worker to render the agreement once the current transaction is committed (the worker
    must see the change). Off with AGREEMENT_RENDER_AHEAD=false (the tests, which ask for it where
    they test it)."""
    if settings.AGREEMENT_RENDER_AHEAD:
        transaction.on_commit(lambda: render_agreement_pdf.enqueue(collaboration_id))


def request_pdf(*, collaboration, checklist, requested_by):
    """For a download: the version of the agreement as it stands (stored now), and whether its PDF is
    ready. When it is not, the worker is asked to render it (or is rendering it already); the request
    itself never renders."""
    version = services.register_version(
        collaboration=collaboration,
        draft=services.current_draft(collaboration, checklist=checklist),
        created_by=requested_by,
    )
    version, rendering = services.rendering_of(collaboration=collaboration, checklist=checklist)
    if services.stored_pdf(version, rendering) is None:
        render_agreement_pdf.enqueue(collaboration.pk, requested_by.pk if requested_by else None)
        version.refresh_from_db(fields=["pdf_source_hash"])
    return version, version.pdf_source_hash == rendering
