"""What the agreement says, as plain data: frozen dataclasses of strings, already formatted in Swedish,
which the templates only lay out. agreements/drafting.py builds them from a collaboration.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from agreements.clauses import SECTIONS


@dataclass(frozen=True)
class StepRef:
    key: str
    number: int | None
    title: str
    url: str


@dataclass(frozen=True)
class Gap:
    section: str
    what: str
    step: StepRef
    party: str = ""  # the party's key (PartyEntry.key), for a gap in one party's part of a section


@dataclass(frozen=True)
class NotApplicable:
    step: StepRef
    reason: str


@dataclass(frozen=True)
class Mandate:
    decided_by: str
    decided_on: str  # "den 2026-03-14", "i mars 2026", "under 2026", or "" when not known (then a gap)
    scope: str
    resources: str
    joint: bool = False  # the decision is a joint decision, shown once (Agreement.joint_decisions)


@dataclass(frozen=True)
class JointDecisionEntry:
    """One decision taken for several parties at once, shown once with the parties it covers."""

    decided_by: str
    decided_on: str
    scope: str
    parties: list


@dataclass(frozen=True)
class PartyEntry:
    key: str  # identifies the party within the agreement (its gaps are filed under it)
    name: str
    org_number: str  # the number, or "" when it has none or it is not known
    org_number_label: str  # the number, "saknar organisationsnummer", or "" when not known yet (a gap)
    case_number: str
    kind: str
    sector: str  # collaborations.models.Sector
    role: str
    is_lead: bool
    state: str
    representative: str
    email: str
    phone: str
    responsibilities: str
    staff_hours: str  # "500 hours per year", in words
    money: str
    premises: str
    other_contribution: str
    mandate: Mandate | None

    @property
    def has_contribution(self) -> bool:
        return bool(self.staff_hours or self.money or self.premises or self.other_contribution)


@dataclass(frozen=True)
class Problem:
    version: int
    text: str
    focus_areas: list
    evidence: str
    sent_on: str


@dataclass(frozen=True)
class Confirmation:
    party: str
    version: int
    answer: str
    answered_at: str
    answered_by: str
    comment: str


@dataclass(frozen=True)
class SubGoalEntry:
    indicator: str
    baseline: str  # "" when not known yet (then a gap)
    target: str  # "" when not known yet (then a gap)
    target_date: str  # as precise as it is known; "" when not known yet (then a gap)
    follow_up_method: str
    follow_up_rhythm: str
    follow_up_party: str
    has_follow_up: bool


@dataclass(frozen=True)
class Clause:
    label: str
    text: str


@dataclass(frozen=True)
class LegalEntry:
    topic: str
    status: str
    assessment: str
    assessed_by: str
    assessed_on: str
    is_assessed: bool


@dataclass(frozen=True)
class ModelEntry:
    key: str
    label: str
    rationale: str
    intro: str
    clauses: list
    guardrails: list
    legal: list
    partners: str = ""  # a sentence naming the public partners (a BID), from the parties
    checks: list = field(default_factory=list)  # [ModelCheck]: the model chooser's needs, met or not


@dataclass(frozen=True)
class ModelCheck:
    label: str  # "The police take part"
    met: bool
    detail: str  # the parties that meet it, or ""


@dataclass(frozen=True)
class Organisation:
    coordinator: str
    coordinator_party: str
    steering_rhythm: str
    working_rhythm: str
    notes: str


@dataclass(frozen=True)
class GroupMemberEntry:
    party: str
    person: str
    task: str


@dataclass(frozen=True)
class ActivityEntry:
    title: str
    description: str
    party: str
    starts_on: str  # as precise as known ("mars 2027"); "" when not known (a gap)
    ends_on: str  # "" when ongoing or not known
    ongoing: bool = False


@dataclass(frozen=True)
class Involvement:
    method: str
    held_on: str  # as precise as it is known; "" when not known (left out)
    participants: int | None  # None when not known (left out)
    learned: str
    effect: str


@dataclass(frozen=True)
class Communication:
    residents: str
    public: str
    spokesperson: str


@dataclass(frozen=True)
class BudgetLineEntry:
    when: str  # "2027", "varje år från 2027", "varje år" or "hela perioden"
    party: str  # "" when the amount is not split per party
    amount: str  # "120 000 kr", or "400 000 kr per år"
    purpose: str
    funder: str = ""  # someone who co-finances without being a party


@dataclass(frozen=True)
class CoFinancing:
    """What someone who is not a party (an observer, or a funder in the budget) contributes."""

    name: str
    contribution: str


@dataclass(frozen=True)
class SignatureBlock:
    """Who signs for a signing party: name, title and authority; "" while not recorded (a gap)."""

    party: "PartyEntry"
    name: str
    title: str
    authority: str


@dataclass(frozen=True)
class Terms:
    starts_on: str  # as precise as known; "" when not known
    ends_on: str
    period: str  # the period in words ("two years, with an option to extend")
    review: str
    termination: str
    changes: str
    disputes: str
    assignment: str = ""


@dataclass(frozen=True)
class BidCategoryEntry:
    name: str
    kind: str
    amount: str  # "12 000 kr", "25 kr" per m²; "" for a negotiated fee


@dataclass(frozen=True)
class BidMemberEntry:
    property: str
    owner: str
    category: str
    living_area: str
    commercial_area: str
    has_joined: bool
    fee: str  # the yearly fee; "" when not a member or not known
    missing: str  # why the fee is not known ("" when it is, or for a non-member)


@dataclass(frozen=True)
class BidSection:
    """A BID's association (the contracting party), its fee model and the member register
    (agreements/bid.py)."""

    name: str
    org_number: str
    has_no_org_number: bool  # recorded as not existing: the agreement says so
    statutes_adopted: str
    seat: str
    purpose: str
    annual_meeting: str
    board: str
    membership_fee: str
    categories: list  # [BidCategoryEntry]
    members: list  # [BidMemberEntry], non-members included: the properties within the boundary
    member_count: int
    total: str  # the known yearly fees of the members
    unknown_fees: int


@dataclass(frozen=True)
class LogEntry:
    at: str
    event: str
    detail: str
    actor: str


@dataclass
class Agreement:
    """Everything the agreement says. `log` (the appendix) is not part of the content: it grows with
    approvals of this very content."""

    collaboration_id: int
    title: str
    area_name: str
    municipality: str
    lead_name: str
    sections: list  # [(key, "1. Parter")]
    titles: dict  # key -> "1. Parter"
    parties: list = field(default_factory=list)  # lead and partners: they sign
    joint_decisions: list = field(default_factory=list)  # JointDecisionEntry
    observers: list = field(default_factory=list)
    problem: Problem | None = None
    problem_is_draft: bool = False
    all_agree: bool = False
    confirmations: list = field(default_factory=list)
    goal: str = ""
    sub_goals: list = field(default_factory=list)
    model: ModelEntry | None = None
    bid: BidSection | None = None  # a BID's association, fees and register
    organisation: Organisation | None = None
    steering_group: list = field(default_factory=list)
    working_group: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    involvements: list = field(default_factory=list)
    communication: Communication | None = None
    personal_data: LegalEntry | None = None
    budget_lines: list = field(default_factory=list)
    budget_by_party: list = field(default_factory=list)  # [(party, amount)], "not split" included
    budget_total: str = ""  # the amounts that do not recur
    budget_total_per_year: str = ""  # the amounts that recur every year
    co_financing: list = field(default_factory=list)  # CoFinancing by observers and funders
    finances_clauses: list = field(default_factory=list)  # what the agreement says of its money
    terms: Terms | None = None
    governing_law: str = ""  # the clauses every agreement has (agreements/common_clauses.py)
    copies: str = ""
    personal_data_clauses: list = field(default_factory=list)  # [] while what is processed is open
    signature_blocks: list = field(default_factory=list)  # SignatureBlock, one per signing party
    est: "EstContent | None" = None  # only when the form is EST
    gaps: list = field(default_factory=list)
    not_applicable: dict = field(default_factory=dict)  # section -> NotApplicable
    open_steps: list = field(default_factory=list)  # required steps not done, as StepRef
    log: list = field(default_factory=list)

    @property
    def gaps_by_section(self) -> dict:
        """{section: [its gaps that concern no single party]}"""
        grouped = {key: [] for key, _title in SECTIONS}
        for gap in self.gaps:
            if not gap.party:
                grouped[gap.section].append(gap)
        return grouped

    @property
    def commitment_gaps(self) -> dict:
        """{party key: [gaps in that party's commitments]}"""
        grouped = defaultdict(list)
        for gap in self.gaps:
            if gap.party and gap.section == "commitments":
                grouped[gap.party].append(gap)
        return dict(grouped)

    @property
    def is_final(self) -> bool:
        """The final draft: nothing missing, and every step of the checklist but this one done."""
        return not self.gaps and not self.open_steps

    @property
    def missing_count(self) -> int:
        return len(self.gaps) + len(self.open_steps)


@dataclass(frozen=True)
class EstReporterEntry:
    party: str
    person: str
    channel: str
    categories: list  # [str]: kinds of places and events


@dataclass(frozen=True)
class EstContent:
    """How an EST collaboration works (agreements/est.py): the weekly situation picture and its
    reporters, the analysis, the yearly follow-up, and the parts of Brå's structure for a
    samverkansöverenskommelse that the rest of the agreement does not already hold. "" is unknown."""

    police_area: str
    likely_causes: str
    weekly: str  # "Every Tuesday at 09.00"
    weekly_form: str
    weekly_lead: str
    analysis: str
    analysis_by: str
    yearly_follow_up: str
    documentation: str
    reporters: list  # [EstReporterEntry]
    has_citizen_promise: bool | None
    citizen_promise_url: str
