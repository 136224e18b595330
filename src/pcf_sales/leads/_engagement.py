"""Engagement: what a lead did that marketing automation or sales recorded."""

from __future__ import annotations

from enum import Enum

import attrs
import pendulum

from pcf_sales.core import CampaignId
from pcf_sales.core._validate import (
    is_enum,
    is_id,
    is_instant,
    is_text,
    optional,
    to_instant,
    to_optional_text,
)

__all__ = ["Engagement", "EngagementKind"]


class EngagementKind(Enum):
    """The kinds of engagement the funnel's Engage and Convert stages track."""

    EMAIL_OPEN = "email_open"
    EMAIL_CLICK = "email_click"
    WEB_VISIT = "web_visit"
    FORM_SUBMISSION = "form_submission"
    WEBINAR_ATTENDANCE = "webinar_attendance"
    CONTENT_DOWNLOAD = "content_download"
    EVENT = "event"
    """Attended an event (trade show, workshop, meetup)."""
    SALES_TOUCH = "sales_touch"
    """A call, email or meeting with a salesperson that got a response."""


@attrs.frozen(kw_only=True)
class Engagement:
    """One engagement of a lead, at the instant it happened.

    ``campaign_id`` ties it to the campaign that prompted it; ``detail`` is
    free text such as the page, the asset or the event name.

    >>> webinar = Engagement(
    ...     kind=EngagementKind.WEBINAR_ATTENDANCE,
    ...     at=pendulum.datetime(2026, 5, 12, 16, tz="UTC"),
    ...     detail=" Pricing 101 ",
    ... )
    >>> webinar.detail, webinar.at.isoformat()
    ('Pricing 101', '2026-05-12T16:00:00+00:00')
    """

    kind: EngagementKind = attrs.field(validator=is_enum(EngagementKind))
    at: pendulum.DateTime = attrs.field(converter=to_instant, validator=is_instant)
    campaign_id: CampaignId | None = attrs.field(default=None, validator=optional(is_id))
    detail: str | None = attrs.field(
        default=None, converter=to_optional_text, validator=optional(is_text(max_length=500))
    )
