"""The year's facts for the annual report (`year_facts`, the contract with the annual-report drafting)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet

from gongkai.core.disclosure import DisclosureAttribute, ItemState, PublicationChannel
from gongkai.core.facts import YearFacts
from gongkai.web.agencies.models import Agency
from gongkai.web.applications.selectors import applications_received_by_channel, fees_collected
from gongkai.web.disclosure.models import ItemChannel, RegisterItem
from gongkai.web.facts.models import ChannelPosts, OutreachEvent, ProposalResponse

__all__ = ["YearFacts", "events_of", "posts_of", "proposals_of", "year_facts"]


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def posts_of(agency: Agency, year: int) -> QuerySet[ChannelPosts]:
    return ChannelPosts.objects.filter(agency=agency, year=year).order_by("channel")


def proposals_of(agency: Agency, year: int) -> QuerySet[ProposalResponse]:
    first, last = _bounds(year)
    return ProposalResponse.objects.filter(
        agency=agency, answered_on__gte=first, answered_on__lte=last
    ).order_by("answered_on", "id")


def events_of(agency: Agency, year: int) -> QuerySet[OutreachEvent]:
    first, last = _bounds(year)
    return OutreachEvent.objects.filter(agency=agency, held_on__gte=first, held_on__lte=last).order_by(
        "held_on", "id"
    )


def year_facts(*, agency: Agency, year: int) -> YearFacts:
    """The facts sections 一 and 六 state, from the records.

    portal_items: register items published proactively in the year with the portal among their channels;
    new_media_posts: the entered 微博 and 微信公众号 counts; proposals: responses disclosed (published) in the year;
    open_days and press_conferences: events held in the year; processing_fees_yuan: 信息处理费 whose payment was
    recorded in the year; applications: received (Art. 31 receipt date) in the year.
    """
    first, last = _bounds(year)
    published = RegisterItem.objects.filter(
        agency=agency,
        attribute=DisclosureAttribute.PROACTIVE.value,
        state=ItemState.PUBLISHED.value,
        published_on__gte=first,
        published_on__lte=last,
    )
    by_channel = dict(
        ItemChannel.objects.filter(item__in=published)
        .values_list("channel")
        .annotate(n=Count("item"))
        .order_by()
    )
    posts = dict(posts_of(agency, year).values_list("channel", "count"))
    proposals = dict(
        ProposalResponse.objects.filter(agency=agency, disclosed_on__gte=first, disclosed_on__lte=last)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    events = dict(events_of(agency, year).values_list("kind").annotate(n=Count("id")).order_by())
    applications = applications_received_by_channel(agency_ids=[agency.pk], year=year)
    return YearFacts(
        agency=agency.name,
        year=year,
        portal_items=by_channel.get(PublicationChannel.PORTAL.value, 0),
        new_media_posts=posts.get(PublicationChannel.WEIBO.value, 0)
        + posts.get(PublicationChannel.WECHAT.value, 0),
        posts_by_channel=posts,
        npc_suggestions_disclosed=proposals.get(ProposalResponse.Kind.NPC.value, 0),
        cppcc_proposals_disclosed=proposals.get(ProposalResponse.Kind.CPPCC.value, 0),
        open_days=events.get(OutreachEvent.Kind.OPEN_DAY.value, 0),
        press_conferences=events.get(OutreachEvent.Kind.PRESS_CONFERENCE.value, 0),
        processing_fees_yuan=fees_collected(agency_ids=[agency.pk], year=year),
        applications_received=sum(applications.values()),
        applications_by_channel=applications,
        items_published=published.count(),
        items_published_late=published.filter(published_late=True).count(),
        items_by_channel=by_channel,
        events_by_kind=events,
    )
