"""The confirmation pages use the same number of queries whatever the amount of data behind them (the
approach of test_query_counts.py, with the problem description sent to a party first)."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collaborations.confirmations import answers, queries, reminders, sending
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import ConfirmationAnswer
from tests.collaborations.confirmation_setup import BASE_URL, link_in, revise, send
from tests.conftest import client_for
from tests.factories import PartyFactory, ProblemDescriptionFactory, RepresentationFactory
from tests.mail_backends import FAILING_MAILERS


def _answer(party, user, answer=ConfirmationAnswer.CHANGES):
    recipient = queries.current_recipient(party, subject=PROBLEM)
    answers.submit_answer(
        subject=PROBLEM,
        recipient=recipient,
        answered_by=user,
        seen_version=recipient.request.version,
        answer=answer,
        comment="Mer om skolvägen.",
    )


def _more_asked_parties(w, n):
    """Parties asked about the current version, each answered, reminded and with a failed e-mail."""
    for index in range(n):
        party = PartyFactory(collaboration=w.collaboration)
        sending.resend_invitation(party=party, sent_by=w.alice, base_url=BASE_URL)
        if index % 2:
            _answer(party, w.alice)
        else:
            reminders.remind(subject=PROBLEM, party=party, reminded_by=w.alice, base_url=BASE_URL)


def _more_versions(w, n):
    """Versions sent one after the other, each answered by the party."""
    for _ in range(n):
        latest = w.collaboration.latest_problem()
        revise(w.collaboration, w.alice, f"{latest.text} Och mer.")
        send(w.collaboration, w.alice)
        _answer(w.party, w.karin)


def _more_failed_mail(w, n):
    w.settings.MAILERS = FAILING_MAILERS
    _more_asked_parties(w, n)


def _collab(w):
    return [w.collaboration.pk]


def _collab_party(w):
    return [w.collaboration.pk, w.party.pk]


PAGES = [
    # name, URL arguments, who looks, what grows
    ("problem_detail", _collab, "alice", _more_versions),
    ("problem_detail", _collab, "karin", _more_versions),
    ("party_list", _collab, "alice", _more_asked_parties),
    ("problem_send", _collab, "alice", _more_asked_parties),
    ("problem_compare", _collab, "alice", _more_versions),
    ("confirmation_matrix", _collab, "alice", _more_asked_parties),
    ("confirmation_matrix", _collab, "alice", _more_versions),
    ("confirmation_matrix", _collab, "alice", _more_failed_mail),
    ("confirmation_answer", _collab_party, "karin", _more_versions),
    ("confirmation_answer", _collab_party, "karin", _more_asked_parties),
    ("confirmation_thanks", _collab_party, "karin", _more_versions),
]


@pytest.fixture
def world(collaboration, alice, settings):
    ProblemDescriptionFactory(collaboration=collaboration, version=1, text="Otrygghet kring torget.")
    party = PartyFactory(collaboration=collaboration, organisation__name="Åsby kommun")
    karin = RepresentationFactory(party=party).user
    send(collaboration, alice)
    _answer(party, karin)
    return SimpleNamespace(
        collaboration=collaboration, alice=alice, party=party, karin=karin, settings=settings
    )


def _count(client, url):
    cache.clear()  # the factories do not touch the collaboration: count the real queries, not kept ones
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "args", "who", "grow"), PAGES, ids=[f"{p[0]}-{p[2]}-{p[3].__name__}" for p in PAGES]
)
def test_query_count_does_not_grow_with_data(world, name, args, who, grow):
    client = client_for(getattr(world, who))
    url = reverse(name, args=args(world))
    grow(world, 2)
    small = _count(client, url)
    grow(world, 28)
    large = _count(client, url)
    assert small == large, f"{name}: {small} queries with little data, {large} with more"


def test_invitation_page_query_count_does_not_grow(world, client, mailoutbox):
    _more_asked_parties(world, 2)
    sending.resend_invitation(party=world.party, sent_by=world.alice, base_url=BASE_URL)
    client.get(link_in(mailoutbox[-1]))  # following the link records the opening and leaves the token
    page = reverse("invitation_current")
    small = _count(client, page)
    _more_asked_parties(world, 28)
    _more_versions(world, 3)
    sending.resend_invitation(party=world.party, sent_by=world.alice, base_url=BASE_URL)
    client.get(link_in(mailoutbox[-1]))
    large = _count(client, page)
    assert small == large


def test_pending_for_joins_no_table_for_an_ordering(bob):
    """The dashboard's "you have not answered" query orders by nothing it must join for."""
    with CaptureQueriesContext(connection) as captured:
        queries.pending_for(bob)
    (query,) = captured.captured_queries
    assert "collaborations_organisation" not in query["sql"]
