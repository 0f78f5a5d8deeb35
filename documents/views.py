import logging

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collaborations.permissions import get_collaboration_for_user
from documents import services
from documents.forms import DocumentUploadForm
from documents.models import DocumentKind
from documents.permissions import get_document_for_user

logger = logging.getLogger(__name__)

# The page that shows each kind of document.
PAGE_FOR_KIND = {DocumentKind.MANDATE: "mandate_list", DocumentKind.EVIDENCE: "problem_detail"}


def document_upload(request, pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    if request.method == "POST":
        form = DocumentUploadForm(request.POST, request.FILES)
    else:
        form = DocumentUploadForm(initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        document = services.upload_document(
            collaboration=collaboration, uploaded_by=request.user, **form.cleaned_data
        )
        messages.success(request, _("%(name)s has been uploaded.") % {"name": document.download_name})
        return redirect(PAGE_FOR_KIND[document.kind], pk=collaboration.pk)
    back = PAGE_FOR_KIND.get(request.POST.get("kind") or request.GET.get("kind"), "collaboration_detail")
    return render(
        request,
        "documents/document_upload.html",
        {"collaboration": collaboration, "form": form, "back_url": reverse(back, args=[collaboration.pk])},
    )


def document_download(request, pk, document_pk):
    document = get_document_for_user(request, pk, document_pk)
    try:
        file = document.file.open("rb")
    except FileNotFoundError:
        logger.error("The file of document %s is missing: %s", document.pk, document.file.name)
        raise Http404 from None
    response = FileResponse(
        file, as_attachment=True, filename=document.download_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def document_delete(request, pk, document_pk):
    document = get_document_for_user(request, pk, document_pk, edit=True)
    services.delete_document(document=document, deleted_by=request.user)
    messages.success(request, _("%(name)s has been deleted.") % {"name": document.download_name})
    return redirect(PAGE_FOR_KIND[document.kind], pk=pk)
