"""The action list: what waits for the lead's staff, each with its one action (checklist/actions.py),
on the dashboard and the overview."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from checklist.actions import waiting_in
from collaborations.confirmations.queries import Unanswered
from collaborations.models import ConfirmationAnswer, PartyState
from tests.conftest import client_for
from tests.factories import (
    CollaborationFactory,
    ConfirmationRecipientFactory,
    ConfirmationRequestFactory,
    PartyFactory,
    ProblemDescriptionFactory,
)


def _asked(collaboration, party, *, days_ago=0, answer=""):
    problem = collaboration.problem_versions.first() or ProblemDescriptionFactory(
        collaboration=collaboration, version=1, sent_at=timezone.now()
    )
    request = collaboration.confirmation_requests.first() or ConfirmationRequestFactory(
        collaboration=collaboration, problem=problem, sent_at=timezone.now() - timedelta(days=days_ago)
    )
    return ConfirmationRecipientFactory(
        request=request,
        party=party,
        answer=answer,
        answered_at=timezone.now() if answer else None,
        comment="Skriv om fritidsgården." if answer == ConfirmationAnswer.CHANGES else "",
    )


def _overview(client, collaboration):
    return client.get(reverse("collaboration_detail", args=[collaboration.pk])).content.decode()


def test_a_partner_wanting_changes_is_first_with_read_and_change(collaboration, partner_party, alice_client):
    _asked(collaboration, partner_party, answer=ConfirmationAnswer.CHANGES)
    page = _overview(alice_client, collaboration)
    assert "Att göra" in page
    assert "Åsby kommun vill ha ändringar i problembeskrivningen." in page
    problem_url = reverse("problem_detail", args=[collaboration.pk])
    assert f'<a href="{problem_url}">Läs och ändra</a>' in page
    assert page.index("vill ha ändringar") < page.index("är inte klart")


def test_a_party_silent_for_six_days_is_to_be_reminded(collaboration, partner_party, alice_client):
    _asked(collaboration, partner_party, days_ago=6)
    page = _overview(alice_client, collaboration)
    assert "Åsby kommun har inte svarat om problembeskrivningen på 6 dagar." in page
    matrix_url = reverse("confirmation_matrix", args=[collaboration.pk])
    assert f'<a href="{matrix_url}">Påminn</a>' in page


def test_a_party_asked_today_is_not_yet_to_be_reminded(collaboration, partner_party, alice_client):
    _asked(collaboration, partner_party, days_ago=0)
    assert "har inte svarat" not in _overview(alice_client, collaboration)


def test_one_day_reads_in_the_singular(collaboration, partner_party, alice_client):
    _asked(collaboration, partner_party, days_ago=1)
    assert "har inte svarat om problembeskrivningen på 1 dag." in _overview(alice_client, collaboration)


def test_a_new_version_written_after_changes_is_to_be_sent(collaboration, partner_party, alice_client):
    _asked(collaboration, partner_party, answer=ConfirmationAnswer.CHANGES)
    ProblemDescriptionFactory(collaboration=collaboration, version=2)
    page = _overview(alice_client, collaboration)
    assert "Version 2 av problembeskrivningen har inte skickats till parterna." in page
    assert f'<a href="{reverse("problem_send", args=[collaboration.pk])}">Skicka</a>' in page
    assert "vill ha ändringar" not in page


def test_a_declined_party_is_not_chased(collaboration, partner_party, alice_client):
    _asked(collaboration, partner_party, days_ago=6)
    partner_party.state = PartyState.DECLINED
    partner_party.save()
    assert "har inte svarat" not in _overview(alice_client, collaboration)


def test_the_next_step_is_an_action_with_fill_in(collaboration, alice_client):
    page = _overview(alice_client, collaboration)
    assert "är inte klart." in page
    assert ">Fyll i</a>" in page


def test_the_dashboard_shows_at_most_three_actions_per_collaboration(
    collaboration, partner_party, alice_client
):
    for name in ["Norrbacka IF", "Polisen", "Hyresgästföreningen"]:
        _asked(collaboration, PartyFactory(collaboration=collaboration, organisation__name=name), days_ago=6)
    _asked(collaboration, partner_party, answer=ConfirmationAnswer.CHANGES)
    page = alice_client.get(reverse("dashboard")).content.decode()
    assert "Åsby kommun vill ha ändringar" in page
    assert page.count("har inte svarat om problembeskrivningen på 6 dagar") == 2


def test_a_representative_gets_no_staff_actions(collaboration, partner_party, bob):
    _asked(collaboration, PartyFactory(collaboration=collaboration), days_ago=6)
    client = client_for(bob)
    assert "har inte svarat" not in client.get(reverse("dashboard")).content.decode()
    assert "har inte svarat" not in _overview(client, collaboration)


def test_the_dashboard_reads_actions_in_the_same_number_of_queries_whatever_the_data(
    collaboration, alice, alice_client
):
    def grow(n):
        for _ in range(n):
            other = CollaborationFactory(lead_organisation=collaboration.lead_organisation)
            _asked(other, PartyFactory(collaboration=other), days_ago=6)
            _asked(other, PartyFactory(collaboration=other), answer=ConfirmationAnswer.CHANGES)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = alice_client.get(reverse("dashboard"))
        assert response.status_code == 200
        return len(queries)

    grow(1)
    small = count()
    grow(8)
    assert count() == small


def test_parties_not_answered_are_counted_with_the_actions_in_one_query(
    collaboration, partner_party, django_assert_num_queries
):
    _asked(collaboration, partner_party, days_ago=6)
    _asked(collaboration, PartyFactory(collaboration=collaboration), answer=ConfirmationAnswer.AGREE)
    _asked(collaboration, PartyFactory(collaboration=collaboration), answer=ConfirmationAnswer.CHANGES)
    _asked(collaboration, PartyFactory(collaboration=collaboration, state=PartyState.DECLINED))
    with django_assert_num_queries(1):
        waiting = waiting_in([collaboration], {collaboration.pk: None})
    assert waiting.unanswered == {collaboration.pk: Unanswered(problem=1, agreement=0)}
    assert [action.kind for action in waiting.actions[collaboration.pk]] == ["changes", "remind"]


def test_the_dashboard_says_how_many_parties_have_not_answered(collaboration, partner_party, alice_client):
    _asked(collaboration, partner_party)
    _asked(collaboration, PartyFactory(collaboration=collaboration))
    assert "2 parter har inte svarat" in alice_client.get(reverse("dashboard")).content.decode()


# --- The overview's actions, kept under the change stamp (issue 17) ---------------------------------


def _asked_rows_read(client, collaboration):
    """How many times the overview read the rows its actions are made of."""
    with CaptureQueriesContext(connection) as queries:
        _overview(client, collaboration)
    return len([q for q in queries.captured_queries if "latest_problem_version" in q["sql"]])


def test_the_overview_reads_its_action_rows_once_per_change(collaboration, partner_party, alice_client):
    _asked(collaboration, partner_party, days_ago=6)
    assert _asked_rows_read(alice_client, collaboration) == 1
    assert _asked_rows_read(alice_client, collaboration) == 0
    collaboration.touch()  # what every service does with a change
    assert _asked_rows_read(alice_client, collaboration) == 1


def test_kept_actions_count_the_days_anew(collaboration, partner_party, alice_client, monkeypatch):
    _asked(collaboration, partner_party, days_ago=6)
    assert "på 6 dagar" in _overview(alice_client, collaboration)
    later = timezone.now() + timedelta(days=2)
    monkeypatch.setattr("checklist.actions.timezone.now", lambda: later)
    assert "på 8 dagar" in _overview(alice_client, collaboration)


def test_kept_actions_show_a_renamed_organisation(collaboration, partner_party, alice_client):
    _asked(collaboration, partner_party, answer=ConfirmationAnswer.CHANGES)
    assert "Åsby kommun vill ha ändringar" in _overview(alice_client, collaboration)
    organisation = partner_party.organisation
    organisation.name = "Åsby stad"  # an operator's change, which does not touch the collaboration
    organisation.save()
    page = _overview(alice_client, collaboration)
    assert "Åsby stad vill ha ändringar" in page
    assert "Åsby kommun vill ha" not in page


def test_kept_actions_show_an_answer_at_once(collaboration, partner_party, alice_client):
    recipient = _asked(collaboration, partner_party, days_ago=6)
    assert "har inte svarat" in _overview(alice_client, collaboration)
    recipient.answer = ConfirmationAnswer.CHANGES
    recipient.answered_at = timezone.now()
    recipient.comment = "Skriv om fritidsgården."
    recipient.save()
    collaboration.touch()  # as submit_answer does, in the same transaction
    page = _overview(alice_client, collaboration)
    assert "har inte svarat" not in page
    assert "Åsby kommun vill ha ändringar i problembeskrivningen." in page
