"""The lead's staff download their collaboration's archive. A GET: exporting writes nothing."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from archive.export import archive_name, export_collaboration
from collaborations.permissions import get_collaboration_for_user


@require_safe
def collaboration_export(request, pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    response = HttpResponse(
        export_collaboration(collaboration=collaboration, exported_by=request.user),
        content_type="application/zip",
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=archive_name(collaboration)
    )
    response["Cache-Control"] = "private, no-cache"
    return response
