"""The dashboard (issue 17): its page of collaborations and their cards.

The page is one query, compiled once per process (samverkan/compiled.py), that reads a window of the
collaborations the user sees as plain rows, with the count beside each row (`CountedPage`).

Each card's values are computed once, as plain translated text and URLs, and its HTML is kept in
the cache under a fingerprint of exactly those values, the labels, the language and the card
templates' source. A card whose values are unchanged is read, not rendered; any change to what it
shows (a title, a day more since a party was asked, another language, a release that changes the
templates or the translations) is another key, so a kept card is never stale, and a card holds
nothing that is not in its key (no other user's or organisation's data)."""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Window
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from checklist.actions import waiting_in
from checklist.rules import checklist_progress
from collaborations.confirmations import queries
from collaborations.models import Collaboration, CollaborationStatus
from collaborations.models.collaboration import visible_count_expression
from samverkan.compiled import compiled_values

DASHBOARD_ACTIONS = 3  # per collaboration; the overview lists them all
CARD_TEMPLATE = "collaborations/_dashboard_card.html"
# Every template the card's HTML comes from: their source is part of each card's key.
CARD_TEMPLATES = (CARD_TEMPLATE, "checklist/_progress.html", "checklist/_action_list.html")
CACHE_SECONDS = 24 * 3600


# What a card reads of its collaboration, in one query's row (`Row`).
ROW_FIELDS = (
    "pk",
    "title",
    "area_name",
    "municipality",
    "status",
    "updated_at",
    "lead_organisation_id",
    "lead_organisation__name",
    "party_count",
)


@dataclass(frozen=True)
class Row:
    """A collaboration on the dashboard: `pk` and `updated_at` are what the checklist's kept state and
    the step links read of it (checklist.rules, checklist.steps)."""

    pk: int
    title: str
    area_name: str
    municipality: str
    status: str
    updated_at: object
    lead_organisation_id: int
    lead_name: str
    party_count: int


def _latest_page(*, user_id, organisation_ids, shape):
    start, stop = shape
    return (
        Collaboration.objects.latest_visible(user_id, organisation_ids=organisation_ids, end=stop)
        .with_party_count()
        .annotate(
            represents=queries.may_have_pending(user_id),
            found=visible_count_expression(user_id=user_id, organisation_ids=organisation_ids),
        )
        .order_by("-updated_at", "-pk")
        .values_list(*ROW_FIELDS, "represents", "found")[start:stop]
    )


def _search_page(*, user_id, organisation_ids, text, shape):
    start, stop = shape
    return (
        Collaboration.objects.search_visible(user_id, organisation_ids=organisation_ids, text=text)
        .with_party_count()
        .annotate(represents=queries.may_have_pending(user_id), found=Window(Count("pk")))
        .order_by("-updated_at", "-pk")
        .values_list(*ROW_FIELDS, "represents", "found")[start:stop]
    )


MAX_PAGE_DIGITS = 6


def page_number(page) -> int:
    """The page asked for in ?page=, as a number from 1; anything else (missing, not ASCII digits, such
    as "²", or longer than MAX_PAGE_DIGITS) is page 1. A page past the end is the last page: the
    Paginator's rule, kept here because the offset reaches the database before the Paginator sees it."""
    text = str(page or "")
    if text.isascii() and text.isdigit() and len(text) <= MAX_PAGE_DIGITS and int(text) > 0:
        return int(text)
    return 1


class CountedPage:
    """A dashboard page for the Paginator, as `Row`s, counted in the query of the requested page (the
    count beside each row) instead of a COUNT and the page. A page past the end, which has no row to
    carry the count, is counted apart (`count`). Each row also says whether the user represents a
    partner at all (`represents`): if not, nothing waits for their answer, and that query is skipped.
    The query is `build`, compiled once per process (samverkan/compiled.py): the ORM took longer to
    build it than the database to run it."""

    def __init__(self, build, *, page, per_page, count, **arguments):
        number = page_number(page)
        self.build, self.arguments, self.count_apart = build, arguments, count
        self.start, self.per_page = (number - 1) * per_page, per_page
        self.rows = None
        self.represents = True  # until a row says otherwise

    def _read(self, start, stop):
        return compiled_values(self.build, shape=(start, stop), **self.arguments)

    def count(self) -> int:
        if self.rows is None:
            self.rows = self._read(self.start, self.start + self.per_page)
        return self.rows[0][-1] if self.rows else self.count_apart()

    def __getitem__(self, window: slice):
        rows = self.rows if self.rows is not None and window.start == self.start else None
        if rows is None:
            rows = self._read(window.start, window.stop)
        self.represents = any(row[-2] for row in rows)
        return [Row(*row[:-2]) for row in rows[: window.stop - window.start]]


def latest_visible_page(user, organisation_ids, *, page, per_page) -> CountedPage:
    """visible_to(user), newest first: each page reads its window of ids from the indexes and the count
    is two index counts, so the dashboard does not read every collaboration the user sees (10,000 for
    a large housing company). `organisation_ids`: the user's organisations."""
    organisation_ids = list(organisation_ids)
    return CountedPage(
        _latest_page,
        page=page,
        per_page=per_page,
        count=lambda: Collaboration.objects.visible_count(user, organisation_ids=organisation_ids),
        user_id=user.pk,
        organisation_ids=organisation_ids,
    )


def search_page(user, organisation_ids, text, *, page, per_page) -> CountedPage:
    """visible_to(user).search(text), newest first, counted with `COUNT(*) OVER ()`: a COUNT and the
    page each applied the search to the user's collaborations."""
    organisation_ids = list(organisation_ids)
    return CountedPage(
        _search_page,
        page=page,
        per_page=per_page,
        count=lambda: (
            Collaboration.objects.search_visible(user, organisation_ids=organisation_ids, text=text)
            .order_by()
            .count()
        ),
        user_id=user.pk,
        organisation_ids=organisation_ids,
        text=text,
    )


@dataclass(frozen=True)
class Card:
    """All one card shows, as text already translated (its repr is its fingerprint)."""

    url: str
    title: str
    area_name: str
    municipality: str
    lead_name: str
    progress: dict  # progress_text, done_count, total: what checklist/_progress.html reads
    actions: tuple  # checklist.actions.Action, at most DASHBOARD_ACTIONS
    answer_url: str | None
    approval_url: str | None
    unanswered_problem: str
    unanswered_agreement: str
    status: str
    role: str
    party_count: str


def _labels() -> dict:
    return {
        "lead": _("Lead organisation"),
        "to_do": _("To do"),
        "answer": _("Your confirmation is needed"),
        "approval": _("Your approval of the agreement is needed"),
    }


def _card(collaboration, *, is_lead, progress, actions, unanswered, answer, approval) -> Card:
    pk = collaboration.pk
    return Card(
        url=reverse("collaboration_detail", args=[pk]),
        title=collaboration.title,
        area_name=collaboration.area_name,
        municipality=collaboration.municipality,
        lead_name=collaboration.lead_name,
        progress={
            "progress_text": progress.progress_text,
            "done_count": progress.done_count,
            "total": progress.total,
        },
        actions=tuple(actions[:DASHBOARD_ACTIONS]),
        answer_url=reverse("confirmation_answer", args=[pk, answer]) if answer else None,
        approval_url=reverse("agreement_approve", args=[pk, approval]) if approval else None,
        unanswered_problem=ngettext(
            "%(counter)s party has not answered", "%(counter)s parties have not answered", unanswered.problem
        )
        % {"counter": unanswered.problem}
        if unanswered and unanswered.problem
        else "",
        unanswered_agreement=ngettext(
            "%(counter)s party has not answered about the agreement",
            "%(counter)s parties have not answered about the agreement",
            unanswered.agreement,
        )
        % {"counter": unanswered.agreement}
        if unanswered and unanswered.agreement
        else "",
        status=str(CollaborationStatus(collaboration.status).label),
        role=_("Your role: lead organisation") if is_lead else _("Your role: party"),
        party_count=ngettext(
            "%(counter)s party besides the lead",
            "%(counter)s parties besides the lead",
            collaboration.party_count,
        )
        % {"counter": collaboration.party_count},
    )


def cards_for(collaborations, *, user, organisation_ids, represents=True) -> list[str]:
    """The HTML of each card of `collaborations` (a dashboard page of `Row`s), for `user`, a member of
    `organisation_ids`: the actions and counts of those their organisations lead, and where a party
    they represent must answer (none when `represents` is false: they represent no partner)."""
    collaborations = list(collaborations)
    if not collaborations:
        return []
    progress = checklist_progress(collaborations)
    pending = queries.pending_for(user) if represents else queries.Pending(answers={}, approvals={})
    led = [c for c in collaborations if c.lead_organisation_id in organisation_ids]
    waiting = waiting_in(led, {pk: p.next_step for pk, p in progress.items()})
    cards = [
        _card(
            c,
            is_lead=c.lead_organisation_id in organisation_ids,
            progress=progress[c.pk],
            actions=waiting.actions.get(c.pk, []),
            unanswered=waiting.unanswered.get(c.pk),
            answer=pending.answers.get(c.pk),
            approval=pending.approvals.get(c.pk),
        )
        for c in collaborations
    ]
    return _rendered(cards, _labels())


def _rendered(cards, labels) -> list[str]:
    """Each card's HTML: read from the cache under its fingerprint, rendered and kept if missing."""
    base = hashlib.sha256()
    for name in CARD_TEMPLATES:
        base.update(get_template(name).template.source.encode())
    base.update(f"\x1f{get_language()}\x1f{labels!r}\x1f".encode())
    keys = []
    for card in cards:
        digest = base.copy()
        digest.update(repr(card).encode())
        keys.append("dashboard-card:" + digest.hexdigest())
    kept = cache.get_many(keys)
    missing = {}
    template = get_template(CARD_TEMPLATE)
    html = []
    for key, card in zip(keys, cards, strict=True):
        if key not in kept:
            kept[key] = missing[key] = str(template.render({"card": card, "labels": labels}))
        html.append(mark_safe(kept[key]))  # noqa: S308 - rendered from the template, escaped there
    if missing:
        cache.set_many(missing, CACHE_SECONDS)
    return html
