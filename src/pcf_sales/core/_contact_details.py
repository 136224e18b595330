"""Contact details shared by leads, contacts and accounts: email, phone, web domain, country."""

from __future__ import annotations

import re
from typing import Any, Final, NewType

import attrs

from pcf_sales.core._countries import COUNTRIES, country
from pcf_sales.core._validate import (
    check_text,
    describe,
    fail,
    is_instance,
    optional,
    to_optional_text,
    to_text,
)
from pcf_sales.errors import ValidationError

__all__ = [
    "FREE_MAIL_DOMAINS",
    "CountryCode",
    "EmailAddress",
    "PersonDetails",
    "PhoneNumber",
    "company_domain",
    "is_country",
    "is_web_domain",
    "to_web_domain",
]

CountryCode = NewType("CountryCode", str)
"""An ISO 3166-1 alpha-2 country code such as ``'DE'``."""


def is_country(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: an assigned ISO 3166-1 alpha-2 code."""
    if not isinstance(value, str):
        fail(attr.name, f"expected an ISO 3166-1 alpha-2 code such as 'DE', got {describe(value)}")
    try:
        country(value)
    except ValidationError as error:  # it names "country"; name this field instead
        fail(attr.name, error.reason)


# --- email ---------------------------------------------------------------------------

_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
_TLD = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")


def _check_domain(domain: str, field: str) -> None:
    labels = domain.split(".")
    if len(domain) > 253 or len(labels) < 2:
        fail(field, f"{domain!r} is not a domain name with a dot, such as 'example.com'")
    for label in labels[:-1]:
        if not _LABEL.fullmatch(label):
            fail(field, f"{domain!r} has an invalid label {label!r}")
    if not _TLD.fullmatch(labels[-1]):
        fail(field, f"{domain!r} has an invalid top-level domain {labels[-1]!r}")


def _normalise_email(value: str) -> str:
    if not isinstance(value, str):
        return value
    text = value.strip()
    local, at, domain = text.rpartition("@")
    if not at:
        return text
    return f"{local}@{domain.lower()}"


def _email(inst: object, attr: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        fail("email", f"expected an email address, got {describe(value)}")
    local, at, domain = value.rpartition("@")
    if not at or not local:
        fail("email", f"{value!r} is not an email address: expected name@domain")
    if len(value) > 254:  # the longest address mail can be sent to (RFC 5321 path limit)
        fail("email", f"an address has at most 254 characters, this one has {len(value)}")
    if len(local) > 64 or not _LOCAL.fullmatch(local):
        fail("email", f"{value!r} has an invalid part before the @")
    _check_domain(domain, "email")


@attrs.frozen
class EmailAddress:
    """A syntactically valid email address.

    The domain is lower-cased; the part before the ``@`` is kept as given,
    and :attr:`normalised` (all lower case) is what matching compares.

    >>> e = EmailAddress(" Jane.Doe@Example.COM ")
    >>> e.address, e.normalised, e.domain
    ('Jane.Doe@example.com', 'jane.doe@example.com', 'example.com')
    """

    address: str = attrs.field(converter=_normalise_email, validator=_email)

    @property
    def normalised(self) -> str:
        """The address in lower case, for comparing and matching."""
        return self.address.lower()

    @property
    def domain(self) -> str:
        """The part after the ``@``."""
        return self.address.rpartition("@")[2]

    @property
    def is_free_mail(self) -> bool:
        """True for addresses at public mail providers (which say nothing about a company)."""
        return self.domain in FREE_MAIL_DOMAINS

    def __str__(self) -> str:
        return self.address


#: Public mail providers: an address there does not identify the company.
FREE_MAIL_DOMAINS: Final = frozenset(
    {
        "126.com", "163.com", "aol.com", "btinternet.com", "comcast.net", "fastmail.com",
        "free.fr", "gmail.com", "gmx.at", "gmx.de", "gmx.net", "googlemail.com", "hey.com",
        "hotmail.co.uk", "hotmail.com", "hotmail.de", "hotmail.fr", "icloud.com", "laposte.net",
        "libero.it", "live.com", "mac.com", "mail.com", "mail.ru", "me.com", "msn.com",
        "orange.fr", "outlook.com", "proton.me", "protonmail.com", "qq.com", "t-online.de",
        "web.de", "yahoo.co.jp", "yahoo.co.uk", "yahoo.com", "yahoo.de", "yahoo.fr",
        "yandex.com", "yandex.ru", "ymail.com", "zoho.com",
    }
)  # fmt: skip


# --- web domain ----------------------------------------------------------------------

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")


def to_web_domain(value: str | None) -> str | None:
    """Normalise a web address to its bare domain: ``https://www.Acme.com/x`` -> ``acme.com``."""
    if not isinstance(value, str):
        return value
    text = value.strip().lower()
    if not text:
        return None
    text = _SCHEME.sub("", text)
    text = text.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    text = text.rsplit("@", 1)[-1].split(":", 1)[0].rstrip(".")
    # Strip every leading "www." (so normalising twice changes nothing), but
    # never the one that would leave a bare top-level domain ("www.com").
    while text.startswith("www.") and text.count(".") >= 2:
        text = text[len("www.") :]
    return text


def is_web_domain(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: ``None`` or a domain name as :func:`to_web_domain` leaves it."""
    if value is None:
        return
    if not isinstance(value, str):
        fail(attr.name, f"expected a web domain such as 'example.com', got {describe(value)}")
    _check_domain(value, attr.name)


def company_domain(domain: str | None, email: EmailAddress | None) -> str | None:
    """The company's web domain: the one given, else the email's unless it is free mail."""
    if domain:
        return domain
    if email is not None and not email.is_free_mail:
        return email.domain
    return None


# --- phone ---------------------------------------------------------------------------

_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
_FORMATTING = re.compile(r"[\s\-().\u00a0/]")


def _phone(inst: object, attr: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _E164.fullmatch(value):
        fail(
            "phone",
            f"expected an E.164 number such as '+4930123456' (use PhoneNumber.parse for other "
            f"formats), got {describe(value)}",
        )


@attrs.frozen
class PhoneNumber:
    """A phone number in E.164 form: ``+`` then 7 to 15 digits, nothing else.

    Build one from what people type with :meth:`parse`:

    >>> PhoneNumber.parse("(030) 1234-5678", country="DE")
    PhoneNumber(e164='+493012345678')
    >>> PhoneNumber.parse("+1 415 555 0100").e164
    '+14155550100'
    """

    e164: str = attrs.field(converter=to_text, validator=_phone)

    @classmethod
    def parse(cls, text: str, *, country: str | None = None) -> PhoneNumber:
        """Normalise ``text`` to E.164.

        International forms (``+49 ...``, ``0049 ...``) need nothing else; a
        bracketed trunk prefix in them (``+44 (0)20 ...``) is dropped. A
        national form needs ``country`` (ISO 3166-1 alpha-2): its calling code
        is added and its trunk prefix (the leading ``0`` in most countries,
        ``1`` in North America, ``8`` in Russia) dropped. Extensions are not
        part of an E.164 number and are refused.
        """
        if not isinstance(text, str):
            fail("phone", f"expected text, got {describe(text)}")
        raw = text.strip()
        if re.search(r"[A-Za-z]", raw):
            fail("phone", f"{raw!r} contains letters; give the number only, without extension")
        # "+44 (0)20 ...": the bracketed trunk prefix is dialled only nationally.
        raw_digits = raw.replace("(0)", "", 1) if raw.startswith(("+", "00")) else raw
        compact = _FORMATTING.sub("", raw_digits)
        if compact.startswith("+"):
            digits = compact[1:]
        elif compact.startswith("00"):
            digits = compact[2:]
        else:
            if country is None:
                fail(
                    "phone",
                    f"{raw!r} is a national number; give it as +<country code>... "
                    "or pass the country it belongs to",
                )
            info = COUNTRIES.get(country)
            if info is None or info.calling_code is None:
                fail("country", f"no calling code is known for {country!r}")
            national = compact
            if info.calling_code == "1" and national.startswith("011"):
                digits = national[3:]
            else:
                trunk = info.trunk_prefix
                if trunk and national.startswith(trunk):
                    national = national[len(trunk) :]
                digits = info.calling_code + national
        if not digits.isdigit():
            fail("phone", f"{raw!r} contains characters that are not digits")
        return cls(f"+{digits}")

    def __str__(self) -> str:
        return self.e164


# --- a person ------------------------------------------------------------------------


def _optional_name(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_text(value, attr.name, max_length=120)


def _optional_title(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_text(value, attr.name, max_length=200)


@attrs.frozen(kw_only=True)
class PersonDetails:
    """Who a person is and how to reach them. Every field is optional; the
    records that hold a person say which they require.

    >>> p = PersonDetails(first_name="Ada", last_name="Lovelace",
    ...                   email=EmailAddress("ada@analytical.example"))
    >>> p.full_name
    'Ada Lovelace'
    """

    first_name: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=_optional_name
    )
    last_name: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=_optional_name
    )
    email: EmailAddress | None = attrs.field(
        default=None, validator=optional(is_instance(EmailAddress))
    )
    phone: PhoneNumber | None = attrs.field(
        default=None, validator=optional(is_instance(PhoneNumber))
    )
    title: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=_optional_title
    )

    @property
    def full_name(self) -> str:
        """First and last name joined, or whichever of them is known, or ``''``."""
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def is_reachable(self) -> bool:
        """True when there is an email address or a phone number."""
        return self.email is not None or self.phone is not None
