"""Steps the browser journeys share."""

import re

DEMO_PASSWORD = "samverkan-demo"


def log_in(page, email, password=DEMO_PASSWORD):
    """Log in on the login page and wait for the page the site sends the user to: a `goto` right
    after the click would otherwise abort that navigation, which the harness reports as a failed
    request."""
    page.goto("/konto/login/")
    page.get_by_role("textbox", name=re.compile(r"^E-post")).fill(email)
    page.get_by_label(re.compile(r"^Lösenord")).fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(lambda url: "/konto/login/" not in url)
    page.wait_for_load_state()
