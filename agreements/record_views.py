"""The agreement as a record: an editable DOCX copy of the current text, and the sealed final PDF.
Everyone who may read the collaboration may have both. Asking for the copy registers the version it is
a copy of (as the PDF download does), so it is a POST that sends the browser on to the copy, a GET; the
sealed PDF is only read, a GET."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from agreements import services
from agreements.docx import DOCX_CONTENT_TYPE, agreement_docx
from agreements.models import AgreementVersion, SealedAgreement
from agreements.responses import attachment
from checklist.rules import status_for_request
from collaborations.permissions import get_collaboration_for_user


@require_POST
def agreement_docx_download(request, pk):
    """Register the agreement as it stands as its version (as the PDF download does), then send the
    browser on to the copy of that version."""
    collaboration = get_collaboration_for_user(request, pk)
    draft = services.current_draft(collaboration, checklist=status_for_request(request, collaboration))
    version = services.register_version(collaboration=collaboration, draft=draft, created_by=request.user)
    return redirect("agreement_docx_version", pk=collaboration.pk, number=version.number)


@require_safe
def agreement_docx_version(request, pk, number):
    """An editable copy of version `number`, made from the data while the agreement's text is still that
    version; once the text has changed, the reader is sent back to make a copy of the new one."""
    collaboration = get_collaboration_for_user(request, pk)
    version = (
        AgreementVersion.objects.without_pdf().filter(collaboration=collaboration, number=number).first()
    )
    if version is None:
        raise Http404
    draft = services.current_draft(collaboration, checklist=status_for_request(request, collaboration))
    if draft.content_hash != version.content_hash:
        messages.error(
            request,
            _("The agreement has changed since version %(number)s. Download a new copy.")
            % {"number": number},
        )
        return redirect("agreement_preview", pk=collaboration.pk)
    filename = services.agreement_filename(collaboration, version).removesuffix(".pdf") + "-kopia.docx"
    return attachment(agreement_docx(draft.agreement, version=version), DOCX_CONTENT_TYPE, filename)


@require_safe
def agreement_sealed_download(request, pk, number):
    """The latest seal of version `number`: its PDF exactly as it was signed."""
    collaboration = get_collaboration_for_user(request, pk)
    sealed = (
        SealedAgreement.objects.filter(version__collaboration=collaboration, version__number=number)
        .select_related("version")
        .only("pdf", "version__number")
        .first()
    )
    if sealed is None:
        raise Http404
    filename = (
        services.agreement_filename(collaboration, sealed.version).removesuffix(".pdf") + "-forseglat.pdf"
    )
    return attachment(bytes(sealed.pdf), "application/pdf", filename)
