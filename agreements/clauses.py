"""The fixed text of the agreement: section titles and the clauses for each form of collaboration.

Written in our own words from DESIGN §5 (what each model is, what it needs, its guardrails). Source
strings are English like every other string; the agreement is always rendered in Swedish
(`drafting.AGREEMENT_LANGUAGE`), so the Swedish catalogue holds the wording the parties read.
The model-specific values come from `ModelChoice.details`, filled in with the forms in
checklist/forms.py (DETAILS_FORMS); the keys below are those forms' field names.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from collaborations.models import CollaborationModel

# key, title. The order is the order of the document; the numbers follow from it.
SECTIONS = [
    ("parties", _("Parties")),
    ("background", _("Background")),
    ("goals", _("Purpose and goals")),
    ("model", _("Form of collaboration")),
    ("commitments", _("The parties' commitments and contributions")),
    ("organisation", _("Organisation and meetings")),
    ("activities", _("Activities and time plan")),
    ("residents", _("Residents' involvement")),
    ("follow_up", _("Follow-up and evaluation")),
    ("communication", _("Communication")),
    ("personal_data", _("Personal data and secrecy")),
    ("finances", _("Finances")),
    ("terms", _("Duration, changes, termination and disputes")),
    ("signatures", _("Signatures")),
]


@dataclass(frozen=True)
class ModelClauses:
    """A form of collaboration's fixed text. A guardrail or a financing clause that states something
    recorded in the details names that detail's key: it is said only when the detail is recorded
    (nothing is claimed that the data does not hold); "" for a clause that holds whatever the data."""

    intro: str
    details: list  # [(key in ModelChoice.details, label)]
    guardrails: list  # [(clause, key of the detail it states, or "")]
    finances: list  # [(clause, key of the detail it states, or "")]


MODEL_CLAUSES = {
    CollaborationModel.IOP: ModelClauses(
        intro=_(
            "The parties enter into an idea-based public partnership (IOP). The partnership is neither a "
            "procurement nor a grant: the public and the non-profit parties work together, each with its "
            "own contribution, towards a shared goal of public benefit."
        ),
        details=[
            ("activity", _("The activity of the partnership")),
            ("values", _("The values the partnership rests on")),
            ("own_initiative", _("The non-profit organisation's own initiative")),
            ("procurement_assessment", _("Assessment against public procurement and state aid rules")),
            ("independence", _("The non-profit organisation's independence")),
            ("public_contribution", _("What the public parties contribute")),
            ("nonprofit_contribution", _("What the non-profit parties contribute")),
        ],
        guardrails=[
            (
                _(
                    "The partnership must not be used to award a contract that should have been procured, "
                    "and public money given within it must not be unlawful state aid."
                ),
                "",
            ),
            (
                _(
                    "The parties have recorded their assessment above and make it again if the activity or "
                    "the money changes."
                ),
                "procurement_assessment",
            ),
            (
                _(
                    "The non-profit parties keep their independence: they decide over their own "
                    "organisation, opinions and activities, and may criticise the public parties."
                ),
                "",
            ),
            (
                _(
                    "Every party contributes to the shared activity; no party only buys and no party only "
                    "sells."
                ),
                "",
            ),
            (
                _(
                    "The activity is the non-profit parties' own initiative, as recorded above: it is not a "
                    "purchase by the public parties and it does not compete with companies on a market."
                ),
                "own_initiative",
            ),
        ],
        finances=[],
    ),
    CollaborationModel.EST: ModelClauses(
        intro=_(
            "The parties work according to effective coordination for safety (EST): every week they put "
            "together a shared situation picture of insecurity and crime in public places in the area, "
            "analyse it a few times a year, follow up the work every year, and act on it together."
        ),
        # EST's details are structured rows of their own (checklist/est_models.py, agreements/est.py).
        details=[],
        guardrails=[
            (
                _(
                    "Reports describe places, times and kinds of events, never persons. Names or other "
                    "information that can identify a person are not entered into the situation picture."
                ),
                "",
            ),
            (
                _(
                    "Information that a party holds under secrecy, for example the police's or the social "
                    "services', is shared only when the law allows it."
                ),
                "",
            ),
        ],
        finances=[],
    ),
    CollaborationModel.BID: ModelClauses(
        # Which public organisations take part is said from the parties (BID_PUBLIC_PARTNERS).
        intro=_(
            "The property owners in the area carry out measures together for a safe, clean and attractive "
            "area (business improvement district, BID). The BID complements public services and never "
            "replaces them."
        ),
        details=[
            ("association", _("The association that runs the BID")),
            ("boundary", _("The area's boundary")),
            ("fee_model", _("The fee model")),
            ("decision_rules", _("How decisions are made")),
            ("non_members", _("Owners who do not join")),
        ],
        guardrails=[
            (_("Taking part is voluntary."), ""),
            (_("The parties have decided above how owners who do not join are handled."), "non_members"),
            (
                _(
                    "The parties do not exchange information about prices, rents, tenders or other "
                    "competitively sensitive matters: competition law applies to cooperation between "
                    "businesses."
                ),
                "",
            ),
        ],
        # A fee-financed model: the parties do not simply bear their own costs.
        finances=[
            (
                _(
                    "The property owners finance the BID's measures together, through fees according to the "
                    "fee model in the section on the form of collaboration."
                ),
                "fee_model",
            ),
        ],
    ),
    CollaborationModel.OTHER: ModelClauses(
        intro=_("The parties collaborate in a form of their own, described below."),
        details=[("description", _("How the collaboration is set up"))],
        guardrails=[],
        finances=[],
    ),
}

# The public organisations among the parties of a BID, named from the data ("Åsby kommun and Polisen").
BID_PUBLIC_PARTNERS = _("%(parties)s take part as public partners.")

# Clauses every agreement has, whatever the data.
COMMITMENTS_CLAUSE = _(
    "Each party carries out its commitments within its own mandate and budget, and tells the steering "
    "group in good time if it cannot fulfil them."
)
ORGANISATION_CLAUSE = _(
    "The steering group leads the collaboration, sets its priorities and follows up the goals. The "
    "working group plans and carries out the activities. Minutes are kept of the steering group's "
    "meetings and sent to every party."
)
RESIDENTS_CLAUSE = _(
    "The parties go on involving the residents during the collaboration and tell them what it does. No "
    "personal data about residents is recorded."
)
FOLLOW_UP_CLAUSE = _(
    "The steering group follows up the sub-goals as set out below and evaluates the collaboration as a "
    "whole before the agreement is reviewed."
)
COMMUNICATION_CLAUSE = _(
    "Each party speaks for itself; statements on behalf of the collaboration are agreed in the steering "
    "group."
)
PERSONAL_DATA_CLAUSES = [
    _(
        "The collaboration does not need personal data about residents to work, and the parties share no "
        "personal data within it without a legal basis. Each party is responsible for its own processing "
        "of personal data under the General Data Protection Regulation (GDPR)."
    ),
    _(
        "Information covered by secrecy under the Public Access to Information and Secrecy Act (OSL) is "
        "shared only when the act allows it. Public parties handle requests for public documents under "
        "their own rules."
    ),
]
# Finances: what a form of collaboration says of its money (ModelClauses.finances) or, when it says
# nothing, that each party bears its own costs; "unless the budget below..." only when there is one.
FINANCES_CLAUSE = _(
    "Each party bears its own costs for its commitments unless the budget below says otherwise."
)
OWN_COSTS_CLAUSE = _("Each party bears its own costs for its commitments.")
CO_FINANCING_CLAUSE = _("Co-financing by others who are not parties to the agreement:")
TERMS_CLAUSE = _(
    "If a party leaves, the agreement continues between the other parties unless they decide otherwise."
)
SIGNATURES_CLAUSE = _("The parties sign the agreement below.")
