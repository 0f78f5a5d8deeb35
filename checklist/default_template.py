"""The checklist the application ships: sixteen steps in our own words.

Steps 1–7 follow the public points of the guide on starting a collaboration in a residential area;
steps 8–16 are this tool's own continuation, which an operator can replace in the admin by making
a new template version. The data migration installs this as version 1; it is not read at run time.
"""

NAME = "Samverkan i bostadsområden"

# key, rule, prerequisites, continuation, title (sv, en), guidance (sv, en). The rule is the key of a
# registered step (checklist/steps.py) whose rule computes the step, or "manual".
STEPS = [
    (
        "problem",
        "problem",
        [],
        False,
        ("Problembeskrivning", "Problem description"),
        (
            "Börja med problemet, inte med lösningen. Beskriv vilket problem eller vilka problem samverkan "
            "ska ta sig an först, var det syns och vilka som berörs. Skriv konkret nog för att varje part "
            "ska kunna säga om de känner igen sig, och ange vad beskrivningen bygger på.",
            "Start with the problem, not the solution. Describe which problem or problems the "
            "collaboration takes on first, where it shows and whom it affects. Be concrete enough that "
            "every party can say whether they recognise it, and say what the description is based on.",
        ),
    ),
    (
        "residents",
        "residents",
        [],
        False,
        ("Boende", "Residents"),
        (
            "De boende vet mest om hur området fungerar. Låt dem vara med genom dialogmöten, enkäter, "
            "trygghetsvandringar eller boenderepresentanter, och skriv ner vad ni lärde er och hur det "
            "ändrade problembeskrivningen. Registrera inga personuppgifter om de boende.",
            "Residents know best how the area works. Involve them through dialogue meetings, surveys, "
            "safety walks or resident representatives, and write down what you learned and how it changed "
            "the problem description. Record no personal data about residents.",
        ),
    ),
    (
        "parties",
        "parties",
        [],
        False,
        ("Parter", "Parties"),
        (
            "Vilka behövs för att nå resultatet? Ofta kommunen, polisen, föreningar och andra "
            "fastighetsägare. Lista parterna med kontaktperson och roll. Steget är klart när minst två "
            "parter utöver huvudmannen finns med.",
            "Who is needed to reach the result? Often the municipality, the police, associations and other "
            "property owners. List the parties with a contact person and a role. The step is done when at "
            "least two parties besides the lead take part.",
        ),
    ),
    (
        "mandate",
        "mandate",
        [],
        False,
        ("Förankring", "Mandate"),
        (
            "Förankra arbetet högst upp i den egna organisationen: ett beslut om mandat att driva "
            "samverkan och om resurserna för det. Skriv vem som beslutade, när, vad mandatet omfattar "
            "och vilka resurser som beviljats. Gör gärna samma sak för de andra parterna.",
            "Anchor the work at the top of your own organisation: a decision giving the mandate to drive "
            "the collaboration and the resources to do it. Record who decided, when, what the mandate "
            "covers and which resources were granted. Do the same for the other parties where you can.",
        ),
    ),
    (
        "shared_problem",
        "shared_problem",
        ["problem", "parties"],
        False,
        ("Gemensam problembild", "Shared problem picture"),
        (
            "Samla företrädare för de blivande parterna och stäm av att ni är överens om "
            "problembeskrivningen. Skicka den för bekräftelse: varje part instämmer, vill ha ändringar "
            "eller avböjer. Steget är klart när alla anslutna parter instämmer i den senaste versionen.",
            "Gather representatives of the prospective parties and check that you agree on the problem "
            "description. Send it for confirmation: each party agrees, asks for changes or declines. The "
            "step is done when every joined party agrees with the latest version.",
        ),
    ),
    (
        "goal",
        "goal",
        ["problem"],
        False,
        ("Mål", "Goal"),
        (
            "Formulera det övergripande målet: vad ska vara annorlunda när samverkan har lyckats? Bryt "
            "ner det i mätbara delmål med indikator, utgångsvärde, målvärde och datum.",
            "Formulate the overall goal: what will be different when the collaboration has succeeded? "
            "Break it down into measurable sub-goals with an indicator, a baseline, a target and a date.",
        ),
    ),
    (
        "model",
        "model",
        ["parties"],
        False,
        ("Samverkansform", "Form of collaboration"),
        (
            "Bestäm vilken form av samverkan som passar bäst: IOP, EST, BID eller en annan form. "
            "Modellväljaren visar vad varje form kräver och vad som saknas utifrån era parter och svar. "
            "Ni väljer själva och skriver varför.",
            "Decide which form of collaboration fits best: IOP, EST, BID or another form. The model "
            "chooser shows what each form needs and what is missing, given your parties and answers. You "
            "decide and write why.",
        ),
    ),
    (
        "roles",
        "roles",
        ["parties"],
        True,
        ("Roller och bidrag", "Roles and contributions"),
        (
            "Beskriv varje parts roll och ansvar och vad parten bidrar med: personaltid, pengar, lokaler "
            "eller annat. Det blir parternas åtaganden i avtalet.",
            "Describe each party's role and responsibilities and what it contributes: staff time, money, "
            "premises or something else. These become the parties' commitments in the agreement.",
        ),
    ),
    (
        "organisation",
        "organisation",
        ["parties"],
        True,
        ("Organisation", "Organisation"),
        (
            "Bestäm hur arbetet organiseras: en styrgrupp med beslutsfattare från minst två parter, en "
            "arbetsgrupp, en samordnare och hur ofta grupperna träffas.",
            "Decide how the work is organised: a steering group with decision makers from at least two "
            "parties, a working group, a coordinator and how often the groups meet.",
        ),
    ),
    (
        "legal",
        "legal",
        ["model"],
        True,
        ("Juridisk granskning", "Legal review"),
        (
            "Gå igenom de rättsliga frågorna innan avtalet skrivs: offentlig upphandling (LOU), statsstöd, "
            "personuppgifter (GDPR) och sekretess (OSL) när information delas, samt konkurrensrätt. Vilka "
            "frågor som måste bedömas beror på vald samverkansform.",
            "Go through the legal questions before the agreement is written: public procurement (LOU), "
            "state aid, personal data (GDPR) and secrecy (OSL) when information is shared, and competition "
            "law. Which topics must be assessed depends on the chosen form of collaboration.",
        ),
    ),
    (
        "activities",
        "activities",
        ["goal"],
        True,
        ("Aktiviteter och tidsplan", "Activities and time plan"),
        (
            "Planera aktiviteterna som ska leda mot målet: vad som ska göras, vilken part som ansvarar och "
            "när det börjar och slutar.",
            "Plan the activities that lead towards the goal: what is done, which party is responsible and "
            "when it starts and ends.",
        ),
    ),
    (
        "budget",
        "budget",
        ["roles"],
        True,
        ("Budget och finansiering", "Budget and financing"),
        (
            "Sammanställ budgeten per part och år: vad varje part finansierar och till vad.",
            "Put together the budget per party and year: what each party finances and for what.",
        ),
    ),
    (
        "follow_up",
        "follow_up",
        ["goal"],
        True,
        ("Uppföljning och utvärdering", "Follow-up and evaluation"),
        (
            "Bestäm hur varje delmål följs upp: hur det mäts, hur ofta det rapporteras och vem som "
            "ansvarar. Utgå från delmålens indikatorer och utgångsvärden.",
            "Decide how each sub-goal is followed up: how it is measured, how often it is reported and "
            "who is responsible. Build on the sub-goals' indicators and baselines.",
        ),
    ),
    (
        "communication",
        "communication",
        [],
        True,
        ("Kommunikation", "Communication"),
        (
            "Planera hur de boende och allmänheten får veta vad samverkan gör och hur de kan vara med, "
            "och vem som talar för samverkan.",
            "Plan how residents and the public learn what the collaboration does and how they can take "
            "part, and who speaks for the collaboration.",
        ),
    ),
    (
        "terms",
        "terms",
        [],
        True,
        ("Avtalstid, omprövning, utträde och tvister", "Duration, review, exit and disputes"),
        (
            "Bestäm hur länge samverkan gäller, när och hur avtalet omprövas, hur en part kan lämna, hur "
            "avtalet ändras och hur tvister löses.",
            "Decide how long the collaboration lasts, when and how the agreement is reviewed, how a party "
            "can leave, how the agreement is changed and how disputes are resolved.",
        ),
    ),
    (
        "agreement",
        "agreement",
        [
            "problem",
            "residents",
            "parties",
            "mandate",
            "shared_problem",
            "goal",
            "model",
            "roles",
            "organisation",
            "legal",
            "activities",
            "budget",
            "follow_up",
            "communication",
            "terms",
        ],
        True,
        ("Avtalsutkast", "Draft agreement"),
        (
            "Skapa avtalsutkastet av allt ni kommit överens om och låt varje part godkänna exakt den "
            "versionen.",
            "Generate the draft agreement from everything you have agreed and let every party approve "
            "exactly that version.",
        ),
    ),
]


def install(template_model, step_model, *, version=1, published_at=None):
    """Create the default template (used by the data migration and by tests)."""
    template = template_model.objects.create(
        name=NAME, version=version, notes="Standardmallen med 16 steg.", published_at=published_at
    )
    for number, (key, rule, prerequisites, continuation, titles, guidance) in enumerate(STEPS, start=1):
        step_model.objects.create(
            template=template,
            number=number,
            key=key,
            rule=rule,
            prerequisites=prerequisites,
            is_continuation=continuation,
            title_sv=titles[0],
            title_en=titles[1],
            guidance_sv=guidance[0],
            guidance_en=guidance[1],
        )
    return template
