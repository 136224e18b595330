"""Names as matching compares them: people's and companies', without case, accents or noise.

Matching (duplicate leads, existing accounts and contacts) looks records up by
keys built with these functions, so two spellings of one name meet under one
key: ``"José  Núñez"`` and ``"jose nunez"``, ``"Acme, Inc."`` and ``"ACME"``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from pcf_sales.core._validate import describe, fail

__all__ = ["LEGAL_FORMS", "normalised_company_name", "normalised_name"]

#: Legal-form words dropped from the end of a company name before matching
#: ("Acme GmbH & Co. KG" and "Acme" are one company to a salesperson). They
#: are compared after punctuation is removed, so "S.A." is "sa".
LEGAL_FORMS: Final = frozenset(
    {
        "ab", "ag", "aps", "as", "asa", "bv", "bvba", "co", "company", "corp", "corporation",
        "cv", "eg", "ev", "gbr", "gmbh", "inc", "incorporated", "kft", "kg", "kgaa", "kk",
        "limited", "llc", "llp", "lp", "ltd", "ltda", "mbh", "nv", "oy", "oyj", "plc", "pte",
        "pty", "sa", "sab", "sac", "sae", "sal", "sarl", "sas", "se", "spa", "sp", "srl", "sro",
        "ug", "zoo",
    }
)  # fmt: skip

_JOINING: Final = re.compile(r"[.'\u2019]")
_SEPARATING: Final = re.compile(r"[^\w\s]|_")


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def normalised_name(text: str) -> str:
    """A person's name for matching: accents removed, case folded, spaces collapsed.

    >>> normalised_name("  José   NÚÑEZ ")
    'jose nunez'
    """
    if not isinstance(text, str):
        fail("name", f"expected text, got {describe(text)}")
    return " ".join(_plain(text).split())


def normalised_company_name(text: str) -> str:
    """A company's name for matching.

    Accents and case are dropped, ``&`` reads as ``and``, dots and
    apostrophes vanish (``S.A.`` is ``sa``) and other punctuation separates
    words (``Coca-Cola`` is ``coca cola``). A leading ``the`` goes, and so do
    legal forms at the end (see :data:`LEGAL_FORMS`) with an ``and`` before
    them, unless nothing else would be left.

    >>> normalised_company_name("The Acme Company, Inc.")
    'acme'
    >>> normalised_company_name("Müller GmbH & Co. KG") == normalised_company_name("MULLER")
    True
    >>> normalised_company_name("AG")
    'ag'
    """
    if not isinstance(text, str):
        fail("name", f"expected text, got {describe(text)}")
    plain = _JOINING.sub("", _plain(text).replace("&", " and "))
    words = _SEPARATING.sub(" ", plain).split()
    while len(words) > 1 and words[0] == "the":
        words = words[1:]
    end = len(words)
    while end > 1 and (words[end - 1] in LEGAL_FORMS or words[end - 1] == "and"):
        end -= 1
    return " ".join(words[:end])
