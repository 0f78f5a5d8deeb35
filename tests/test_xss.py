"""A corpus of XSS payloads in every text field of the main objects comes out as text: in every page
that shows them, in the e-mails and in the agreement's PDF.

Every text field (CharField and TextField without choices) of the models below, for the objects of one
collaboration, gets the corpus, as much of it as fits, with its own number in each payload
(`alert(17)`), so that a failure names the field. Then every page of the authorization table that the
lead's staff (alice) or the invited partner (bob) may open is fetched and parsed: no script of ours may
contain a payload, no element may carry an event handler attribute, no link or form may point at
`javascript:`. And every field must show up escaped on at least one page, so that the test cannot pass
by not showing anything.
"""

import io
from html.parser import HTMLParser

import pypdf
import pytest
from django.conf import settings
from django.core import mail
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from checklist.bid_models import BidAssociation, BidMember, FeeCategory
from checklist.models import (
    Activity,
    AgreementTerms,
    BudgetLine,
    CommunicationPlan,
    FollowUp,
    GroupMember,
    LegalReview,
    PartyCommitment,
    StepNotApplicable,
    WorkOrganisation,
)
from collaborations import services
from collaborations.confirmations import answers, sending
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import (
    Collaboration,
    Goal,
    Mandate,
    ModelChoice,
    Organisation,
    Party,
    ProblemDescription,
    ResidentInvolvement,
    SubGoal,
)
from documents.models import Document
from samverkan.events import record_event
from tests.factories import (
    ActivityFactory,
    AgreementTermsFactory,
    BidAssociationFactory,
    BidMemberFactory,
    BudgetLineFactory,
    CommunicationPlanFactory,
    DocumentFactory,
    FeeCategoryFactory,
    FollowUpFactory,
    GoalFactory,
    GroupMemberFactory,
    LegalReviewFactory,
    MandateFactory,
    ModelChoiceFactory,
    PartyCommitmentFactory,
    ProblemDescriptionFactory,
    StepNotApplicableFactory,
    WorkOrganisationFactory,
)
from tests.test_authorization_table import TABLE, world  # noqa: F401 - `world` is a fixture

CORPUS = [
    "<script>alert({n})</script>",
    '"><img src=x onerror=alert({n})>',
    "'><svg onload=alert({n})>",
    "javascript:alert({n})",
    "</textarea><script>alert({n})</script>",
    '<a href="javascript:alert({n})">x</a>',
    "{{{{ 7*7 }}}} {{% debug %}}",
    "&lt;b&gt;{n}",
]

# Fields that are not free text a person types: identifiers, codes and addresses with their own
# validation, and what the service writes itself.
NOT_FREE_TEXT = {
    "org_number",
    "step_key",
    "content_type",
    "token_hash",
    "base_url",
    "mail_error",
    "content_hash",
    "pdf_source_hash",
    "password",
    "email",
}


def payload(n: int, max_length: int | None) -> str:
    """As many payloads of the corpus as fit in `max_length`, each numbered `n`."""
    parts, length = [], 0
    for template in CORPUS:
        part = template.format(n=n)
        if max_length is not None and length + len(part) + 1 > max_length:
            break
        parts.append(part)
        length += len(part) + 1
    return " ".join(parts)


def text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.EmailField)
        and not field.choices
        and field.name not in NOT_FREE_TEXT
    ]


def poison(queryset, numbers: dict) -> None:
    """Fill every free-text field of the rows in `queryset` with the corpus; remember each number."""
    for pk in queryset.values_list("pk", flat=True):
        values = {}
        for field in text_fields(queryset.model):
            n = len(numbers) + 1
            numbers[n] = f"{queryset.model.__name__}.{field.name}"
            values[field.name] = payload(n, field.max_length)
        queryset.filter(pk=pk).update(**values)


def arrange(w):
    """Every main object of the collaboration, each with its text fields full of payloads."""
    c, partner, lead = w.collaboration, w.partner_party, w.collaboration.parties.get(role="lead")
    MandateFactory(party=lead)
    MandateFactory(party=partner)
    GoalFactory(collaboration=c)
    w.model_choice = ModelChoiceFactory(collaboration=c, model="bid")
    BidAssociationFactory(collaboration=c)
    w.fee_category = FeeCategoryFactory(collaboration=c)
    w.bid_member = BidMemberFactory(collaboration=c, category=w.fee_category)
    PartyCommitmentFactory(party=partner)
    WorkOrganisationFactory(collaboration=c, coordinator_party=lead)
    w.group_member = GroupMemberFactory(collaboration=c, party=partner)
    LegalReviewFactory(collaboration=c, topic="state_aid")
    w.activity = ActivityFactory(collaboration=c, responsible_party=partner)
    w.budget_line = BudgetLineFactory(collaboration=c, party=partner)
    FollowUpFactory(sub_goal=w.sub_goal, responsible_party=partner)
    CommunicationPlanFactory(collaboration=c)
    AgreementTermsFactory(collaboration=c)
    StepNotApplicableFactory(collaboration=c, step_key="communication")
    for kind in ("mandate", "evidence"):
        w.document = DocumentFactory(collaboration=c, kind=kind)

    numbers: dict[int, str] = {}

    def number(field):
        numbers[len(numbers) + 1] = field
        return len(numbers)

    poison(Collaboration.objects.filter(pk=c.pk), numbers)
    poison(Organisation.objects.filter(parties__collaboration=c), numbers)
    poison(User.objects.filter(pk__in=[w.users["alice"].pk, w.users["bob"].pk]), numbers)
    for model in (Mandate, PartyCommitment):
        poison(model.objects.filter(party__collaboration=c), numbers)
    poison(FollowUp.objects.filter(sub_goal__collaboration=c), numbers)
    for model in (
        Party, ResidentInvolvement, ProblemDescription, Goal, SubGoal, ModelChoice, Document,
        WorkOrganisation, GroupMember, LegalReview, Activity, BudgetLine, CommunicationPlan,
        AgreementTerms, StepNotApplicable, BidAssociation, FeeCategory, BidMember,
    ):  # fmt: skip
        poison(model.objects.filter(collaboration=c), numbers)
    details = {"boundary": payload(number("ModelChoice.details"), None)}
    ModelChoice.objects.filter(pk=w.model_choice.pk).update(details=details)

    # Sent for confirmation with a message, answered with a comment, then changed into version 2.
    w.problem.refresh_from_db()
    w.confirmation_request = sending.send(
        subject=PROBLEM,
        version=w.problem,
        sent_by=w.users["alice"],
        base_url="http://testserver/",
        message=payload(number("ConfirmationRequest.message"), None),
    )
    answers.submit_answer(
        subject=PROBLEM,
        recipient=w.confirmation_request.recipients.get(party=partner),
        answered_by=w.users["bob"],
        seen_version=1,
        answer="changes",
        comment=payload(number("ConfirmationRecipient.comment"), None),
    )
    services.save_problem_description(
        collaboration=c,
        author=w.users["alice"],
        based_on_version=1,
        text=payload(number("ProblemDescription.text (version 2)"), None),
        focus_areas=[],
        evidence=w.problem.evidence + " " + payload(number("ProblemDescription.evidence (version 2)"), None),
    )
    record_event(
        collaboration=c, kind="edited", actor=w.users["alice"], detail=payload(number("Event.detail"), 300)
    )
    for name in ("collaboration", "partner_party", "sub_goal", "entry", "problem"):
        getattr(w, name).refresh_from_db()
    return numbers


class _Unsafe(HTMLParser):
    """What in a page could run a payload: scripts, event handlers, javascript: URLs."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in self.URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script = dict(attrs)

    def handle_data(self, data):
        if self._script is None:
            return
        if self._script.get("type", "").endswith("json"):
            if "<" in data:
                self.found.append(f"<script type=json> with markup: {data[:80]!r}")
        elif "alert(" in data or not self._script.get("src"):
            self.found.append(f"<script> with content: {data[:80]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def unsafe_parts(html: str) -> list[str]:
    parser = _Unsafe()
    parser.feed(html)
    return parser.found


@pytest.fixture
def poisoned(world, settings, tmp_path):  # noqa: F811 - the imported fixture
    settings.MEDIA_ROOT = tmp_path / "media"
    world.numbers = arrange(world)
    return world


def pages(w, persona):
    """Every page the table opens to `persona`: (name, path, response). The paths are built first, as
    building one may add a row (an agreement version) that visiting another page would add too."""
    paths = {name: reverse(name, kwargs=entry.kwargs(w)) for name, entry in TABLE.items()}
    client = Client()
    client.force_login(w.users[persona])
    for name, entry in TABLE.items():
        if entry.get[persona] == 200:
            yield name, paths[name], client.get(paths[name])


def test_payloads_come_out_escaped_in_every_page(poisoned):
    unsafe, shown = [], ""
    for persona in ("alice", "bob"):
        for name, path, response in pages(poisoned, persona):
            if "text/html" not in response.get("Content-Type", ""):
                continue
            assert response.status_code == 200, f"{name} as {persona}: {response.status_code}"
            html = response.content.decode()
            unsafe += [f"{name} ({path}) as {persona}: {part}" for part in unsafe_parts(html)]
            shown += html
    assert not unsafe, "payloads that could run:\n  " + "\n  ".join(unsafe)

    # Every field shows up, escaped, for at least one of its rows (the lead's own party, say, has no
    # edit page in the table). The uploader's file name is shown only made safe (tests/documents).
    shown_fields = {
        field for n, field in poisoned.numbers.items() if f"&lt;script&gt;alert({n})&lt;/script&gt;" in shown
    }
    not_shown = sorted(set(poisoned.numbers.values()) - shown_fields - {"Document.original_name"})
    assert not not_shown, f"fields whose payload no page shows (escaped): {not_shown}"
    assert "{{ 7*7 }} {% debug %}" in shown


def test_the_checker_sees_an_unescaped_payload():
    """The control for the test above."""
    for html in [
        "<p><script>alert(1)</script></p>",
        '<p>"><img src=x onerror=alert(1)></p>',
        '<a href=" JavaScript:alert(1)">x</a>',
        "<textarea></textarea><script>alert(1)</script></textarea>",
    ]:
        assert unsafe_parts(html), html
    assert not unsafe_parts("<p>&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img onerror=x&gt;</p>")
    assert not unsafe_parts('<script src="/static/app.js"></script><a href="/javascript:x">x</a>')


# --- E-mails --------------------------------------------------------------------------------------


def test_invitation_mail_is_plain_text_with_the_payloads_as_typed(poisoned):
    [invitation] = [m for m in mail.outbox if poisoned.partner_party.contact_email in m.to]
    title = poisoned.collaboration.title
    message = poisoned.confirmation_request.message

    # Plain text only: no HTML part in which a payload could run, and nothing HTML-escaped by mistake.
    assert invitation.content_subtype == "plain"
    assert not getattr(invitation, "alternatives", [])
    assert title in invitation.subject and title in invitation.body and message in invitation.body
    assert "&lt;script&gt;" not in invitation.body and "&amp;" not in invitation.body
    assert "\n" not in invitation.subject and "\r" not in invitation.subject


def test_all_agreed_mail_is_plain_text_with_the_title_as_typed(poisoned):
    # Version 2 is sent and bob agrees with it: the lead's staff are told that every party agrees.
    sending.send(
        subject=PROBLEM,
        version=poisoned.collaboration.latest_problem(),
        sent_by=poisoned.users["alice"],
        base_url="http://testserver/",
    )
    recipient = poisoned.collaboration.confirmation_requests.get(superseded_at=None).recipients.get()
    mail.outbox.clear()
    answers.submit_answer(
        subject=PROBLEM,
        recipient=recipient,
        answered_by=poisoned.users["bob"],
        seen_version=2,
        answer="agree",
    )
    [told] = [m for m in mail.outbox if poisoned.users["alice"].email in m.to]

    assert told.content_subtype == "plain" and not getattr(told, "alternatives", [])
    assert poisoned.collaboration.title in told.subject
    assert "&lt;script&gt;" not in told.body and "\n" not in told.subject


def test_title_with_a_line_break_adds_no_mail_header(collaboration, partner_party, alice):
    Collaboration.objects.filter(pk=collaboration.pk).update(title="Trygg\r\nBcc: evil@example.test")
    problem = ProblemDescriptionFactory(collaboration=collaboration)

    sending.send(subject=PROBLEM, version=problem, sent_by=alice, base_url="http://testserver/")

    [invitation] = mail.outbox
    assert invitation.bcc == []
    message = invitation.message()
    assert message["Bcc"] is None
    assert "\n" not in invitation.subject


# --- The agreement's PDF --------------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_payloads_are_literal_text_in_the_agreement_pdf(poisoned):
    if "agreements" not in settings.INSTALLED_APPS:
        pytest.skip("the agreements app (issue 5) is not installed yet: no PDF to check")
    try:
        path = reverse("agreement_download", args=[poisoned.collaboration.pk])
    except NoReverseMatch:
        pytest.skip("the agreements app has no agreement_download URL yet: no PDF to check")
    client = Client()
    client.force_login(poisoned.users["alice"])

    response = client.post(path, follow=True)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    fields = {field: n for n, field in poisoned.numbers.items()}
    for field in ["Collaboration.title", "Goal.overall", "SubGoal.indicator", "Mandate.scope"]:
        n = fields[field]
        for part in [f"<script>alert({n})</script>", f'"><imgsrc=xonerror=alert({n})>']:
            assert part in text, f"{field}: {part!r} is not in the PDF as text"
    assert "{{7*7}}{%debug%}" in text  # template syntax in data stays text
