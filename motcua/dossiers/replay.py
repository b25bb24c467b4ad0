"""Rebuild a dossier's current state from its events, and compare it with what is stored.

Events are the source of truth: each carries the state it left behind, and the signature event
carries what its classification was computed from, so the class can be derived again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from motcua.dossiers.models import Dossier, DossierClock, DossierEvent
from motcua.dossiers.timing import classify

INSTANTS = ("due_at", "new_due_at", "paused_at", "resolved_at", "returned_at")
PLAIN = ("timeliness", "current_step", "supplement_requests")


def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def iso(value: datetime | None) -> str | None:
    """An instant as events store it."""
    return value.isoformat() if value else None


def snapshot(dossier: Dossier) -> dict[str, Any]:
    """The denormalised columns as an event records them (JSON: instants in ISO 8601)."""
    data: dict[str, Any] = {key: iso(getattr(dossier, key)) for key in INSTANTS}
    data.update(
        timeliness=dossier.timeliness,
        current_step=dossier.current_step_id,
        supplement_requests=dossier.supplement_requests,
    )
    return data


def instants(data: dict[str, Any]) -> dict[str, datetime | None]:
    """The instants of a snapshot, as datetimes."""
    return {key: _instant(data.get(key)) for key in INSTANTS}


def rebuild(events: Iterable[DossierEvent]) -> dict[str, Any]:
    """The state after the last event; `derived_timeliness` is recomputed from the signature."""
    state: dict[str, Any] = {}
    for event in events:
        state["status"] = event.to_status
        state.update(instants(event.data))
        for key in PLAIN:
            state[key] = event.data.get(key)
        if not state["timeliness"]:
            state.pop("derived_timeliness", None)  # the signature was undone
        if event.action == "sign":
            state["derived_timeliness"] = classify(
                finished_at=event.at,
                due_at=_instant(event.data.get("due_at")),
                supplement_requests=int(event.data.get("supplement_requests") or 0),
            ).value
    return state


# Actions that happen once per step: the same one twice on one step is a duplicate record.
ONCE_PER_STEP = frozenset({"take", "forward", "approve", "sign", "refuse", "return_result"})


def duplicates(events: Iterable[DossierEvent]) -> list[str]:
    """Events that repeat a once-per-step action on the same step, with nothing undone between."""
    seen: set[tuple[str, int | None]] = set()
    found = []
    for event in events:
        if event.action == "undo":
            seen.clear()  # what was undone may be done again
            continue
        if event.action not in ONCE_PER_STEP:
            continue
        key = (event.action, event.step_id)
        if key in seen:
            found.append(f"duplicate event: {event.action} twice on step {event.step_id}")
        seen.add(key)
    return found


def differences(dossier: Dossier, events: Iterable[DossierEvent]) -> list[str]:
    """What the stored dossier says that its events do not (empty when they agree), and any
    event recorded twice."""
    events = list(events)
    state = rebuild(events)
    if not state:
        return ["no event"]
    stored = {
        "status": dossier.status,
        **{key: getattr(dossier, key) for key in INSTANTS},
        "timeliness": dossier.timeliness,
        "current_step": dossier.current_step_id,
        "supplement_requests": dossier.supplement_requests,
    }
    found = [
        f"{key}: stored {stored[key]!r}, events say {state.get(key)!r}"
        for key in stored
        if stored[key] != state.get(key)
    ]
    derived = state.get("derived_timeliness")
    if derived is not None and derived != dossier.timeliness:
        found.append(f"timeliness: stored {dossier.timeliness!r}, derived {derived!r}")
    return found + duplicates(events)


def clock_differences(dossier: Dossier, in_force: list[DossierClock]) -> list[str]:
    """Where the deadline history's row in force disagrees with the dossier's clock."""
    state = dossier.clock_state
    if state is None:
        return (
            [f"deadline history: {len(in_force)} rows in force before receipt"] if in_force else []
        )
    if len(in_force) != 1:
        return [f"deadline history: {len(in_force)} rows in force, not 1"]
    row = in_force[0]
    recorded = (row.due_at, row.paused, row.new_due_at)
    if recorded != state:
        return [f"deadline history: in force {recorded!r}, dossier {state!r}"]
    return []
