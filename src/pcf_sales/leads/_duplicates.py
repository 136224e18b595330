"""Duplicate suspects: existing leads that may be the same person as a new one.

Matching is by blocking keys, never by comparing all pairs: the existing
leads are indexed once by normalised email and by company domain plus
normalised name, and a new lead is looked up by its own keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

import attrs

from pcf_sales.core import LeadId
from pcf_sales.core._names import normalised_name
from pcf_sales.core._validate import describe, fail, is_enum, is_id, is_tuple_of, to_tuple
from pcf_sales.leads._lead import Lead

__all__ = ["DuplicateSuspect", "MatchReason", "find_duplicate_suspects", "normalised_name"]


class MatchReason(Enum):
    """Why an existing lead is suspected to be the same person."""

    SAME_EMAIL = "same_email"
    """The email addresses are equal, ignoring case."""
    SAME_COMPANY_AND_NAME = "same_company_and_name"
    """Same company domain and the same full name, ignoring case and accents."""


def _reasons(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    is_tuple_of(is_enum(MatchReason), unique=True)(inst, attr, value)
    if not value:
        fail(attr.name, "a suspect has at least one reason")


@attrs.frozen(kw_only=True)
class DuplicateSuspect:
    """An existing lead that may be a duplicate, and the keys it shares."""

    lead_id: LeadId = attrs.field(validator=is_id)
    reasons: tuple[MatchReason, ...] = attrs.field(converter=to_tuple, validator=_reasons)


def _email_key(lead: Lead) -> str | None:
    email = lead.person.email
    return None if email is None else email.normalised


def _company_name_key(lead: Lead) -> tuple[str, str] | None:
    domain = lead.company_domain
    name = normalised_name(lead.person.full_name)
    if domain is None or not name:
        return None
    return (domain, name)


@attrs.frozen
class _DuplicateIndex:
    """Existing leads indexed by their matching keys, built once, looked up many times."""

    by_email: dict[str, tuple[LeadId, ...]] = attrs.field(repr=False)
    by_company_name: dict[tuple[str, str], tuple[LeadId, ...]] = attrs.field(repr=False)

    @classmethod
    def build(cls, leads: Iterable[Lead]) -> _DuplicateIndex:
        """Index ``leads`` by normalised email and by company domain plus name."""
        # dicts as ordered sets: a lead listed twice (two revisions) is one suspect
        by_email: dict[str, dict[LeadId, None]] = {}
        by_company_name: dict[tuple[str, str], dict[LeadId, None]] = {}
        for index, lead in enumerate(leads):
            if not isinstance(lead, Lead):
                fail(f"leads[{index}]", f"expected a Lead, got {describe(lead)}")
            email = _email_key(lead)
            if email is not None:
                by_email.setdefault(email, {})[lead.id] = None
            key = _company_name_key(lead)
            if key is not None:
                by_company_name.setdefault(key, {})[lead.id] = None
        return cls(
            {k: tuple(v) for k, v in by_email.items()},
            {k: tuple(v) for k, v in by_company_name.items()},
        )

    def suspects(self, lead: Lead) -> tuple[DuplicateSuspect, ...]:
        """Existing leads that may be ``lead`` (never ``lead`` itself), strongest first:
        those sharing the email come before those sharing only company and name."""
        if not isinstance(lead, Lead):
            fail("lead", f"expected a Lead, got {describe(lead)}")
        found: dict[LeadId, list[MatchReason]] = {}
        email = _email_key(lead)
        for other in self.by_email.get(email, ()) if email is not None else ():
            found.setdefault(other, []).append(MatchReason.SAME_EMAIL)
        key = _company_name_key(lead)
        for other in self.by_company_name.get(key, ()) if key is not None else ():
            found.setdefault(other, []).append(MatchReason.SAME_COMPANY_AND_NAME)
        found.pop(lead.id, None)
        ranked = sorted(
            found.items(), key=lambda item: (MatchReason.SAME_EMAIL not in item[1], item[0])
        )
        return tuple(DuplicateSuspect(lead_id=i, reasons=tuple(r)) for i, r in ranked)


def find_duplicate_suspects(lead: Lead, existing: Iterable[Lead]) -> tuple[DuplicateSuspect, ...]:
    """Existing leads that may be the same person as ``lead``.

    A match is the same email address (ignoring case), or the same company
    domain and the same full name (ignoring case and accents). The company
    domain is the one recorded, or else the email's when it is not a
    free-mail address. Existing leads are indexed by these keys first, so
    the cost grows with their number, not with the number of pairs.
    """
    return _DuplicateIndex.build(existing).suspects(lead)
