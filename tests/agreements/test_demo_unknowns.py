"""Issue 13's "Done when": the demo holds an organisation without a number, a sub-goal whose baseline is
not known yet and an involvement whose number of participants is not known, and its agreement preview
shows them as a gap or leaves them out — never as a value."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from collaborations.models import Collaboration
from tests.conftest import client_for


@pytest.fixture
def preview(db):
    call_command("seed_demo", force=True, stdout=io.StringIO())
    demo = Collaboration.objects.get(title="Trygg och trivsam Norrbacka")
    anna = User.objects.get(email="anna@asbyhem.example")
    response = client_for(anna).get(reverse("agreement_preview", args=[demo.pk]))
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


def test_the_demos_association_without_a_number_says_so(preview):
    assert "Norrbacka IF Ideell förening saknar organisationsnummer" in preview
    assert "Organisationsnumret för Norrbacka IF" not in preview  # it has none: no gap


def test_the_demos_unknown_baseline_is_a_gap_with_its_reason(preview):
    assert (
        "Lucka: Utgångsvärdet för delmålet ”Antal barn 10–15 år som deltar i kvällsaktiviteter en vanlig "
        "vecka” är inte känt ännu. Skäl: saknas i underlaget."
    ) in preview
    assert "Antal barn 10–15 år som deltar i kvällsaktiviteter en vanlig vecka Lucka 40" in preview


def test_the_demos_unknown_number_of_participants_is_left_out(preview):
    # Three involvements, two with a known number of participants.
    assert preview.count("Deltagare") == 2
    assert "Deltagare None" not in preview and "Deltagare 0" not in preview
