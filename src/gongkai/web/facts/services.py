"""Entering the year's other facts, one function per action, atomic and audited. Staff of the agency only."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction

from gongkai.core.disclosure import NEW_MEDIA_CHANNELS, PublicationChannel
from gongkai.core.errors import FactsError
from gongkai.core.facts import check_count, check_fact_date, check_fact_year
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import user_access
from gongkai.web.audit.services import audit_record
from gongkai.web.common import clock
from gongkai.web.facts.models import ChannelPosts, OutreachEvent, ProposalResponse

__all__ = ["event_delete", "event_record", "posts_set", "proposal_disclose", "proposal_record"]


def _require_staff(by: User, agency: Agency) -> None:
    if not user_access(by, agency).sees_personal_data:
        raise FactsError("录入年报事项须由本机关工作人员办理。", agency=agency.pk)


def _in_year(day: dt.date, year: int | None, *, what: str) -> None:
    """A record entered on a year's page belongs to that year: refused rather than filed under another year
    (whose report may be published already) without a word."""
    if year is not None and day.year != year:
        raise FactsError(
            f"{what}{day:%Y-%m-%d}属于{day.year}年度，不是正在录入的{year}年度；"
            f"请核对日期，或切换到{day.year}年度后再录入。",
            year=year,
        )


@transaction.atomic
def posts_set(
    *, agency: Agency, by: User, year: int, channel: str, count: int, account: str = ""
) -> ChannelPosts:
    """The number of posts on a new-media account in the year (entered from the platform's own statistics)."""
    _require_staff(by, agency)
    check_fact_year(year, today=clock.today())
    try:
        chosen = PublicationChannel(channel)
    except ValueError:
        raise FactsError(f"未知的渠道“{channel}”。", channel=channel) from None
    if chosen not in NEW_MEDIA_CHANNELS:
        raise FactsError("这里只录入政务新媒体（微博、微信公众号、客户端、短视频）的发布数量。")
    check_count(count, what="发布信息条数")
    record, created = ChannelPosts.objects.select_for_update().get_or_create(
        agency=agency,
        year=year,
        channel=chosen.value,
        defaults={"count": count, "account": account, "updated_by": by},
    )
    before = None if created else record.count
    if not created:
        record.count, record.account, record.updated_by = count, account or record.account, by
        record.save(update_fields=["count", "account", "updated_by", "updated_at"])
    audit_record(
        actor=by,
        action="facts.posts",
        obj=record,
        agency=agency,
        details={"year": year, "channel": chosen.value, "count": count, "before": before},
    )
    return record


@transaction.atomic
def proposal_record(
    *,
    agency: Agency,
    by: User,
    kind: str,
    title: str,
    answered_on: dt.date,
    number: str = "",
    disclosed_on: dt.date | None = None,
    year: int | None = None,
) -> ProposalResponse:
    """A response to a deputy's suggestion or a CPPCC proposal, and the day it was published (if it was). Entered
    on `year`'s page, it must be answered or published in that year (else it would be filed under another)."""
    _require_staff(by, agency)
    if kind not in ProposalResponse.Kind.values:
        raise FactsError(f"未知的类型“{kind}”。", kind=kind)
    if not title.strip():
        raise FactsError("请填写建议或提案的标题。")
    today = clock.today()
    check_fact_date(answered_on, today=today, what="答复日期")
    if disclosed_on is not None:
        check_fact_date(disclosed_on, today=today, what="公开日期")
        if disclosed_on < answered_on:
            raise FactsError("公开日期不能早于答复日期。")
    if year is not None and year not in {answered_on.year, disclosed_on.year if disclosed_on else None}:
        _in_year(disclosed_on or answered_on, year, what="答复日期" if disclosed_on is None else "公开日期")
    record = ProposalResponse(
        agency=agency, kind=kind, title=title.strip(), number=number.strip(), answered_on=answered_on,
        disclosed_on=disclosed_on, created_by=by,
    )  # fmt: skip
    record.full_clean()
    record.save()
    audit_record(
        actor=by,
        action="facts.proposal",
        obj=record,
        agency=agency,
        details={"kind": kind, "answered_on": answered_on.isoformat(), "disclosed": disclosed_on is not None},
    )
    return record


@transaction.atomic
def proposal_disclose(*, response: ProposalResponse, by: User, on: dt.date) -> ProposalResponse:
    """The response was published (公开) on `on`."""
    response = ProposalResponse.objects.select_for_update().select_related("agency").get(pk=response.pk)
    _require_staff(by, response.agency)
    if response.disclosed_on is not None:
        raise FactsError(f"该答复已于{response.disclosed_on:%Y-%m-%d}公开。")
    check_fact_date(on, today=clock.today(), what="公开日期")
    if on < response.answered_on:
        raise FactsError("公开日期不能早于答复日期。")
    response.disclosed_on = on
    response.save(update_fields=["disclosed_on"])
    audit_record(
        actor=by,
        action="facts.proposal_disclose",
        obj=response,
        agency=response.agency,
        details={"on": on.isoformat()},
    )
    return response


@transaction.atomic
def event_record(
    *,
    agency: Agency,
    by: User,
    kind: str,
    title: str,
    held_on: dt.date,
    participants: int | None = None,
    description: str = "",
    year: int | None = None,
) -> OutreachEvent:
    """An open day, press conference, interview, briefing or training held by the agency. Entered on `year`'s page,
    it must be held in that year (else it would be filed under another)."""
    _require_staff(by, agency)
    if kind not in OutreachEvent.Kind.values:
        raise FactsError(f"未知的活动类型“{kind}”。", kind=kind)
    if not title.strip():
        raise FactsError("请填写活动名称。")
    check_fact_date(held_on, today=clock.today(), what="活动日期")
    _in_year(held_on, year, what="活动日期")
    if participants is not None:
        check_count(participants, what="参加人数")
    event = OutreachEvent(
        agency=agency, kind=kind, title=title.strip(), held_on=held_on, participants=participants,
        description=description, created_by=by,
    )  # fmt: skip
    event.full_clean()
    event.save()
    audit_record(
        actor=by,
        action="facts.event",
        obj=event,
        agency=agency,
        details={"kind": kind, "held_on": held_on.isoformat()},
    )
    return event


@transaction.atomic
def event_delete(*, event: OutreachEvent, by: User) -> None:
    """Remove an event entered by mistake (audited with what it was)."""
    _require_staff(by, event.agency)
    details = {"kind": event.kind, "title": event.title, "held_on": event.held_on.isoformat()}
    audit_record(actor=by, action="facts.event_delete", obj=event, agency=event.agency, details=details)
    event.delete()
