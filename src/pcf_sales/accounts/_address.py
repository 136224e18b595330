"""Postal addresses of accounts: free-form lines, and an ISO 3166 country that is checked."""

from __future__ import annotations

import attrs

from pcf_sales.core import CountryCode
from pcf_sales.core._contact_details import is_country
from pcf_sales.core._validate import is_text, optional, to_optional_text

__all__ = ["Address"]


@attrs.frozen(kw_only=True)
class Address:
    """A postal address. Only ``country`` is required; it must be an assigned
    ISO 3166-1 alpha-2 code in upper case.

    >>> Address(line1="1 Infinite Loop", city="Cupertino", region="CA",
    ...         postal_code="95014", country=CountryCode("US")).one_line()
    '1 Infinite Loop, Cupertino, CA 95014, US'
    >>> Address(country=CountryCode("de"))
    Traceback (most recent call last):
    ...
    pcf_sales.errors.ValidationError: country: got 'de'; expected an ISO 3166-1 alpha-2 code ...
    """

    line1: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=200))
    )
    line2: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=200))
    )
    city: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=120))
    )
    region: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=120))
    )
    postal_code: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=20))
    )
    country: CountryCode = attrs.field(validator=is_country)

    def one_line(self) -> str:
        """The address on one line, for lists and explanations."""
        locality = " ".join(part for part in (self.region, self.postal_code) if part)
        parts = (self.line1, self.line2, self.city, locality or None, self.country)
        return ", ".join(part for part in parts if part)
