"""Background work on agreements, by the task worker (`manage.py db_worker`), never in a request.

- The PDF rendered ahead, asked for where it is wanted, without signals. Whether the agreement's
  content changed is not tracked event by event: it is derived from what is stored. The agreement's
  text is its version (a checksum, agreements/services.py), and a version knows whether, and as which
  rendering, its PDF is stored and whether a worker has claimed it. The agreement page (the only page
  with the download button) knows the current text (built once per change and kept under the
  agreement's stamp, agreements/stamp.py); when that text has no stored PDF and no
  worker is rendering it, the page asks the worker to render it (`render_ahead`), and says that the
  PDF is being made. By the time the reader has looked at the preview and pressed the button, it is
  usually there. The download asks the same way for the exact rendering (`request_pdf`: the text and
  its appendix, which can grow under the same text) and serves the stored file when it is current;
  otherwise it says so and sends the reader back to the page. So no request renders, a download never
  serves another content than the current one, and a change made any way at all (a step saved, an
  organisation renamed, an answer recorded) is noticed, because nothing has to announce it.
  Rendering on every save instead (a post_save signal, before) cost a render of a second or more for
  each of the many saves made while the steps are filled in, most of them never downloaded, and missed
  changes that do not save the collaboration.
  One render per content: the version row is claimed for the rendering before it is rendered, by the
  download that asks for it (then eight simultaneous downloads ask the worker once) or by the task
  itself (when the page asked); a second task for the same content finds it stored, or claimed, and
  stops, and no task is asked for while a fresh claim stands.
- Sealing a version once every party has approved it (rendering and signing take a second or more, so
  the request that records the last approval does not wait).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.tasks import task

from agreements import sealing, services
from agreements.stamp import agreement_stamp
from checklist.rules import checklist_status
from collaborations.models import Collaboration


@task
def seal_approved_agreement(request_id: int) -> bool:
    """Seal the approved version of agreement request `request_id` (agreements/sealing.py)."""
    return sealing.seal_request(request_id=request_id) is not None


@task
def render_agreement_pdf(
    collaboration_id: int, requested_by_id: int | None = None, claimed: str = ""
) -> None:
    """Render the agreement as it stands, once (`claimed`: the rendering the asking request claimed)."""
    collaboration = (
        Collaboration.objects.select_related("lead_organisation").filter(pk=collaboration_id).first()
    )
    if collaboration is None:  # deleted meanwhile
        return
    requested_by = get_user_model().objects.filter(pk=requested_by_id).first() if requested_by_id else None
    services.agreement_pdf(
        collaboration=collaboration,
        checklist=checklist_status(collaboration),
        requested_by=requested_by,
        claimed=claimed,
    )


def render_sent_version(request) -> None:
    """The version sent for approval is the exact document the parties read: its PDF is rendered by the
    worker (the request itself never renders), whether or not rendering ahead is on."""
    render_agreement_pdf.enqueue(request.collaboration_id, request.sent_by_id)


def render_ahead(*, collaboration, version) -> bool:
    """For the agreement page, showing the text that is `version` (None: a text never produced before):
    True while its PDF is being made. A text whose PDF has never been made is asked for, unless a worker
    holds a fresh claim on it. A text never produced before has no version row to claim yet: until the
    worker has stored it, each view asks again (the extra tasks find it claimed or stored, and stop).
    Off with AGREEMENT_RENDER_AHEAD=false (the tests, which turn it on where they test it): then only
    the download asks."""
    if version is not None and version.rendered_at is not None and version.render_claim == "":
        return False
    if version is not None and services.render_claimed(version):
        return True
    if not settings.AGREEMENT_RENDER_AHEAD:
        return False
    render_agreement_pdf.enqueue(collaboration.pk)
    return True


def request_pdf(*, collaboration, requested_by):
    """For a download: the version of the agreement as it stands (stored now), and whether its stored
    PDF is the current rendering of it. When it is not, the request claims the render (one conditional
    UPDATE on the version row) and asks the worker for it; when another request or task holds the claim,
    it asks nothing. The request itself never renders. While nothing the agreement reads has changed
    since its stored PDF was found current (its stamp, agreements/stamp.py), nothing is built; else the
    agreement is built once."""
    stamp = agreement_stamp(collaboration.pk)  # before anything it stands for is read
    version = services.current_pdf_version(collaboration, stamp=stamp)
    if version is not None:
        return version, True
    draft = services.fresh_draft(collaboration)
    version = services.register_version(collaboration=collaboration, draft=draft, created_by=requested_by)
    rendering = services.rendering_for(draft, version)
    if version.pdf_source_hash == rendering:
        services.keep_current_pdf(collaboration, stamp=stamp, version=version, rendering=rendering)
        return version, True
    # Exactly one of any number of simultaneous downloads claims the render and asks the worker for it.
    if services.claim_render(version, rendering):
        render_agreement_pdf.enqueue(collaboration.pk, requested_by.pk if requested_by else None, rendering)
        version.refresh_from_db(fields=["pdf_source_hash"])
    return version, version.pdf_source_hash == rendering
