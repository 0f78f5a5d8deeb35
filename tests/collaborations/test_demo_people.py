"""The demo's people have names and titles, and the pages show them so."""

import io

from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from collaborations.models import Collaboration
from tests.conftest import client_for


def test_demo_answers_name_the_person_with_the_title(db):
    call_command("seed_demo", force=True, stdout=io.StringIO())
    anna = User.objects.get(email="anna@asbyhem.example")
    demo = Collaboration.objects.get(title="Trygg och trivsam Norrbacka")

    matrix = client_for(anna).get(reverse("confirmation_matrix", args=[demo.pk])).text

    assert anna.name_and_title == "Anna Lind, Trygghetssamordnare"
    assert "Karin Berg, Trygghetssamordnare" in matrix
