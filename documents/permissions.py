from django.shortcuts import get_object_or_404

from collaborations.permissions import get_collaboration_for_user
from documents.models import Document


def get_document_for_user(request, pk, document_pk, *, edit=False) -> Document:
    """The document `document_pk` of collaboration `pk`, by the collaboration's rule: those who may see
    the collaboration read it, with `edit` only staff of the lead (others who see it get a 403), and
    everyone else gets a 404."""
    collaboration = get_collaboration_for_user(request, pk, edit=edit)
    document = get_object_or_404(
        Document.objects.select_related("uploaded_by"), pk=document_pk, collaboration=collaboration
    )
    document.collaboration = collaboration
    return document
