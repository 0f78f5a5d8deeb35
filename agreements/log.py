"""The agreement's appendix: the log of what was sent for confirmation or approval, and the answers,
each credited to the person who did it (a system event, such as every party agreeing, to no one)."""

from agreements.content import LogEntry
from agreements.formatting import moment, person
from collaborations.models import Event, EventKind

LOG_KINDS = [
    EventKind.VERSION_SENT,
    EventKind.ANSWER_GIVEN,
    EventKind.ALL_AGREED,
    EventKind.AGREEMENT_SENT,
    EventKind.APPROVAL_GIVEN,
    EventKind.CHANGES_WANTED,
    EventKind.ALL_APPROVED,
]


def log_entries(collaboration) -> list[LogEntry]:
    """The log appendix of `collaboration`'s agreement, oldest first. One query."""
    events = (
        Event.objects.filter(collaboration=collaboration, kind__in=LOG_KINDS)
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    return [
        LogEntry(
            at=moment(event.created_at),
            event=event.get_kind_display(),
            detail=event.detail,
            actor=person(event.actor),
        )
        for event in events
    ]
