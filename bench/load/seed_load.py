"""Users for the load test, on top of the demo data (`manage.py seed_demo --force` first).

Staff of the demo's lead organisation browse; each partner user represents a new partner organisation
of the demo collaboration, which is asked to confirm a new version of the problem description. Every
user gets a ready session (no password: the test measures pages, not password hashing, and stays
clear of the login rate limits). Prints JSON for loadtest.py:

    {"collaboration": pk, "staff": [session, ...], "partners": [{"session": ..., "party": pk}, ...]}

Run by run.sh against the throwaway load-test database only.
"""

import argparse
import json
import os
import sys
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import transaction  # noqa: E402

from accounts.models import User  # noqa: E402
from collaborations import services  # noqa: E402
from collaborations.confirmations import sending  # noqa: E402
from collaborations.confirmations.subject import PROBLEM  # noqa: E402
from collaborations.management.commands.seed_demo import TITLE  # noqa: E402
from collaborations.models import (  # noqa: E402
    Collaboration,
    Membership,
    Organisation,
    OrganisationKind,
    PartyRole,
    PartyState,
    Representation,
)
from collaborations.validators import luhn_is_valid  # noqa: E402

BASE_URL = "http://127.0.0.1/"


def org_number(seed: int) -> str:
    prefix = f"80{seed:07d}"
    check = next(d for d in range(10) if luhn_is_valid(f"{prefix}{d}"))
    return f"{prefix[:6]}-{prefix[6:]}{check}"


def session_for(user) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def make_user(email, first_name, last_name):
    user = User.objects.create_user(email=email, password=None, first_name=first_name, last_name=last_name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@transaction.atomic
def seed(staff_count: int, partner_count: int) -> dict:
    collaboration = Collaboration.objects.select_related("lead_organisation").get(title=TITLE)
    lead = collaboration.lead_organisation
    anna = User.objects.get(email="anna@asbyhem.example")
    staff = []
    for number in range(staff_count):
        user = make_user(f"last-personal{number}@asbyhem.example", "Last", f"Personal {number}")
        Membership.objects.create(user=user, organisation=lead)
        staff.append(session_for(user))
    partners = []
    for number in range(partner_count):
        organisation = Organisation.objects.create(
            name=f"Lastförening {number}", org_number=org_number(number), kind=OrganisationKind.NONPROFIT
        )
        user = make_user(f"last-part{number}@forening.example", "Last", f"Part {number}")
        party = services.add_party(
            collaboration=collaboration,
            added_by=anna,
            organisation=organisation,
            role=PartyRole.PARTNER,
            state=PartyState.JOINED,
            contact_name=user.get_full_name(),
            contact_email=user.email,
        )
        # As if the contact had accepted the party's invitation link: its representative, not a member.
        Representation.objects.create(party=party, user=user, email=user.email)
        partners.append({"session": session_for(user), "party": party.pk})
    # A new version, sent to every party: the new partners are asked too.
    latest = collaboration.latest_problem()
    problem = services.save_problem_description(
        collaboration=collaboration,
        author=anna,
        based_on_version=latest.version,
        text=latest.text + "\n\nLasttest: fler parter tillfrågas.",
        focus_areas=latest.focus_areas,
        evidence=latest.evidence,
    )
    sending.send(subject=PROBLEM, version=problem, sent_by=anna, base_url=BASE_URL)
    return {"collaboration": collaboration.pk, "staff": staff, "partners": partners}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=25)
    parser.add_argument("--partners", type=int, default=25)
    arguments = parser.parse_args()
    print(json.dumps(seed(arguments.staff, arguments.partners)))


if __name__ == "__main__":
    main()
