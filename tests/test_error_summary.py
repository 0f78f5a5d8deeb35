"""One error summary for every failed form (templates/_error_summary.html, filled by
samverkan.forms.error_summary through base.html): "Formuläret innehåller fel" at the top, a link to each
field with an error, "Fel:" first in the page's title. The account pages (allauth) use the app's own
form style: each error under its own field, help text tied to its field."""

import re

from django import forms
from django.urls import reverse

from samverkan.forms import SummaryError, error_summary
from tests.factories import UserFactory


class _TwoFields(forms.Form):
    name = forms.CharField(label="Namn")
    secret = forms.CharField(widget=forms.HiddenInput)


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.text, re.S).group(1).strip()


def summary_of(response) -> str:
    match = re.search(r'<section id="error-summary".*?</section>', response.text, re.S)
    return match.group(0) if match else ""


def test_summary_links_each_field_error_and_lists_the_others():
    form = _TwoFields(data={})

    assert error_summary([form, "not a form", form]) == [
        SummaryError("Namn: Detta fält måste fyllas i.", "#id_name"),
        SummaryError("Detta fält måste fyllas i."),
    ]


def test_unbound_and_valid_forms_have_no_summary():
    assert error_summary([_TwoFields(), _TwoFields(data={"name": "Kim", "secret": "x"})]) == []


def test_formset_errors_are_summarised():
    formset = forms.formset_factory(_TwoFields)(
        data={"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-secret": "x"}
    )

    assert error_summary([formset]) == [SummaryError("Namn: Detta fält måste fyllas i.", "#id_form-0-name")]


def test_a_list_of_forms_is_summarised_each_error_named_by_its_row():
    first, second = _TwoFields(data={}, prefix="a"), _TwoFields(data={}, prefix="b")
    second.legend = "Åsby kommun"

    assert error_summary([[first, second]]) == [
        SummaryError("Namn: Detta fält måste fyllas i.", "#id_a-name"),
        SummaryError("Detta fält måste fyllas i."),
        SummaryError("Åsby kommun – Namn: Detta fält måste fyllas i.", "#id_b-name"),
        SummaryError("Åsby kommun: Detta fält måste fyllas i."),
    ]


def test_failed_app_form_has_summary_and_error_title(alice_client, lead_org):
    response = alice_client.post(reverse("collaboration_create"), {"lead_organisation": lead_org.pk})

    assert response.status_code == 200
    assert title_of(response).startswith("Fel: ")
    summary = summary_of(response)
    assert "Formuläret innehåller fel" in summary
    assert 'href="#id_title"' in summary


def test_page_without_errors_has_no_summary(alice_client):
    response = alice_client.get(reverse("collaboration_create"))

    assert not title_of(response).startswith("Fel")
    assert summary_of(response) == ""


def test_failed_login_is_summarised_with_the_error_title(client, db):
    UserFactory(email="kim@example.test")

    response = client.post(reverse("account_login"), {"login": "kim@example.test", "password": "fel"})

    assert title_of(response).startswith("Fel: ")
    assert "E-postadressen och/eller lösenordet är felaktigt." in summary_of(response)


def test_signup_error_sits_under_its_own_field(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "ny@example.test", "password1": "kort", "password2": "kort"},
    )

    html = response.text
    password = html.index('id="id_password1"')
    error = html.index('id="id_password1_error"')
    assert password < error < html.index('id="id_password2"')
    assert html.index('id="id_email"') < password  # not under the e-mail field
    assert 'aria-invalid="true"' in html[password - 300 : error]
    assert 'href="#id_password1"' in summary_of(response)
