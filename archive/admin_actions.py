"""An admin action on collaborations (collaborations/admin.py): the operator's export."""

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.export import archive_name, export_collaboration


@admin.action(description=gettext_lazy("Export the selected collaboration as an archive"))
def export_archive(modeladmin, request, queryset):
    """The operator's export: one collaboration at a time, as a download."""
    if queryset.count() != 1:
        modeladmin.message_user(request, _("Select one collaboration to export."), messages.ERROR)
        return None
    collaboration = queryset.select_related("lead_organisation").get()
    response = HttpResponse(
        export_collaboration(collaboration=collaboration, exported_by=request.user),
        content_type="application/zip",
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=archive_name(collaboration)
    )
    return response
