from django import template
from django.conf import settings

from documents.forms import allowed_types_text
from documents.models import Document, DocumentKind
from documents.sniffing import ACCEPT

register = template.Library()


@register.inclusion_tag("documents/_documents.html", takes_context=True)
def documents_section(context, collaboration, kind):
    """The documents of one kind on a collaboration's page, with upload and delete for its editors.
    One query, however many documents there are."""
    documents = Document.objects.filter(collaboration=collaboration, kind=kind).select_related("uploaded_by")
    return {
        "collaboration": collaboration,
        "kind": DocumentKind(kind),
        "documents": list(documents),
        "can_edit": getattr(collaboration, "can_edit", False),
        "csrf_token": context.get("csrf_token"),
        "accept": ACCEPT,
        "types": allowed_types_text(),
        "max_size": settings.DOCUMENT_MAX_UPLOAD_SIZE,
    }
