"""Background work on agreements: sealing a version once every party has approved it (rendering and
signing take a second or more, so the request that records the last approval does not wait)."""

from django.tasks import task

from agreements import sealing


@task
def seal_approved_agreement(request_id: int) -> bool:
    """Seal the approved version of agreement request `request_id` (agreements/sealing.py)."""
    return sealing.seal_request(request_id=request_id) is not None
