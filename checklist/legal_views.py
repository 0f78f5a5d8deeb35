"""Step 10's legal reviews, every topic in one form (one topic at a time is checklist/views.py's
legal_review_edit)."""

from django.utils.translation import gettext as _

from checklist import services
from checklist.facts import legal_topics
from checklist.forms import LegalReviewForm
from checklist.models import LegalReview
from checklist.rows_page import back_after_saving, rows_page
from collaborations.permissions import get_collaboration_for_user
from samverkan.forms import forms_per_row


def legal_reviews_edit(request, pk):
    """Every topic the step shows, the required ones marked. A topic left as it was is not saved; a
    topic filled in wrongly keeps every topic from being saved."""
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    topics, _choice = legal_topics(collaboration)
    forms = forms_per_row(topics, _review_form, request.POST if request.method == "POST" else None)
    changed = [(t["topic"], form) for t, form in zip(topics, forms, strict=True) if form.is_bound]
    back_url = services.step_url_for_key(collaboration, "legal")
    if request.method == "POST" and all(form.is_valid() for _topic, form in changed):
        reviews = [(topic, form.cleaned_data) for topic, form in changed]
        services.save_legal_reviews(collaboration=collaboration, saved_by=request.user, reviews=reviews)
        return back_after_saving(
            request, back_url, saved_message=_("The legal reviews are saved.") if changed else ""
        )
    return rows_page(
        request,
        collaboration,
        forms=forms,
        title=_("Legal reviews"),
        intro=_("Fill in the topics you have come to. A topic you leave as it is is not saved."),
        back_url=back_url,
    )


def _review_form(topic, data):
    review = topic["review"] or LegalReview(topic=topic["topic"])
    form = LegalReviewForm(data, instance=review, prefix=f"topic-{topic['topic']}")
    form.legend = topic["label"]
    form.legend_note = _("required") if topic["required"] else ""
    return form
