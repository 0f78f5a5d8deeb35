"""Progress: each step's state in a collaboration's checklist, computed from its data.

The facts come from checklist/facts.py, each step's rule from the step registry (checklist/steps.py).
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import cache
from django.utils.translation import gettext, ngettext

from checklist import phrases
from checklist.facts import REQUIRED_LEGAL_TOPICS as REQUIRED_LEGAL_TOPICS  # where callers found it
from checklist.facts import Facts, StepState, load_facts
from checklist.models import ChecklistTemplate, CollaborationChecklist, Step
from checklist.steps import computed_state, is_manual, missing_items


def join_numbers(numbers) -> str:
    """1 / 1 and 3 / 1, 3 and 4 — in the active language."""
    numbers = [str(n) for n in numbers]
    if len(numbers) == 1:
        return numbers[0]
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(numbers[:-1]), "last": numbers[-1]}


def progress_text(done: int, total: int) -> str:
    """ "3 of 16 steps done", in the active language: the progress bar's text and its label."""
    return ngettext("%(done)s of %(total)s step done", "%(done)s of %(total)s steps done", total) % {
        "done": done,
        "total": total,
    }


# --- Evaluating a whole checklist ---------------------------------------------------------------


@dataclass
class StepStatus:
    step: Step
    state: str
    waiting_for: list = field(default_factory=list)  # steps not yet done that this one needs
    not_applicable_reason: str = ""
    is_next: bool = False
    is_manual: bool = False  # staff mark it as done
    missing: list = field(default_factory=list)  # what is left while not done: lazy phrases ("Kvar: …")

    @property
    def is_complete(self) -> bool:
        return self.state in (StepState.DONE, StepState.NOT_APPLICABLE)

    def __getstate__(self):
        # The phrases as plain data: unpickling Django's lazy objects is slow (checklist/phrases.py).
        return {**self.__dict__, "missing": [phrases.keep(item) for item in self.missing]}

    def __setstate__(self, state):
        self.__dict__.update(state, missing=[phrases.restore(item) for item in state["missing"]])

    @property
    def label(self):
        if self.waiting_for and not self.is_complete:
            return gettext("Waiting for step %(steps)s") % {
                "steps": join_numbers(s.number for s in self.waiting_for)
            }
        return StepState.LABELS[self.state]


@dataclass
class ChecklistStatus:
    template: ChecklistTemplate
    steps: list
    facts: Facts | None = None  # what the rules read, for pages that show it too

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.steps if s.is_complete)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def progress_text(self) -> str:
        return progress_text(self.done_count, self.total)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / self.total) if self.total else 0

    @property
    def next_step(self):
        return next((s for s in self.steps if s.is_next), None)

    def for_number(self, number):
        return next((s for s in self.steps if s.step.number == number), None)


def evaluate(steps, facts: Facts) -> list[StepStatus]:
    statuses = []
    by_key = {}
    for step in steps:
        state = StepState.NOT_APPLICABLE if step.key in facts.not_applicable else computed_state(step, facts)
        status = StepStatus(
            step=step,
            state=state,
            is_manual=is_manual(step),
            not_applicable_reason=facts.not_applicable[step.key].reason
            if state == StepState.NOT_APPLICABLE
            else "",
        )
        if not status.is_complete:
            status.missing = missing_items(step, facts)
        statuses.append(status)
        by_key[step.key] = status
    for status in statuses:
        status.waiting_for = [
            by_key[key].step
            for key in status.step.prerequisites
            if key in by_key and not by_key[key].is_complete
        ]
    next_step = next((s for s in statuses if not s.is_complete and not s.waiting_for), None)
    if next_step is not None:
        next_step.is_next = True
    return statuses


# The state is computed once per change of the collaboration, not once per request: it is kept in the
# cache under the collaboration's change stamp (`updated_at`), which every write to its data bumps in
# the same transaction (Collaboration.touch), so an entry is never stale, only unused once the stamp
# moves on. A collaboration still without a checklist of its own follows the current template, which
# an operator's publishing changes without touching it: its state is not kept. The key also names the
# code that computed the state, so that a shared cache (CACHE_URL) kept over a release is not read
# with the old rules.
CACHE_SECONDS = 7 * 24 * 3600
_CODE = hashlib.sha256(
    b"".join(
        Path(__file__).with_name(name).read_bytes()
        for name in ("facts.py", "phrases.py", "rules.py", "steps.py")
    )
).hexdigest()[:12]


def _cache_key(collaboration) -> str:
    return f"checklist-status:{_CODE}:{collaboration.pk}:{collaboration.updated_at.isoformat()}"


def checklist_statuses(collaborations) -> dict[int, ChecklistStatus]:
    """The checklist status of each collaboration, in a number of queries that does not grow with them
    (none when each is kept under its current change stamp)."""
    keys = {c.pk: _cache_key(c) for c in collaborations}
    kept = cache.get_many(keys.values())
    result = {pk: kept[key] for pk, key in keys.items() if key in kept}
    missing = [pk for pk in keys if pk not in result]
    if missing:
        computed, own_template = _compute_statuses(missing)
        cache.set_many({keys[pk]: computed[pk] for pk in missing if pk in own_template}, CACHE_SECONDS)
        result.update(computed)
    return result


def _compute_statuses(ids) -> tuple[dict[int, ChecklistStatus], set]:
    """(the statuses of collaborations `ids`, the ids of those with a checklist of their own)."""
    templates = dict(
        CollaborationChecklist.objects.filter(collaboration_id__in=ids).values_list(
            "collaboration_id", "template_id"
        )
    )
    current = ChecklistTemplate.objects.current()
    template_ids = set(templates.values()) | ({current.pk} if current else set())
    steps_by_template = defaultdict(list)
    for step in (
        Step.objects.filter(template_id__in=template_ids).select_related("template").order_by("number")
    ):
        steps_by_template[step.template_id].append(step)
    facts = load_facts(ids)
    result = {}
    for pk in ids:
        template_id = templates.get(pk, current.pk if current else None)
        steps = steps_by_template.get(template_id, [])
        template = steps[0].template if steps else current
        result[pk] = ChecklistStatus(template=template, steps=evaluate(steps, facts[pk]), facts=facts[pk])
    return result, set(templates)


@dataclass(frozen=True)
class Progress:
    """How many steps are done: all a list of collaborations shows of each one's checklist."""

    done_count: int
    total: int
    next_step: Step | None = None  # the next step to do (the dashboard's action list), or None

    @property
    def progress_text(self) -> str:
        return progress_text(self.done_count, self.total)


def _progress(status: ChecklistStatus) -> Progress:
    next_step = status.next_step
    return Progress(status.done_count, status.total, next_step.step if next_step else None)


def checklist_progress(collaborations) -> dict[int, Progress]:
    """The progress of each collaboration, for lists (the dashboard). Kept in the cache beside the
    state and under the same key, a few bytes to read instead of the state's steps and facts; kept
    only where the state itself is (a collaboration with a checklist of its own)."""
    keys = {c.pk: "progress:" + _cache_key(c) for c in collaborations}
    kept = cache.get_many(keys.values())
    result = {pk: kept[key] for pk, key in keys.items() if key in kept}
    missing = [c for c in collaborations if c.pk not in result]
    if missing:
        statuses = checklist_statuses(missing)
        computed = {c.pk: _progress(statuses[c.pk]) for c in missing}
        kept_states = [c.pk for c in missing if cache.has_key(_cache_key(c))]
        cache.set_many({keys[pk]: computed[pk] for pk in kept_states}, CACHE_SECONDS)
        result.update(computed)
    return result


def checklist_status(collaboration) -> ChecklistStatus:
    return checklist_statuses([collaboration])[collaboration.pk]


def status_for_request(request, collaboration) -> ChecklistStatus:
    """The checklist status, computed once per request: the page and its navigation share it."""
    cache = request.__dict__.setdefault("_checklist_statuses", {})
    if collaboration.pk not in cache:
        cache[collaboration.pk] = checklist_status(collaboration)
    return cache[collaboration.pk]
