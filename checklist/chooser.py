"""The model chooser: which form of collaboration — IOP, EST or BID — fits, given the parties and answers.

Pure functions of the party list and the questionnaire's answers, so they are tested as a table.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from collaborations.models import CollaborationModel, OrganisationKind, PartyRole, Sector

# Kinds that own or manage housing in an area: municipal housing companies, private owners, housing
# cooperatives (bostadsrättsföreningar) and the cooperatives that manage them (HSB, Riksbyggen).
PROPERTY_OWNER_KINDS = {
    OrganisationKind.HOUSING_COMPANY,
    OrganisationKind.PROPERTY_OWNER,
    OrganisationKind.HOUSING_COOPERATIVE,
    OrganisationKind.COOPERATIVE,
}


class Aim:
    SAFETY = "safety_public_places"
    SOCIAL = "social_activities"
    ATTRACTIVE = "attractive_area"
    YOUTH = "children_youth"
    WORK = "work"

    CHOICES = [
        (SAFETY, _("Safety in public places")),
        (SOCIAL, _("Social activities and associations")),
        (ATTRACTIVE, _("A clean, attractive area")),
        (YOUTH, _("Children and young people")),
        (WORK, _("Work and self-sufficiency")),
    ]


class MoneyFlow:
    PUBLIC_TO_NONPROFIT = "public_to_nonprofit"
    OWNERS_FINANCE = "owners_finance"
    OWN_RESOURCES = "own_resources"
    UNSURE = "unsure"

    CHOICES = [
        (PUBLIC_TO_NONPROFIT, _("Public money goes to a non-profit organisation's activity")),
        (OWNERS_FINANCE, _("Property owners finance shared measures together (a fee)")),
        (OWN_RESOURCES, _("Each party contributes its own staff and resources")),
        (UNSURE, _("Not decided yet")),
    ]


@dataclass
class Need:
    label: str
    met: bool
    detail: str = ""


@dataclass
class Evaluation:
    model: str
    label: str
    needs: list
    guardrails: list
    reasons: list = field(default_factory=list)
    score: int = 0
    recommended: bool = False

    @property
    def missing(self):
        return [need for need in self.needs if not need.met]

    @property
    def needs_met(self) -> bool:
        return not self.missing


def _names(parties):
    return ", ".join(p.organisation.name for p in parties)


def evaluate_models(parties, answers, *, paid_services=()) -> dict[str, Evaluation]:
    """`parties`: the collaboration's active parties (lead included), with their organisations. An
    observer follows the work without taking part in it, so it counts for no need. `paid_services`:
    its PaidService rows (checklist/iop_models.py), which an IOP cannot hold."""
    parties = [p for p in parties if p.role != PartyRole.OBSERVER]
    answers = answers or {}
    aims = set(answers.get("aims") or [])
    money = answers.get("money_flow")
    situation_picture = answers.get("situation_picture") == "yes"
    boundary = answers.get("boundary") == "yes"

    nonprofit = [p for p in parties if p.organisation.sector == Sector.NONPROFIT]
    public = [p for p in parties if p.organisation.sector == Sector.PUBLIC]
    municipality = [p for p in parties if p.organisation.kind == OrganisationKind.MUNICIPALITY]
    police = [p for p in parties if p.organisation.kind == OrganisationKind.POLICE]
    owners = [p for p in parties if p.organisation.kind in PROPERTY_OWNER_KINDS]

    iop = Evaluation(
        model=CollaborationModel.IOP,
        label=CollaborationModel.IOP.label,
        needs=[
            Need(_("At least one non-profit party"), bool(nonprofit), _names(nonprofit)),
            Need(_("At least one public party"), bool(public), _names(public)),
        ],
        guardrails=[
            _("Must not be a disguised direct award (LOU) or unlawful state aid: record the assessment."),
            _("The non-profit organisation keeps its independence."),
            _("Both sides contribute to the shared activity."),
        ],
    )
    if paid_services:
        iop.needs.append(
            Need(
                _("No payment for a service among the contributions (that is a purchase, not IOP)"),
                False,
                "; ".join(f"{s.party.organisation.name}: {s.description}" for s in paid_services),
            )
        )
    if money == MoneyFlow.PUBLIC_TO_NONPROFIT:
        iop.score += 2
        iop.reasons.append(_("Public money supports a non-profit activity, which is what IOP is made for."))
    if aims & {Aim.SOCIAL, Aim.YOUTH, Aim.WORK}:
        iop.score += 1
        iop.reasons.append(_("Your aims are social activities that non-profit organisations often run."))

    est = Evaluation(
        model=CollaborationModel.EST,
        label=CollaborationModel.EST.label,
        needs=[
            Need(_("The municipality takes part"), bool(municipality), _names(municipality)),
            Need(_("The police take part"), bool(police), _names(police)),
            Need(_("At least one property owner takes part"), bool(owners), _names(owners)),
        ],
        guardrails=[
            _("Reports describe places and events, never persons."),
            _("Any personal data needs a legal basis, and secrecy rules apply when information is shared."),
            _("A weekly situation picture, a quarterly analysis and a yearly follow-up."),
        ],
    )
    if situation_picture:
        est.score += 2
        est.reasons.append(_("You need a shared, continuous situation picture, which EST builds every week."))
    if Aim.SAFETY in aims:
        est.score += 1
        est.reasons.append(_("Safety in public places is EST's focus."))

    bid = Evaluation(
        model=CollaborationModel.BID,
        label=CollaborationModel.BID.label,
        needs=[
            Need(_("At least two property owners"), len(owners) >= 2, _names(owners)),
            Need(_("A geographic boundary for the area"), boundary),
            Need(_("A financing model: a fee per property or area"), money == MoneyFlow.OWNERS_FINANCE),
        ],
        guardrails=[
            _("Voluntary in Sweden: decide how owners who do not join (free riders) are handled."),
            _("Competition law applies to cooperation between businesses."),
            _("It complements public services and never replaces them."),
        ],
    )
    if Aim.ATTRACTIVE in aims:
        bid.score += 1
        bid.reasons.append(_("A clean, attractive area is what property owners in a BID work for."))
    if money == MoneyFlow.OWNERS_FINANCE:
        bid.score += 1

    evaluations = {e.model: e for e in (iop, est, bid)}
    for evaluation in evaluations.values():
        if evaluation.missing:
            evaluation.reasons.insert(
                0,
                _("Does not fit yet. Not met: %(missing)s.")
                % {"missing": "; ".join(str(n.label) for n in evaluation.missing)},
            )
        elif not evaluation.reasons:
            evaluation.reasons.append(
                _("The needs are met; your answers do not point to this form in particular.")
            )
    candidates = [e for e in evaluations.values() if e.needs_met]
    if candidates:
        best = max(candidates, key=lambda e: e.score)
        best.recommended = True
    return evaluations
