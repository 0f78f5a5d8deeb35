"""Writing the event log: one append-only entry per change of state (collaborations.models.Event)."""

DETAIL_LENGTH = 300


def record_event(*, collaboration, kind, actor, detail=""):
    """Append what happened (`kind`, an EventKind), by whom (`actor`, None for the system) and a short
    `detail` to the collaboration's log. Through the collaboration's own relation, so that this core
    module depends on no app."""
    return collaboration.events.create(kind=kind, actor=actor, detail=detail[:DETAIL_LENGTH])
