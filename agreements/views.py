"""The draft agreement: a preview that looks like the PDF, the PDF itself, what changed between two
versions, and its approval by the parties. Everyone who may see the collaboration may read, compare and
download its agreement; the lead's staff send it for approval and remind; each party's representatives
answer for their party. GET and HEAD change nothing the user sees (the agreement page may ask the worker
to make the PDF of the text it shows, agreements/tasks.py): the download that produces a PDF is a POST."""

from django.contrib import messages
from django.http import HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import parse_etags, quote_etag, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from agreements import grants, services, tasks
from agreements.approval import AGREEMENT, approval_for
from agreements.comparison import agreement_diff
from agreements.forms import SendForApprovalForm
from agreements.models import AgreementVersion, SealedAgreement
from agreements.permissions import get_stored_version_for_user
from agreements.responses import attachment
from checklist.rules import status_for_request
from collaborations.confirmation_forms import AnswerForm, CompareVersionsForm
from collaborations.confirmation_helpers import answer_from_form, base_url, staff_party_action
from collaborations.confirmations import queries, reminders
from collaborations.permissions import get_collaboration_for_user, get_party_for_representative
from samverkan.errors import DomainError


@require_safe
def agreement_preview(request, pk):
    collaboration = get_collaboration_for_user(request, pk)
    draft = services.reading(collaboration)  # built once per change (agreements/stamp.py)
    approval = approval_for(collaboration, request.user, ever_sent=draft.ever_sent)
    # A text without its PDF yet is rendered ahead by the worker; until it is, the page says so.
    pdf_being_made = tasks.render_ahead(collaboration=collaboration, version=draft.version)
    return render(
        request,
        "agreements/preview.html",
        {
            "collaboration": collaboration,
            "draft": draft,
            "agreement": draft.built,
            "document_html": mark_safe(draft.built.preview_html),  # noqa: S308 - escaped template
            "earlier_versions": draft.earlier,
            "pdf_being_made": pdf_being_made,
            "download_grant": grants.grant_for(request, draft.version) if draft.pdf_current else "",
            "approval": approval,
            "can_send": collaboration.can_edit
            and draft.built.is_final
            and (approval.request is None or approval.request.agreement.content_hash != draft.content_hash),
            "send_form": SendForApprovalForm(initial={"checksum": draft.content_hash}),
            "seals": list(
                SealedAgreement.objects.filter(version__collaboration=collaboration)
                .select_related("version")
                .only("sealed_at", "certificate_subject", "certificate_sha256", "version__number")
            )
            if draft.sealed
            else [],
        },
    )


@require_POST
def agreement_download(request, pk):
    """Produce the PDF of the agreement as it stands (its version, the stored file, the event log), then
    send the browser to that stored version. A POST: producing it writes, and a GET must not."""
    collaboration = get_collaboration_for_user(request, pk)
    version, ready = tasks.request_pdf(collaboration=collaboration, requested_by=request.user)
    if not ready:
        messages.info(
            request,
            _(
                "The PDF of version %(number)s is being made. Read the preview below meanwhile, and download "
                "it again in a moment."
            )
            % {"number": version.number},
        )
        return redirect("agreement_preview", pk=collaboration.pk)
    url = reverse("agreement_version_download", args=[collaboration.pk, version.number])
    grant = grants.grant_for(request, version)
    return redirect(f"{url}?{urlencode({grants.PARAMETER: grant})}" if grant else url)


@require_safe
def agreement_version_download(request, pk, number):
    """A version's PDF exactly as it was stored; it is not rendered again. The person must still be
    allowed to see the collaboration (one query with the file); a browser that has this very file
    (its ETag: the rendering it came from) is told so (304) without it being read."""
    conditional = "HTTP_IF_NONE_MATCH" in request.META
    version = get_stored_version_for_user(request, pk, number, with_pdf=not conditional)
    etag = quote_etag(version.pdf_source_hash) if version.pdf_source_hash else None
    if conditional and etag and etag in parse_etags(request.META["HTTP_IF_NONE_MATCH"]):
        response = HttpResponseNotModified()
    else:
        pdf = services.stored_pdf(version, version.pdf_source_hash) if conditional else version.pdf
        filename = services.agreement_filename(version.collaboration, version)
        response = attachment(bytes(pdf), "application/pdf", filename)
    if etag:
        response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


@require_POST
def agreement_send(request, pk):
    """Staff ask every joined partner to approve the agreement exactly as they read it."""
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    form = SendForApprovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Open the agreement again and send it from there."))
        return redirect("agreement_preview", pk=collaboration.pk)
    try:
        sent = services.send_for_approval(
            collaboration=collaboration,
            checklist=status_for_request(request, collaboration),
            seen_checksum=form.cleaned_data["checksum"],
            sent_by=request.user,
            base_url=base_url(request),
            message=form.cleaned_data["message"],
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        tasks.render_agreement_pdf.enqueue(collaboration.pk, request.user.pk)  # the exact document is kept
        count = sent.recipients.count()
        messages.success(
            request,
            ngettext(
                "Version %(version)s of the agreement has been sent to %(count)s party for approval.",
                "Version %(version)s of the agreement has been sent to %(count)s parties for approval.",
                count,
            )
            % {"version": sent.version, "count": count},
        )
    return redirect("agreement_preview", pk=collaboration.pk)


@require_POST
def agreement_remind(request, pk, party_pk):
    """Staff e-mail a reminder, with a new link, to a party that has not answered the version sent."""
    return staff_party_action(
        request,
        pk,
        party_pk,
        lambda party: reminders.remind(
            party=party, subject=AGREEMENT, reminded_by=request.user, base_url=base_url(request)
        ),
        _("A reminder is on its way to %(organisation)s."),
        back="agreement_preview",
    )


@require_safe
def agreement_compare(request, pk):
    """What changed between two versions of the agreement, section by section."""
    collaboration = get_collaboration_for_user(request, pk)
    versions = {
        v.number: v for v in AgreementVersion.objects.without_pdf().filter(collaboration=collaboration)
    }
    numbers = sorted(versions)
    data = request.GET if "old" in request.GET or "new" in request.GET else None
    initial = {"old": numbers[-2], "new": numbers[-1]} if len(numbers) > 1 else {}
    form = CompareVersionsForm(data or initial, versions=numbers)
    diff = None
    if len(numbers) > 1 and form.is_valid():
        diff = agreement_diff(versions[form.cleaned_data["old"]], versions[form.cleaned_data["new"]])
    return render(
        request,
        "agreements/compare.html",
        {"collaboration": collaboration, "form": form, "diff": diff, "version_count": len(numbers)},
    )


def agreement_approve(request, pk, party_pk):
    """A party's representative reads the version sent for approval on the page, and approves it or
    asks for changes; the answer is shown on the same page, which says what happens next."""
    collaboration = get_collaboration_for_user(request, pk)
    party = get_party_for_representative(request, pk, party_pk)
    recipient = queries.current_recipient(party, subject=AGREEMENT)
    if not party.is_still_asked:
        recipient = None  # made an observer, or declined
    context = {"collaboration": collaboration, "party": party, "recipient": recipient}
    if recipient is not None:
        version = recipient.request.agreement
        form = AnswerForm(request.POST or None, initial={"version": version.number}, is_agreement=True)
        if answer_from_form(request, form, subject=AGREEMENT, recipient=recipient):
            messages.success(request, _("Thank you. Your answer has been recorded."))
            return redirect("agreement_approve", pk=collaboration.pk, party_pk=party.pk)
        context.update(
            AGREEMENT.reading(recipient, queries.last_answer_before(recipient)),
            form=form,
            pdf_url=reverse("agreement_version_download", args=[collaboration.pk, version.number]),
        )
    return render(request, "agreements/approve.html", context)
