"""Normalising a value that is already normal changes nothing (documents round-trip)."""

from __future__ import annotations

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from pcf_sales.core import EmailAddress
from pcf_sales.core._contact_details import to_web_domain
from pcf_sales.testing import strategies

_HOSTS = st.from_regex(
    r"(https?://)?(www\.){0,3}([a-z0-9]{1,8}\.){0,2}[a-z]{2,6}(/[a-z]*)?", fullmatch=True
)


@given(_HOSTS)
def test_a_web_domain_normalised_twice_is_normalised_once(text: str) -> None:
    once = to_web_domain(text)
    assert to_web_domain(once) == once


def test_a_doubled_www_prefix_is_removed_completely() -> None:
    assert to_web_domain("www.www.acme.example") == "acme.example"


def test_www_is_kept_when_removing_it_would_leave_a_bare_top_level_domain() -> None:
    assert to_web_domain("www.com") == "www.com"


@given(strategies.email_addresses())
def test_an_email_address_built_from_its_own_text_is_equal(email: EmailAddress) -> None:
    assert EmailAddress(email.address) == email


def test_dates_accepts_a_single_pendulum_bound() -> None:
    day = pendulum.Date(2026, 1, 1)

    @given(strategies.dates(min_value=day))
    def check(drawn: pendulum.Date) -> None:
        assert drawn >= day

    check()
