"""The checklist's "Done when", in a real browser: staff work the demo collaboration's steps and watch
the progress move, the model chooser's recommendation follows the party list, and an operator's new
template version leaves the running collaboration on its own version."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from checklist.models import ChecklistTemplate
from checklist.rules import checklist_status
from collaborations.confirmations import answers, queries
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import Collaboration, Party
from tests.e2e.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_TITLE = "Trygg och trivsam Norrbacka"


@pytest.fixture
def demo():
    call_command("seed_demo", force=True, stdout=io.StringIO())
    return Collaboration.objects.get(title=DEMO_TITLE)


def field(label):
    """A form field by its exact label; crispy forms adds "*" to required ones."""
    return re.compile(rf"^\s*{re.escape(label)}\*?\s*$")


def open_step(page, number, title):
    """Open a step from the checklist and wait for its page: the list marks it as the current step."""
    nav = page.get_by_role("navigation", name="Checklista")
    link = nav.get_by_role("link", name=re.compile(rf"^{number}\. {re.escape(title)}"))
    link.click()
    expect(link).to_have_attribute("aria-current", "step")


def save(page):
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()


def every_party_agrees(demo):
    """Step 5 as the partners leave it: every party asked agrees with the version sent (their own pages
    are driven in test_confirmation_journey.py)."""
    problem = demo.latest_problem()
    for party in Party.objects.filter(collaboration=demo, role="partner"):
        recipient = queries.current_recipient(party, subject=PROBLEM)
        if recipient is not None and recipient.answer != "agree":
            member = party.organisation.memberships.first()
            answers.submit_answer(
                subject=PROBLEM,
                recipient=recipient,
                answered_by=member.user if member else None,
                seen_version=problem.version,
                answer="agree",
            )


def work_steps_8_to_15(page, collaboration, legal_topics, check_accessibility, save_screenshots):
    """Fill in steps 8–15 through their pages, as staff of the lead organisation."""
    # --- Step 8: roles and contributions for every active party.
    open_step(page, 8, "Roller och bidrag")
    parties = Party.objects.filter(collaboration=collaboration, state__in=["proposed", "invited", "joined"])
    for party in parties.select_related("organisation"):
        page.get_by_role("link", name=f"Ändra {party.organisation.name}").click()
        page.get_by_label("Roll och ansvar").fill(f"{party.organisation.name} ansvarar för sin del.")
        if not (party.staff_hours or party.money_sek):
            page.get_by_label("Personaltid (timmar per år)").fill("100")
        save(page)
    expect(page.locator(".step-header")).to_contain_text("Klar")
    check_accessibility(page, "roles")

    # --- Step 9: organisation.
    open_step(page, 9, "Organisation")
    page.get_by_role("link", name="Ändra samordnare och möten").click()
    page.get_by_label(field("Samordnare")).fill("Anna Lind")
    page.get_by_label("Styrgruppen träffas").select_option(label="Varje kvartal")
    page.get_by_label("Arbetsgruppen träffas").select_option(label="Varje månad")
    save(page)
    for party_name, person in [("Åsbyhem AB (Huvudman)", "Maria Ek"), ("Åsby kommun (Part)", "Karin Berg")]:
        page.get_by_label(field("Grupp")).select_option(label="Styrgrupp")
        page.get_by_label(field("Part")).select_option(label=party_name)
        page.get_by_label("Företrädare").fill(person)
        page.get_by_role("button", name="Lägg till i gruppen").click()
        expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(".step-header")).to_contain_text("Klar")
    check_accessibility(page, "organisation")

    # --- Step 10: legal review of the topics the chosen model requires.
    open_step(page, 10, "Juridisk granskning")
    for topic in legal_topics:
        page.get_by_role("link", name=re.compile(rf"Ändra bedömningen\W+{re.escape(topic)}")).click()
        page.get_by_label(field("Status")).select_option(label="Bedömd")
        page.get_by_label(field("Bedömning")).fill(f"{topic}: bedömt, inga hinder.")
        page.get_by_label("Bedömd av").fill("Kommunens jurist")
        page.get_by_label("Datum för bedömningen").fill("2026-11-20")
        save(page)
    expect(page.locator(".step-header")).to_contain_text("Klar")

    # --- Step 11: an activity; first with impossible dates.
    open_step(page, 11, "Aktiviteter och tidsplan")
    page.get_by_role("link", name="Lägg till aktivitet").click()
    page.get_by_label(field("Aktivitet")).fill("Veckovis lägesbild")
    page.get_by_label("Ansvarig part").select_option(label="Åsby kommun (Part)")
    page.get_by_label(field("Start")).fill("2027-03-01")
    page.get_by_label(field("Slut")).fill("2027-01-01")
    page.get_by_role("button", name="Spara", exact=True).click()
    # Under the field, and in the error summary at the top as a link to the field.
    expect(page.get_by_text("Slutet kan inte ligga före starten.", exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="Formuläret innehåller fel")).to_be_focused()
    expect(page.get_by_role("link", name="Slut: Slutet kan inte ligga före starten.")).to_be_visible()
    check_accessibility(page, "activity with error")
    page.get_by_label(field("Slut")).fill("2027-12-31")
    save(page)

    # --- Step 12: a budget line.
    open_step(page, 12, "Budget och finansiering")
    page.get_by_role("link", name="Lägg till budgetpost").click()
    page.get_by_label(field("Part")).select_option(label="Åsbyhem AB (Huvudman)")
    page.get_by_label(field("År")).fill("2027")
    page.get_by_label("Belopp (kronor)").fill("300000")
    page.get_by_label("Till vad").fill("Områdesutvecklare och belysning")
    save(page)

    # --- Step 13: follow-up of each of the demo's sub-goals.
    open_step(page, 13, "Uppföljning och utvärdering")
    plan = page.get_by_role("link", name=re.compile("^Planera uppföljningen"))
    for number in range(plan.count()):
        plan.nth(number).click()
        page.get_by_label("Hur det mäts").fill("Kommunens trygghetsmätning.")
        page.get_by_label("Rapporteras").select_option(label="Varje år")
        save(page)

    # --- Step 14: communication.
    open_step(page, 14, "Kommunikation")
    page.get_by_role("link", name="Skriv kommunikationsplanen").click()
    page.get_by_label("Hur boende informeras och görs delaktiga").fill("Lappar i trapphus och boendemöten.")
    page.get_by_label("Hur allmänhet och medier informeras").fill("Kommunens webbplats.")
    save(page)

    # --- Step 15: duration and terms.
    open_step(page, 15, "Avtalstid, omprövning, utträde och tvister")
    page.get_by_role("link", name="Bestäm avtalstid och villkor").click()
    page.get_by_label("Samverkan börjar").fill("2027-01-01")
    page.get_by_label("Samverkan slutar").fill("2029-12-31")
    page.get_by_label("Hur och när avtalet omprövas").fill("Varje år i styrgruppen.")
    page.get_by_label("Hur en part lämnar samverkan, och uppsägningstiden").fill("Sex månaders uppsägning.")
    page.get_by_label("Hur avtalet ändras").fill("Skriftligt, av alla parter.")
    page.get_by_label("Hur tvister löses").fill("Först i styrgruppen, sedan med medlare.")
    save(page)
    # Who signs for each signing party, and with what authority, one party at a time (all parties in one
    # form: tests/e2e/test_all_in_one_forms.py).
    to_record = page.get_by_role("link", name=re.compile("^Ange vem som undertecknar (?!för varje part)"))
    while to_record.count():
        to_record.first.click()
        page.get_by_label("Namn").fill("Mats Ek")
        page.get_by_label("Titel").fill("VD")
        page.get_by_label("Firmatecknare").check()
        save(page)
    check_accessibility(page, "terms")
    save_screenshots(page, "step-terms")


def test_staff_work_the_checklist_and_watch_progress(page_for, demo, check_accessibility, save_screenshots):
    page = page_for("anna")
    log_in(page, "anna@asbyhem.example")
    page.get_by_role("link", name=DEMO_TITLE).click()
    demo.refresh_from_db()  # the checklist's state is kept under its change stamp
    start = checklist_status(demo).done_count
    expect(page.get_by_role("navigation", name="Checklista")).to_contain_text(f"{start} av 16 steg klara")
    check_accessibility(page, "overview with checklist")

    # --- Step 7: the chooser. No police yet: EST's need is missing.
    open_step(page, 7, "Samverkansform")
    page.get_by_label("Trygghet på offentliga platser").check()
    page.get_by_label("Varje part bidrar med egen personal och egna resurser").check()
    page.get_by_role("group", name=re.compile("lägesbild")).get_by_label("Ja").check()
    page.get_by_role("group", name=re.compile("geografisk gräns")).get_by_label("Nej").check()
    page.get_by_role("button", name="Spara svaren").click()
    est = page.get_by_role("region", name=re.compile("^EST"))
    expect(est.locator("li", has_text="Polisen är med")).to_contain_text("– uppfyllt")
    expect(est).to_contain_text("Rekommenderas")
    check_accessibility(page, "model chooser")
    save_screenshots(page, "model-chooser")

    # Removing the police (declined) changes the recommendation.
    police = Party.objects.get(collaboration=demo, organisation__kind="police")
    police.state = "declined"
    police.save()
    page.reload()
    expect(est.locator("li", has_text="Polisen är med")).to_contain_text("– saknas")
    expect(est).not_to_contain_text("Rekommenderas")
    police.state = "joined"
    police.save()
    page.reload()
    expect(est).to_contain_text("Rekommenderas")

    choose = page.locator("form[action$='/modell/valj/']")
    choose.get_by_label("EST – effektiv samordning för trygghet").check()
    choose.get_by_label("Motivering").fill(
        "Kommunen, polisen och fastighetsägarna vill ha en gemensam lägesbild."
    )
    choose.get_by_role("button", name="Välj").click()
    # EST's details: the reporters to the weekly situation picture and the rhythm (checklist/est_views.py).
    expect(page.get_by_role("heading", level=1)).to_contain_text("EST: rapportering och rytm")
    page.get_by_role("link", name="Lägg till en rapportör").click()
    page.get_by_label(field("Part")).select_option(index=1)
    page.get_by_label(field("Vem som rapporterar (roll eller namn)")).fill("Åsbyhems bovärdar")
    page.get_by_label(field("Hur de rapporterar")).select_option(label="Ett digitalt formulär eller en app")
    page.get_by_label("Skadegörelse").check()
    page.get_by_label("Trasig eller saknad belysning").check()
    check_accessibility(page, "EST reporter")
    save(page)
    expect(page.get_by_role("table")).to_contain_text("Skadegörelse, Trasig eller saknad belysning")
    page.get_by_label(field("Veckomötets dag")).select_option(label="tisdag")
    page.get_by_label(field("Veckomötets tid")).fill("09:00")
    page.get_by_label(field("Lägesbilden analyseras")).select_option(label="Varje kvartal")
    page.get_by_label(field("Vem som gör analysen")).fill("Kommunens trygghetssamordnare.")
    page.get_by_label(field("Vem som leder veckomötet")).fill("Kommunens trygghetssamordnare")
    page.get_by_label(field("Den årliga uppföljningen: när, och vem som gör den")).fill(
        "I januari, av styrgruppen."
    )
    page.get_by_label(field("Lokalpolisområde")).fill("Åsby")
    page.get_by_label(field("Problemens troliga orsaker")).fill(
        "Mörka gångvägar och få vuxna ute på kvällen."
    )
    page.get_by_label(field("Hur arbetet dokumenteras")).fill("Minnesanteckningar från varje veckomöte.")
    save(page)
    check_accessibility(page, "EST reporting and rhythm")

    # --- Step 6: the demo's second sub-goal has no baseline yet ("saknas i underlaget"): the step says
    # what is left, and is done once the baseline is recorded.
    open_step(page, 6, "Mål")
    expect(page.locator(".step-header")).to_contain_text("Kvar: utgångsvärdet för ”Antal barn 10–15 år")
    page.get_by_role("link", name=re.compile(r"^Ändra\W+Antal barn 10–15 år")).click()
    page.get_by_label(field("Utgångsvärde")).fill("12")
    save(page)
    expect(page.locator(".step-header")).to_contain_text("Klar")
    expect(page.locator(".step-header")).not_to_contain_text("Kvar:")

    work_steps_8_to_15(
        page, demo, ["Personuppgifter (GDPR) och sekretess (OSL)"], check_accessibility, save_screenshots
    )

    demo.refresh_from_db()  # the checklist's state is kept under its change stamp
    end = checklist_status(demo).done_count
    assert end >= start + 9, (start, end)
    expect(page.get_by_role("navigation", name="Checklista")).to_contain_text(f"{end} av 16 steg klara")

    # --- Step 5: the partners answer (their own pages are driven in test_confirmation_journey.py);
    # here every party asked agrees with version 1, and the progress reaches 15 of 16.
    every_party_agrees(demo)
    page.reload()
    nav = page.get_by_role("navigation", name="Checklista")
    expect(nav).to_contain_text("15 av 16 steg klara")
    expect(nav.get_by_role("link", name=re.compile(r"^5\. Gemensam problembild"))).to_contain_text("Klar")
    demo.refresh_from_db()  # the checklist's state is kept under its change stamp
    assert [s.step.key for s in checklist_status(demo).steps if not s.is_complete] == ["agreement"]
    save_screenshots(page, "checklist-15-of-16")


def test_operator_new_version_leaves_running_collaboration_alone(page_for, demo, check_accessibility):
    operator = page_for("operator")
    log_in(operator, "operator@samverkan.example")
    operator.goto("/admin/checklist/checklisttemplate/")
    operator.get_by_role("checkbox", name=re.compile("Välj detta objekt|Select this object")).first.check()
    operator.get_by_role("combobox", name=re.compile("Åtgärd|Action")).select_option(value="make_new_version")
    operator.get_by_role("button", name=re.compile("^(Kör|Run)$")).click()
    expect(operator.get_by_text("Version 2 är skapad som utkast.")).to_be_visible()
    draft = ChecklistTemplate.objects.get(version=2)
    operator.goto(f"/admin/checklist/checklisttemplate/{draft.pk}/change/")
    operator.locator("#id_steps-0-guidance_sv").fill("Den nya vägledningen för problemet.")
    operator.get_by_role("button", name=re.compile("^Spara$|^Save$")).click()
    expect(operator).to_have_url(re.compile(r"/admin/checklist/checklisttemplate/(\?.*)?$"))
    operator.get_by_role("checkbox", name=re.compile("Välj detta objekt|Select this object")).first.check()
    operator.get_by_role("combobox", name=re.compile("Åtgärd|Action")).select_option(value="publish")
    operator.get_by_role("button", name=re.compile("^(Kör|Run)$")).click()
    expect(operator.get_by_text("1 version publicerad.")).to_be_visible()

    staff = page_for("anna")
    log_in(staff, "anna@asbyhem.example")
    staff.goto(f"/samverkan/{demo.pk}/problem/")
    staff.get_by_text("Varför detta steg?").first.click()
    guidance = staff.locator(".step-header details p").first
    expect(guidance).to_contain_text("Börja med problemet, inte med lösningen.")  # version 1's, shown
    expect(staff.locator(".step-header")).not_to_contain_text("Den nya vägledningen")
    expect(staff.get_by_role("navigation", name="Checklista")).to_contain_text("Checklista version 1")
    staff.goto(f"/samverkan/{demo.pk}/")
    expect(staff.get_by_text("En nyare checklista (version 2) finns")).to_be_visible()
    check_accessibility(staff, "overview with newer checklist")
    staff.get_by_role("button", name="Byt till den nyare checklistan").click()
    expect(staff.get_by_text("Samverkan följer nu checklistans version 2.")).to_be_visible()
    staff.goto(f"/samverkan/{demo.pk}/problem/")
    staff.get_by_text("Varför detta steg?").first.click()
    expect(staff.locator(".step-header")).to_contain_text("Den nya vägledningen")


def test_the_list_of_steps_folds_on_a_phone(page_for, demo, check_accessibility):
    page = page_for("anna")
    log_in(page, "anna@asbyhem.example")
    page.get_by_role("link", name=DEMO_TITLE).click()
    nav = page.get_by_role("navigation", name="Checklista")
    step_1 = nav.get_by_role("link", name=re.compile(r"^1\. Problem"))
    expect(step_1).to_be_visible()
    expect(nav.get_by_text("Alla steg")).to_be_hidden()

    page.set_viewport_size({"width": 375, "height": 800})

    expect(step_1).to_be_hidden()
    expect(nav.locator(".progress-block")).to_be_visible()  # the progress stays in sight
    check_accessibility(page, "overview on a phone, steps folded")
    nav.get_by_text("Alla steg").click()
    expect(step_1).to_be_visible()
    step_1.click()
    expect(page.get_by_role("heading", level=1, name="Problem")).to_be_visible()
