"""The facts of an agency's year that sections 一 and 六 of the annual report state, as one value.

Built by the web layer from the records (`gongkai.web.facts.selectors.year_facts`) and read by the report's
drafting, which stays pure: "在政府门户网站主动公开…{portal_items}条，在政务微博和微信公众号发布信息
{new_media_posts}条 … 收到政府信息公开申请{applications_received}件 … 收取信息处理费{processing_fees_yuan}元".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.core.disclosure import MAX_COUNT, record_date_problem, record_year_problem
from gongkai.core.errors import FactsError

__all__ = ["YearFacts", "check_count", "check_fact_date", "check_fact_year"]


@dataclass(frozen=True)
class YearFacts:
    agency: str
    year: int
    # Register items published proactively in the year with the portal among their channels.
    portal_items: int
    # Posts on 政务微博 and 微信公众号 in the year (entered per channel).
    new_media_posts: int
    # Entered post counts per new-media channel (`gongkai.core.disclosure.PublicationChannel` values).
    posts_by_channel: Mapping[str, int]
    npc_suggestions_disclosed: int
    cppcc_proposals_disclosed: int
    open_days: int
    press_conferences: int
    # 信息处理费 collected in the year (fees paid), in 元.
    processing_fees_yuan: Decimal
    applications_received: int
    # Applications received in the year per channel (`applications.Channel` values).
    applications_by_channel: Mapping[str, int]
    # Every register item published proactively in the year, whatever its channels, and those published late
    # (Art. 26).
    items_published: int = 0
    items_published_late: int = 0
    # Register items published in the year per channel (an item on several channels counts on each).
    items_by_channel: Mapping[str, int] = field(default_factory=dict)
    # Other events of the year (kind → count), e.g. {"open_day": 1, "training": 2}.
    events_by_kind: Mapping[str, int] = field(default_factory=dict)

    @property
    def proposals_disclosed(self) -> int:
        return self.npc_suggestions_disclosed + self.cppcc_proposals_disclosed


def check_count(value: int, *, what: str) -> int:
    """A count entered by hand: a whole number from 0 to `MAX_COUNT`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise FactsError(f"{what}应为整数。", what=what)
    if value < 0:
        raise FactsError(f"{what}不能为负数。", what=what, value=value)
    if value > MAX_COUNT:
        raise FactsError(f"{what}{value}超过上限{MAX_COUNT}，请核对。", what=what, value=value)
    return value


def check_fact_date(day: dt.date, *, today: dt.date, what: str) -> dt.date:
    """`day`, or `FactsError` if it is after `today` or before the Regulations took effect."""
    problem = record_date_problem(day, today=today, what=what)
    if problem is not None:
        raise FactsError(problem, what=what, day=day.isoformat())
    return day


def check_fact_year(year: int, *, today: dt.date) -> int:
    """`year`, or `FactsError` if it has not begun or is before the Regulations took effect."""
    problem = record_year_problem(year, today=today)
    if problem is not None:
        raise FactsError(problem, year=year)
    return year
