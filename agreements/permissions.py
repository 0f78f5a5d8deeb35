"""Fetch-and-authorise helpers for the agreement's own resources (collaborations/permissions.py has the
collaboration's): another organisation's object is a 404, so its existence does not leak."""

from django.http import Http404

from agreements.models import AgreementVersion
from collaborations.models import Collaboration


def get_stored_version_for_user(request, pk, number, *, with_pdf=True) -> AgreementVersion:
    """Version `number` of collaboration `pk`'s agreement, if its PDF is stored and the user may see
    the collaboration (as `get_collaboration_for_user`): one query, with the collaboration's area (the
    file's name) and, `with_pdf`, the file itself. Otherwise a 404."""
    fields = ["number", "pdf_source_hash", "collaboration__area_name", *(["pdf"] if with_pdf else [])]
    version = (
        AgreementVersion.objects.filter(
            collaboration__in=Collaboration.objects.visible_to(request.user).values("pk"),
            collaboration_id=pk,
            number=number,
            pdf__isnull=False,
        )
        .select_related("collaboration")
        .only(*fields)
        .first()
    )
    if version is None:
        raise Http404
    return version
