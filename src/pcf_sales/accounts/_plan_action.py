"""Actions of a key account plan: who does what by when, with their own small lifecycle.

A :class:`PlanAction` lives inside its :class:`KeyAccountPlan` and changes
only through the plan's commands (``add_action``, ``start_action``, ...),
each of which also runs the action's own lifecycle table,
:data:`PLAN_ACTION_LIFECYCLE`. So an action has its own history (who started
it, who finished it, when) as well as leaving an entry in the plan's.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Final

import attrs
import pendulum

from pcf_sales.accounts._plan_values import is_key
from pcf_sales.core import HistoryEntry, Lifecycle, PlanActionId, Transition, UserId
from pcf_sales.core._validate import (
    is_date,
    is_enum,
    is_id,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_date,
    to_optional_text,
    to_text,
    to_tuple,
)

__all__ = ["PLAN_ACTION_LIFECYCLE", "PlanAction", "PlanActionStatus"]


class PlanActionStatus(Enum):
    """Where an action of a key account plan stands."""

    OPEN = "open"
    """Agreed, not started."""
    IN_PROGRESS = "in_progress"
    """Someone is on it."""
    DONE = "done"
    """Finished, with its outcome."""
    CANCELLED = "cancelled"
    """Dropped, for a stated reason."""


def _history(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(HistoryEntry)(inst, attr, value)


@attrs.frozen(kw_only=True)
class PlanAction:
    """One action of a key account plan: a title, an owner, a due day, an outcome.

    ``objective_key`` ties it to an objective of the plan (or to none).
    """

    id: PlanActionId = attrs.field(validator=is_id)
    status: PlanActionStatus = attrs.field(validator=is_enum(PlanActionStatus))
    revision: int = attrs.field(validator=is_int(minimum=1))
    history: tuple[HistoryEntry[PlanActionStatus], ...] = attrs.field(
        converter=to_tuple, validator=_history
    )
    title: str = attrs.field(converter=to_text, validator=is_text(max_length=200))
    owner: UserId = attrs.field(validator=is_id)
    due: pendulum.Date = attrs.field(converter=to_date, validator=is_date)
    objective_key: str | None = attrs.field(default=None, validator=optional(is_key))
    outcome: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=2000))
    )

    def __attrs_post_init__(self) -> None:
        PLAN_ACTION_LIFECYCLE.check_history(self)

    @property
    def is_finished(self) -> bool:
        """True for done or cancelled actions."""
        return self.status in (PlanActionStatus.DONE, PlanActionStatus.CANCELLED)

    def is_overdue(self, as_of: pendulum.Date) -> bool:
        """True when the action is unfinished and its due day is before ``as_of``."""
        return not self.is_finished and self.due < as_of


_UNFINISHED: Final = frozenset({PlanActionStatus.OPEN, PlanActionStatus.IN_PROGRESS})
_FINISHED: Final = frozenset({PlanActionStatus.DONE, PlanActionStatus.CANCELLED})

PLAN_ACTION_LIFECYCLE: Lifecycle[PlanActionStatus, PlanAction] = Lifecycle(
    aggregate="PlanAction",
    states=PlanActionStatus,
    initial=PlanActionStatus.OPEN,
    terminal=frozenset(),
    creation="add",
    creation_event="added",
    transitions=(
        Transition(
            command="start",
            event="started",
            sources={PlanActionStatus.OPEN},
            target=PlanActionStatus.IN_PROGRESS,
        ),
        Transition(
            command="complete",
            event="completed",
            sources=_UNFINISHED,
            target=PlanActionStatus.DONE,
        ),
        Transition(
            command="cancel",
            event="cancelled",
            sources=_UNFINISHED,
            target=PlanActionStatus.CANCELLED,
            needs_reason=True,
        ),
        Transition(
            command="reopen",
            event="reopened",
            sources=_FINISHED,
            target=PlanActionStatus.OPEN,
            needs_reason=True,
        ),
        Transition(command="reassign", event="reassigned", sources=_UNFINISHED),
        Transition(command="reschedule", event="rescheduled", sources=_UNFINISHED),
    ),
)
"""An action's lifecycle: open → in progress → done, or cancelled (with a reason) while
unfinished; a finished action can be reopened (with a reason). Only unfinished actions
are reassigned or rescheduled."""
