"""The sales process (PCF 3.5.1.6): ordered stages with probabilities, forecast categories,
norms and exit criteria."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum
from typing import Any, Final, cast

import attrs

from pcf_sales.core import Percentage
from pcf_sales.core._validate import (
    describe,
    fail,
    is_enum,
    is_int,
    is_text,
    is_tuple_of,
    optional,
    to_optional_text,
    to_text,
    to_tuple,
)

__all__ = ["ExitCriterion", "ForecastCategory", "SalesProcess", "Stage"]

_KEY: Final = re.compile(r"[a-z][a-z0-9_]{0,63}")


class ForecastCategory(Enum):
    """How confident the seller is that a deal closes in its period (the forecast roll-up)."""

    PIPELINE = "pipeline"
    """Early: possible, not yet likely."""
    BEST_CASE = "best_case"
    """Could close this period if things go well."""
    COMMIT = "commit"
    """The seller commits to closing it this period."""
    CLOSED = "closed"
    """Won. Only won opportunities are in this category."""
    OMITTED = "omitted"
    """Left out of the forecast: lost, or parked on purpose."""


def _key(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _KEY.fullmatch(value):
        fail(
            attr.name,
            "expected a key of lower case letters, digits and _ starting with a letter "
            f"(up to 64), got {describe(value)}",
        )


@attrs.frozen(kw_only=True)
class ExitCriterion:
    """One item of a stage's exit checklist: what must be true before a deal leaves the stage.

    ``key`` is unique within its sales process; the opportunity's checklist
    records the keys that are done.
    """

    key: str = attrs.field(validator=_key)
    label: str = attrs.field(converter=to_text, validator=is_text(max_length=200))


def _probability(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Percentage):
        fail(attr.name, f"expected a Percentage, got {describe(value)}")
    if not 0 <= value.percent <= 100:
        fail(attr.name, f"a win probability is between 0 and 100 %, got {value}")


def _open_category(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_enum(ForecastCategory)(inst, attr, value)
    if value is ForecastCategory.CLOSED:
        fail(attr.name, "an open stage cannot be in the closed category (that is for won deals)")


def _criteria(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(ExitCriterion)(inst, attr, value)
    seen: set[str] = set()
    for index, criterion in enumerate(cast("tuple[ExitCriterion, ...]", value)):
        if criterion.key in seen:
            fail(f"{attr.name}[{index}]", f"criterion {criterion.key!r} is listed twice")
        seen.add(criterion.key)


@attrs.frozen(kw_only=True)
class Stage:
    """One open stage of a sales process.

    ``probability`` is the default win probability of a deal in the stage,
    ``forecast_category`` its default category, ``exit_criteria`` what must
    be done before a deal moves past it, and ``norm_days`` how long a deal
    usually stays (deals that stay longer show up as aging in the pipeline).
    """

    key: str = attrs.field(validator=_key)
    name: str = attrs.field(converter=to_text, validator=is_text(max_length=80))
    probability: Percentage = attrs.field(validator=_probability)
    forecast_category: ForecastCategory = attrs.field(validator=_open_category)
    exit_criteria: tuple[ExitCriterion, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_criteria
    )
    norm_days: int | None = attrs.field(
        default=None, validator=optional(is_int(minimum=1, maximum=3650))
    )
    description: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=500))
    )


def _stages(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(Stage)(inst, attr, value)
    stages = cast("tuple[Stage, ...]", value)
    if not stages:
        fail(attr.name, "a sales process has at least one stage")
    keys: set[str] = set()
    criteria: dict[str, str] = {}
    for index, stage in enumerate(stages):
        if stage.key in keys:
            fail(f"{attr.name}[{index}].key", f"stage {stage.key!r} is listed twice")
        keys.add(stage.key)
        for position, criterion in enumerate(stage.exit_criteria):
            other = criteria.get(criterion.key)
            if other is not None:
                fail(
                    f"{attr.name}[{index}].exit_criteria[{position}]",
                    f"criterion {criterion.key!r} is already an exit criterion of {other!r}; "
                    "criterion keys are unique within a process",
                )
            criteria[criterion.key] = stage.key


@attrs.frozen(kw_only=True)
class SalesProcess:
    """The ordered open stages a deal moves through before it is won or lost.

    Deals move forward and back between stages; moving forward past a stage
    needs its exit criteria done (a guard that can be overridden with a
    reason). Winning a deal counts as leaving every stage from its current
    one to the last. :meth:`default` is a five-stage B2B process.

    >>> process = SalesProcess.default()
    >>> [stage.key for stage in process.stages]
    ['qualify', 'discover', 'demonstrate', 'propose', 'negotiate']
    >>> str(process.stage("propose").probability), process.stage("propose").forecast_category.value
    ('60 %', 'best_case')
    """

    name: str = attrs.field(converter=to_text, validator=is_text(max_length=80))
    stages: tuple[Stage, ...] = attrs.field(converter=to_tuple, validator=_stages)
    _positions: dict[str, int] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_positions", {s.key: i for i, s in enumerate(self.stages)})

    @classmethod
    def from_stages(cls, name: str, stages: Iterable[Stage]) -> SalesProcess:
        """A process named ``name`` with ``stages`` in order."""
        return cls(name=name, stages=tuple(stages))

    @classmethod
    def default(cls) -> SalesProcess:
        """A five-stage B2B process: qualify, discover, demonstrate, propose, negotiate.

        Probabilities rise from 10 % to 80 %; the first two stages forecast as
        pipeline, demonstrate and propose as best case, negotiate as commit.
        Each stage has two exit criteria and a norm of two to three weeks.
        """
        return _DEFAULT

    # -- asking the process --------------------------------------------------------------

    @property
    def first(self) -> Stage:
        """The stage new deals start in unless told otherwise."""
        return self.stages[0]

    @property
    def keys(self) -> tuple[str, ...]:
        """The stage keys in order."""
        return tuple(stage.key for stage in self.stages)

    @property
    def criterion_keys(self) -> frozenset[str]:
        """Every exit criterion key of every stage."""
        return frozenset(c.key for stage in self.stages for c in stage.exit_criteria)

    def has_stage(self, key: str) -> bool:
        """True when ``key`` names a stage of this process."""
        return key in self._positions

    def index_of(self, key: str) -> int:
        """The position of stage ``key`` (0 for the first); a ``ValidationError`` if unknown."""
        position = self._positions.get(key) if isinstance(key, str) else None
        if position is None:
            fail(
                "stage", f"{key!r} is not a stage of {self.name!r}; stages: {', '.join(self.keys)}"
            )
        return position

    def stage(self, key: str) -> Stage:
        """The stage named ``key``; a ``ValidationError`` naming ``stage`` if unknown."""
        return self.stages[self.index_of(key)]

    def criteria_to_leave(self, start: int, stop: int) -> tuple[tuple[Stage, ExitCriterion], ...]:
        """The exit criteria of the stages at positions ``start`` up to ``stop`` (excluded):
        what must be done to move from stage ``start`` to stage ``stop``."""
        return tuple(
            (stage, criterion)
            for stage in self.stages[max(start, 0) : max(stop, 0)]
            for criterion in stage.exit_criteria
        )

    def find_criterion(self, key: str) -> tuple[Stage, ExitCriterion] | None:
        """The stage and criterion with ``key``, or ``None``."""
        for stage in self.stages:
            for criterion in stage.exit_criteria:
                if criterion.key == key:
                    return stage, criterion
        return None


def _stage(
    key: str,
    name: str,
    probability: int,
    category: ForecastCategory,
    norm_days: int,
    *criteria: tuple[str, str],
) -> Stage:
    return Stage(
        key=key,
        name=name,
        probability=Percentage(probability),
        forecast_category=category,
        exit_criteria=tuple(ExitCriterion(key=k, label=label) for k, label in criteria),
        norm_days=norm_days,
    )


_DEFAULT: Final = SalesProcess(
    name="B2B default",
    stages=(
        _stage(
            "qualify", "Qualify", 10, ForecastCategory.PIPELINE, 14,
            ("budget_confirmed", "Budget confirmed"),
            ("decision_maker_identified", "Decision maker identified"),
        ),
        _stage(
            "discover", "Discover needs", 20, ForecastCategory.PIPELINE, 21,
            ("needs_documented", "Needs and pains documented"),
            ("success_criteria_agreed", "Success criteria agreed with the customer"),
        ),
        _stage(
            "demonstrate", "Demonstrate solution", 40, ForecastCategory.BEST_CASE, 21,
            ("solution_demonstrated", "Solution demonstrated"),
            ("technical_fit_confirmed", "Technical fit confirmed"),
        ),
        _stage(
            "propose", "Propose", 60, ForecastCategory.BEST_CASE, 14,
            ("proposal_sent", "Proposal sent"),
            ("decision_process_mapped", "Decision process and timeline mapped"),
        ),
        _stage(
            "negotiate", "Negotiate", 80, ForecastCategory.COMMIT, 14,
            ("terms_agreed", "Commercial terms agreed"),
            ("paperwork_out", "Paperwork out for signature"),
        ),
    ),
)  # fmt: skip
