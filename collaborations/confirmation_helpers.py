"""What the confirmation pages of both apps share: staff acting on one party, and a party's answer
form handed to the one answer service. The problem description's pages
(collaborations/confirmation_views.py) and the agreement's (agreements/views.py) use them; a view
module is imported only by URLconfs, so the shared pieces live here."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect

from collaborations.confirmations import answers
from collaborations.models import Party
from collaborations.permissions import get_collaboration_for_user
from samverkan.errors import DomainError


def base_url(request) -> str:
    """The service's address as this request reached it, for the links in e-mails."""
    return request.build_absolute_uri("/")


def staff_party_action(request, pk, party_pk, action, success, *, back):
    """Staff do `action` to one party of the collaboration, are told how it went, and go `back`."""
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    party = get_object_or_404(
        Party.objects.select_related("organisation", "collaboration"),
        pk=party_pk,
        collaboration=collaboration,
    )
    try:
        action(party)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success % {"organisation": party.organisation.name})
    return redirect(back, pk=collaboration.pk)


def answer_from_form(request, form, *, subject, recipient) -> bool:
    """Save the answer of a posted, valid answer form (version read, answer, comment) for `recipient`.
    True when it was saved; otherwise the form carries what was refused, and nothing was saved."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        answers.submit_answer(
            subject=subject,
            recipient=recipient,
            answered_by=request.user,
            seen_version=form.cleaned_data["version"],
            answer=form.cleaned_data["answer"],
            comment=form.cleaned_data["comment"],
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return False
    return True
