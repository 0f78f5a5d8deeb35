"""A stored version's PDF as the response to its GET: the one rule for the view
(`agreement_version_download`) and for the middleware that answers the same GET early
(agreements/middleware.py), so that both answer exactly alike."""

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import content_disposition_header, parse_etags, quote_etag

from agreements import services
from agreements.permissions import get_stored_version_for_user


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-cache"
    return response


def stored_version_response(request, pk, number) -> HttpResponse:
    """Version `number` of collaboration `pk`'s agreement, its PDF exactly as it was stored, if the
    person may see the collaboration (one query with the file; else Http404). A browser that has this
    very file (its ETag: the rendering it came from) is told so (304) without it being read."""
    conditional = "HTTP_IF_NONE_MATCH" in request.META
    version = get_stored_version_for_user(request, pk, number, with_pdf=not conditional)
    etag = quote_etag(version.pdf_source_hash) if version.pdf_source_hash else None
    if conditional and etag and etag in parse_etags(request.META["HTTP_IF_NONE_MATCH"]):
        response = HttpResponseNotModified()
    else:
        pdf = services.stored_pdf(version, version.pdf_source_hash) if conditional else version.pdf
        filename = services.agreement_filename(version.collaboration, version)
        response = pdf_response(bytes(pdf), filename)
    if etag:
        response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response
