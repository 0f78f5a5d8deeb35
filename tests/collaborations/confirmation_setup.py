"""Arranging confirmations in tests: send a version, read the link from the e-mail, revise the text."""

import re

from collaborations import services
from collaborations.confirmations import sending
from collaborations.confirmations.subject import PROBLEM
from tests.factories import ProblemDescriptionFactory

BASE_URL = "http://testserver/"
LINK = re.compile(r"http://testserver(/inbjudan/([A-Za-z0-9_-]+)/)")


def send(collaboration, sent_by, **kwargs):
    """Send the latest version (a first one is written if there is none) and return the request."""
    problem = collaboration.latest_problem() or ProblemDescriptionFactory(collaboration=collaboration)
    return sending.send(subject=PROBLEM, version=problem, sent_by=sent_by, base_url=BASE_URL, **kwargs)


def revise(collaboration, author, text):
    """Save a new text; the version already sent stays as it is and the text becomes a new version."""
    latest = collaboration.latest_problem()
    return services.save_problem_description(
        collaboration=collaboration,
        author=author,
        based_on_version=latest.version,
        text=text,
        focus_areas=latest.focus_areas,
        evidence=latest.evidence,
    )


def mail_to(outbox, email):
    return [message for message in outbox if email in message.to]


def link_in(message) -> str:
    """The path of the invitation link in an e-mail, e.g. /inbjudan/<token>/."""
    return LINK.search(message.body)[1]


def token_in(message) -> str:
    return LINK.search(message.body)[2]
