"""Checks of a request's parts: unique keys, and references to requirements that exist."""

from __future__ import annotations

from typing import Any

import attrs

from pcf_sales.core import HistoryEntry
from pcf_sales.core._validate import fail, is_tuple_of
from pcf_sales.proposals._compliance import ComplianceAnswer
from pcf_sales.proposals._requirements import Clarification, Question, Requirement

__all__ = [
    "answers",
    "check_references",
    "clarifications",
    "history",
    "questions",
    "requirements",
]


def _unique_keys(value: Any, name: str, key: str) -> None:
    seen: set[str] = set()
    for index, item in enumerate(value):
        found = getattr(item, key)
        if found in seen:
            fail(f"{name}[{index}]", f"key {found!r} is used twice")
        seen.add(found)


def requirements(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(Requirement)(inst, attr, value)
    _unique_keys(value, attr.name, "key")


def questions(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(Question)(inst, attr, value)
    _unique_keys(value, attr.name, "key")


def answers(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(ComplianceAnswer)(inst, attr, value)
    _unique_keys(value, attr.name, "requirement_key")


def clarifications(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(Clarification)(inst, attr, value)


def history(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(HistoryEntry)(inst, attr, value)


def check_references(
    requirements: tuple[Requirement, ...],
    questions: tuple[Question, ...],
    clarifications: tuple[Clarification, ...],
    compliance: tuple[ComplianceAnswer, ...],
) -> None:
    keys = {r.key for r in requirements}
    for index, question in enumerate(questions):
        if question.requirement_key is not None and question.requirement_key not in keys:
            fail(f"questions[{index}].requirement_key", "names no requirement of the request")
    for index, note in enumerate(clarifications):
        if note.requirement_key is not None and note.requirement_key not in keys:
            fail(f"clarifications[{index}].requirement_key", "names no requirement of the request")
    for index, answer in enumerate(compliance):
        if answer.requirement_key not in keys:
            fail(f"compliance[{index}].requirement_key", "names no requirement of the request")
