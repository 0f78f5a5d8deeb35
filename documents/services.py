"""Uploading and deleting documents; both write the collaboration's event log."""

from django.db import transaction

from collaborations.models import EventKind
from documents.models import Document
from samverkan.events import record_event

ORIGINAL_NAME_MAX = 255


def _detail(document) -> str:
    return f"{document.get_kind_display()}: {document.download_name}"


def upload_document(*, collaboration, kind, file, file_type, description, uploaded_by) -> Document:
    """Store `file` (already checked by DocumentUploadForm) under a random name and record it.

    If recording fails, the stored file is removed again, so nothing half-saved remains."""
    document = Document(
        collaboration=collaboration,
        kind=kind,
        description=description,
        original_name=file.name[-ORIGINAL_NAME_MAX:],
        content_type=file_type.content_type,
        size=file.size,
        uploaded_by=uploaded_by,
    )
    document.file.save(file.name, file, save=False)
    try:
        with transaction.atomic():
            document.save()
            record_event(
                collaboration=collaboration,
                kind=EventKind.DOCUMENT_ADDED,
                actor=uploaded_by,
                detail=_detail(document),
            )
    except BaseException:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def delete_document(*, document, deleted_by) -> None:
    """Delete the document; its file is removed from the disk once the deletion is committed
    (documents/signals.py)."""
    record_event(
        collaboration=document.collaboration,
        kind=EventKind.DOCUMENT_REMOVED,
        actor=deleted_by,
        detail=_detail(document),
    )
    document.delete()
