"""Every change to the register, one function per action.

Each function takes keyword arguments only, runs in one transaction, locks the item row, checks the action against
`core.disclosure` (state, the acting person's roles on the agency's register, 公开属性, the reviewer not being the
drafter), saves only the fields it changes, appends the item's history and writes the audit event. Publishing
and taking down also keep the catalogue's search index. Nothing else assigns `RegisterItem.state`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core.cases import FIRST_REGULATIONS_IN_FORCE
from gongkai.core.deadlines import publication_deadline
from gongkai.core.disclosure import (
    ARTICLE_21,
    CHANNEL_LABELS,
    DOCUMENT_EVENT_LABELS,
    DOCUMENT_KIND_LABELS,
    EARLIEST_DOCUMENT_DATE,
    DisclosureAttribute,
    DocumentEventKind,
    DocumentKind,
    ItemAction,
    ItemState,
    PublicationChannel,
    RegisterRole,
    categories_for_level,
    category_from_text,
    channels_from_text,
    check_attribute,
    check_document_event,
    check_fees_amount,
    check_figure_count,
    check_item_editable,
    check_item_transition,
    check_record_date,
    check_record_year,
    document_end,
    format_index_number,
    record_date_problem,
    record_year_problem,
)
from gongkai.core.disclosure import (
    DocumentEvent as CoreDocumentEvent,
)
from gongkai.core.errors import DisclosureError, GongkaiError
from gongkai.web.agencies.models import Agency
from gongkai.web.applications.models import Application
from gongkai.web.applications.services import allocate_number
from gongkai.web.audit.services import audit_record
from gongkai.web.catalogue.services import catalogue_index_item, catalogue_unindex_item
from gongkai.web.common import clock
from gongkai.web.common.clock import workday_calendar
from gongkai.web.common.spreadsheets import RowError, SkippedRow, TableImportResult, ledger_date
from gongkai.web.disclosure.models import DocumentEvent, ItemChannel, ItemEvent, RegisterItem, YearlyFigures
from gongkai.web.disclosure.selectors import ART44_ROWS, register_roles

__all__ = [
    "EDITABLE_FIELDS",
    "FIGURE_COLUMNS",
    "MAX_REGISTER_ROWS",
    "REGISTER_ALIASES",
    "REGISTER_COLUMNS",
    "REGISTER_REQUIRED",
    "FiguresImportResult",
    "FiguresRow",
    "RegisterImportResult",
    "RegisterRow",
    "RowError",
    "document_record",
    "figures_import",
    "figures_save",
    "item_create",
    "item_from_application",
    "item_pass_review",
    "item_publish",
    "item_retract",
    "item_return_draft",
    "item_submit_review",
    "item_update",
    "publication_deadlines_refresh",
    "register_import",
]

EDITABLE_FIELDS = (
    "title", "doc_number", "issuing_agency", "body", "category", "local_categories", "attribute",
    "withholding_ground", "withholding_reason", "formed_on", "document_kind",
)  # fmt: skip
_DRAFTERS = {RegisterRole.OFFICER, RegisterRole.ADMIN}


def _require_drafter(by: User, agency: Agency) -> frozenset[RegisterRole]:
    roles = register_roles(by, agency)
    if not roles & _DRAFTERS:
        raise DisclosureError("登记和修改主动公开信息须由本机关承办人或机关管理员办理。", agency=agency.pk)
    return roles


def _check_fields(agency: Agency, fields: Mapping[str, Any]) -> None:
    """The rules an item's fields must meet, whoever writes them."""
    check_attribute(
        fields["attribute"],
        ground=fields.get("withholding_ground", ""),
        reason=fields.get("withholding_reason", ""),
    )
    allowed = {c.id for c in categories_for_level(agency.level)}
    if fields["category"] not in allowed:
        raise DisclosureError(
            f"主动公开类别“{fields['category']}”不适用于本机关。", category=fields["category"]
        )
    local = set(fields.get("local_categories") or [])
    local_allowed = {c.id for c in ARTICLE_21 if agency.level in c.levels}
    if not local <= local_allowed:
        raise DisclosureError(
            "所选的第二十一条事项不适用于本机关。", categories=sorted(local - local_allowed)
        )
    kind = fields.get("document_kind") or ""
    if kind:
        DocumentKind(kind)
        if fields["category"] != "a20.1":
            raise DisclosureError("规章和行政规范性文件应归入“第二十条第（一）项 法规文件”类别。")
    if not str(fields.get("title", "")).strip():
        raise DisclosureError("请填写标题。")
    check_record_date(
        fields["formed_on"], today=clock.today(), what="形成或者变更日期", earliest=EARLIEST_DOCUMENT_DATE
    )


def _check_channels(channels: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(channels))
    for channel in chosen:
        try:
            PublicationChannel(channel)
        except ValueError:
            raise DisclosureError(f"未知的公开渠道“{channel}”。", channel=channel) from None
    return chosen


def _deadline(formed_on: dt.date, attribute: str) -> tuple[dt.date | None, bool]:
    """Art. 26's due date (and whether it is provisional) for information disclosed proactively, formed since
    the Regulations took effect (an older document entered now owes no deadline of theirs)."""
    if attribute != DisclosureAttribute.PROACTIVE.value or formed_on < FIRST_REGULATIONS_IN_FORCE:
        return None, False
    deadline = publication_deadline(formed_on, calendar=workday_calendar())
    return deadline.due, deadline.provisional


def _history(item: RegisterItem, action: str, *, by: User | None, on: dt.date, note: str = "") -> None:
    ItemEvent.objects.create(item=item, action=action, on=on, actor=by, note=note)


def _locked(item: RegisterItem) -> RegisterItem:
    return RegisterItem.objects.select_for_update().select_related("agency").get(pk=item.pk)


@transaction.atomic
def item_create(
    *,
    agency: Agency,
    by: User,
    title: str,
    category: str,
    attribute: str,
    formed_on: dt.date,
    doc_number: str = "",
    issuing_agency: str = "",
    body: str = "",
    local_categories: Sequence[str] = (),
    withholding_ground: str = "",
    withholding_reason: str = "",
    document_kind: str = "",
    channels: Iterable[str] = (),
    source_application: Application | None = None,
    on: dt.date | None = None,
) -> RegisterItem:
    """A new register item, in draft, with its 公开属性 decided now and its Art. 26 deadline."""
    _require_drafter(by, agency)
    if on is not None:
        check_record_date(on, today=clock.today(), what="登记日期")
    fields: dict[str, Any] = {
        "title": title.strip(), "doc_number": doc_number.strip(), "issuing_agency": issuing_agency.strip() or agency.name,
        "body": body, "category": category, "local_categories": list(local_categories), "attribute": attribute,
        "withholding_ground": withholding_ground, "withholding_reason": withholding_reason.strip(),
        "formed_on": formed_on, "document_kind": document_kind,
    }  # fmt: skip
    _check_fields(agency, fields)
    chosen_channels = _check_channels(channels)
    due, provisional = _deadline(formed_on, attribute)
    seq = allocate_number(agency=agency, year=formed_on.year, series="register")
    item = RegisterItem(
        agency=agency,
        index_number=format_index_number(agency.code, formed_on.year, seq),
        publication_due=due,
        publication_due_provisional=provisional,
        source_application=source_application,
        created_by=by,
        **fields,
    )
    item.full_clean()
    item.save()
    ItemChannel.objects.bulk_create([ItemChannel(item=item, channel=c) for c in chosen_channels])
    _history(item, "create", by=by, on=on or formed_on)
    audit_record(
        actor=by,
        action="register_item.create",
        obj=item,
        agency=agency,
        details={"index_number": item.index_number, "attribute": attribute, "category": category},
    )
    return item


@transaction.atomic
def item_update(
    *,
    item: RegisterItem,
    by: User,
    on: dt.date,
    channels: Iterable[str] | None = None,
    **changes: Any,
) -> RegisterItem:
    """Change a draft (after review has started, the reviewer must return it first)."""
    item = _locked(item)
    _require_drafter(by, item.agency)
    check_item_editable(item.state)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DisclosureError(f"不能修改这些项目：{'、'.join(sorted(unknown))}。")
    if "issued_on" in changes or "ended_on" in changes:
        raise DisclosureError("文件的制发和废止请通过有效性记录登记。")
    merged = {name: getattr(item, name) for name in EDITABLE_FIELDS} | changes
    if merged["document_kind"] != item.document_kind and item.issued_on is not None:
        raise DisclosureError("已登记制发的文件不能更改文件类型。")
    _check_fields(item.agency, merged)
    changed = [name for name, value in changes.items() if getattr(item, name) != value]
    for name in changed:
        setattr(item, name, changes[name])
    if {"formed_on", "attribute"} & set(changed):
        item.publication_due, item.publication_due_provisional = _deadline(item.formed_on, item.attribute)
        changed += ["publication_due", "publication_due_provisional"]
    channels_changed = False
    if channels is not None:
        chosen = _check_channels(channels)
        before = set(item.channels.values_list("channel", flat=True))
        if set(chosen) != before:
            item.channels.all().delete()
            ItemChannel.objects.bulk_create([ItemChannel(item=item, channel=c) for c in chosen])
            channels_changed = True
    if not changed and not channels_changed:
        return item
    item.full_clean()
    item.save(update_fields=[*changed, "updated_at"])
    _history(
        item, "update", by=by, on=on, note="、".join(changed + (["channels"] if channels_changed else []))
    )
    audit_record(
        actor=by,
        action="register_item.update",
        obj=item,
        agency=item.agency,
        details={"fields": sorted(changed), "channels": channels_changed},
    )
    return item


def _transition(
    *,
    item: RegisterItem,
    action: ItemAction,
    by: User,
    on: dt.date,
    note: str = "",
    changes: dict[str, Any] | None = None,
) -> RegisterItem:
    """The common steps of a review or publication step; the caller holds the transaction and the row lock."""
    step = check_item_transition(
        item.state,
        action,
        roles=register_roles(by, item.agency),
        attribute=item.attribute,
        acting_drafter=item.created_by_id == by.pk,
        note=note,
    )
    check_record_date(on, today=clock.today(), what=f"{step.label}日期")
    last = item.events.order_by("-on").values_list("on", flat=True).first()
    if last is not None and on < last:
        raise DisclosureError(f"日期{on:%Y-%m-%d}早于该信息上一个步骤的日期{last:%Y-%m-%d}，请核对。")
    before = item.state
    fields: dict[str, Any] = {"state": step.target.value, **(changes or {})}
    for name, value in fields.items():
        setattr(item, name, value)
    item.save(update_fields=[*fields, "updated_at"])
    _history(item, action.value, by=by, on=on, note=note)
    audit_record(
        actor=by,
        action=f"register_item.{action.value}",
        obj=item,
        agency=item.agency,
        details={
            "from": before,
            "to": step.target.value,
            "on": on.isoformat(),
            **({"note": note} if note else {}),
        },
    )
    return item


@transaction.atomic
def item_submit_review(*, item: RegisterItem, by: User, on: dt.date, note: str = "") -> RegisterItem:
    """Send the draft to the confidentiality review (保密审查) — "先审查、后公开"."""
    item = _locked(item)
    return _transition(item=item, action=ItemAction.SUBMIT_REVIEW, by=by, on=on, note=note)


@transaction.atomic
def item_return_draft(*, item: RegisterItem, by: User, on: dt.date, note: str) -> RegisterItem:
    """The reviewer sends the item back to its drafter, saying what to change."""
    item = _locked(item)
    return _transition(item=item, action=ItemAction.RETURN_DRAFT, by=by, on=on, note=note)


@transaction.atomic
def item_pass_review(*, item: RegisterItem, by: User, on: dt.date, note: str = "") -> RegisterItem:
    """The reviewer finds nothing that may not be disclosed: the item may be published."""
    item = _locked(item)
    return _transition(
        item=item, action=ItemAction.PASS_REVIEW, by=by, on=on, note=note, changes={"reviewed_by": by}
    )


@transaction.atomic
def item_publish(
    *, item: RegisterItem, by: User, on: dt.date, channels: Iterable[str] | None = None
) -> RegisterItem:
    """Publish the reviewed item through its channels on `on`; late against Art. 26 is recorded, not refused."""
    item = _locked(item)
    if channels is not None:
        chosen = _check_channels(channels)
        item.channels.all().delete()
        ItemChannel.objects.bulk_create([ItemChannel(item=item, channel=c) for c in chosen])
    present = list(item.channels.values_list("channel", flat=True))
    if not present:
        raise DisclosureError("请至少选择一个公开渠道（如政府网站）。")
    if on < item.formed_on:
        raise DisclosureError(f"发布日期{on:%Y-%m-%d}早于信息形成日期{item.formed_on:%Y-%m-%d}，请核对。")
    late = item.publication_due is not None and on > item.publication_due
    item = _transition(
        item=item,
        action=ItemAction.PUBLISH,
        by=by,
        on=on,
        note="、".join(CHANNEL_LABELS[PublicationChannel(c)] for c in present),
        changes={"published_on": on, "published_late": late},
    )
    catalogue_index_item(item=item)
    return item


@transaction.atomic
def item_retract(*, item: RegisterItem, by: User, on: dt.date, note: str) -> RegisterItem:
    """Take a published item down (published by mistake, or found not to be disclosable); it leaves the catalogue."""
    item = _locked(item)
    item = _transition(item=item, action=ItemAction.RETRACT, by=by, on=on, note=note)
    catalogue_unindex_item(item=item)
    return item


# --- rules and normative documents ----------------------------------------------------------------------


@transaction.atomic
def document_record(
    *, item: RegisterItem, by: User, kind: str, on: dt.date, instrument: str = "", note: str = ""
) -> DocumentEvent:
    """Record that the rule or normative document was issued, amended, repealed or expired (with its instrument)."""
    item = _locked(item)
    _require_drafter(by, item.agency)
    if not item.document_kind:
        raise DisclosureError("只有规章和行政规范性文件登记制发、修改和废止。")
    try:
        event_kind = DocumentEventKind(kind)
    except ValueError:
        raise DisclosureError(f"未知的文件有效性事项“{kind}”。", kind=kind) from None
    history = [
        CoreDocumentEvent(DocumentEventKind(e.kind), e.on, e.instrument)
        for e in item.document_events.order_by("on", "at", "id")
    ]
    new = CoreDocumentEvent(event_kind, on, instrument.strip())
    check_document_event(history, new, today=clock.today(), formed_on=item.formed_on)
    event = DocumentEvent.objects.create(
        item=item, kind=event_kind.value, on=on, instrument=instrument.strip(), note=note, actor=by
    )
    changed: list[str] = []
    if event_kind is DocumentEventKind.ISSUED:
        item.issued_on = on
        changed.append("issued_on")
        if not item.doc_number:
            item.doc_number = instrument.strip()
            changed.append("doc_number")
    ended = document_end([*history, new])
    if ended != item.ended_on:
        item.ended_on = ended
        changed.append("ended_on")
    if changed:
        item.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=by,
        action=f"document.{event_kind.value}",
        obj=item,
        agency=item.agency,
        details={
            "on": on.isoformat(),
            "instrument": instrument.strip(),
            "label": DOCUMENT_EVENT_LABELS[event_kind],
        },
    )
    return event


# --- Art. 44 ----------------------------------------------------------------------------------------------


@transaction.atomic
def item_from_application(
    *,
    application: Application,
    by: User,
    title: str,
    category: str,
    on: dt.date,
    body: str = "",
    doc_number: str = "",
    formed_on: dt.date | None = None,
    channels: Iterable[str] = (),
) -> RegisterItem:
    """Art. 44: information applied for often is made proactive — a new draft item of the application's agency,
    marked 主动公开 and linked to the application. Its Art. 26 clock starts on `formed_on` (the day the decision to
    disclose it proactively was made; default `on`)."""
    agency = application.agency
    if application.outcome_row not in ART44_ROWS:
        raise DisclosureError(
            f"申请 {application.number} 的答复不是予以公开或部分公开，没有可以转为主动公开的信息。",
            application=application.number,
        )
    if RegisterItem.objects.filter(source_application=application).exists():
        raise DisclosureError(
            f"申请 {application.number} 涉及的信息已转为主动公开登记。", application=application.number
        )
    item = item_create(
        agency=agency, by=by, title=title, category=category, attribute=DisclosureAttribute.PROACTIVE.value,
        formed_on=formed_on or on, doc_number=doc_number, body=body, channels=channels,
        source_application=application, on=on,
    )  # fmt: skip
    audit_record(
        actor=by,
        action="register_item.from_application",
        obj=item,
        agency=agency,
        details={"application": application.number, "index_number": item.index_number},
    )
    return item


@transaction.atomic
def publication_deadlines_refresh(*, by: User | None = None) -> int:
    """After the working-day calendar changed: recompute the Art. 26 deadline of every unpublished proactive item.
    The number of items whose deadline moved (each change audited)."""
    moved = 0
    pending = RegisterItem.objects.select_for_update().filter(
        attribute=DisclosureAttribute.PROACTIVE.value,
        state__in=[ItemState.DRAFT.value, ItemState.IN_REVIEW.value, ItemState.APPROVED.value],
    )
    for item in pending:
        due, provisional = _deadline(item.formed_on, item.attribute)
        if (due, provisional) == (item.publication_due, item.publication_due_provisional):
            continue
        before = item.publication_due
        item.publication_due, item.publication_due_provisional = due, provisional
        item.save(update_fields=["publication_due", "publication_due_provisional"])
        audit_record(
            actor=by,
            action="register_item.deadline_recalculated",
            obj=item,
            agency=item.agency,
            details={"from": before.isoformat() if before else None, "to": due.isoformat() if due else None},
        )
        moved += 1
    return moved


# --- yearly figures (table 二: licensing, penalty, coercion, fees) ---------------------------------------


def _figures_roles(by: User, agency: Agency) -> None:
    if not register_roles(by, agency) & (_DRAFTERS | {RegisterRole.APPROVER}):
        raise DisclosureError("录入年度统计数据须由本机关工作人员办理。", agency=agency.pk)


@transaction.atomic
def figures_save(
    *,
    agency: Agency,
    year: int,
    by: User,
    licensing_decisions: int | None,
    penalty_decisions: int | None,
    coercion_decisions: int | None,
    fees_amount: Decimal | None,
    source: str = YearlyFigures.Source.FORM,
) -> YearlyFigures:
    """Enter (or correct) the agency's figures for a year. A blank stays blank (None), never 0."""
    _figures_roles(by, agency)
    check_record_year(year, today=clock.today())
    values = {
        "licensing_decisions": check_figure_count(licensing_decisions, what="行政许可处理决定数"),
        "penalty_decisions": check_figure_count(penalty_decisions, what="行政处罚处理决定数"),
        "coercion_decisions": check_figure_count(coercion_decisions, what="行政强制处理决定数"),
        "fees_amount": check_fees_amount(fees_amount),
        "source": source,
        "updated_by": by,
    }
    figures, created = YearlyFigures.objects.select_for_update().get_or_create(
        agency=agency, year=year, defaults=values
    )
    if not created:
        for name, value in values.items():
            setattr(figures, name, value)
        figures.full_clean()
        figures.save(update_fields=[*values, "updated_at"])
    audit_record(
        actor=by,
        action="yearly_figures.save",
        obj=figures,
        agency=agency,
        details={
            "year": year,
            "source": source,
            **{k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items() if k != "updated_by"},
        },
    )
    return figures


FIGURE_COLUMNS = ("年度", "机关", "行政许可", "行政处罚", "行政强制", "行政事业性收费（万元）")
_FIGURE_HEADERS = {
    "年度": "year",
    "机关": "agency",
    "机关简码": "agency",
    "行政许可": "licensing",
    "行政许可处理决定数": "licensing",
    "行政处罚": "penalty",
    "行政处罚处理决定数": "penalty",
    "行政强制": "coercion",
    "行政强制处理决定数": "coercion",
    "行政事业性收费（万元）": "fees",
    "行政事业性收费(万元)": "fees",
    "行政事业性收费": "fees",
    "收费金额（万元）": "fees",
}


@dataclass(frozen=True)
class FiguresRow:
    row: int
    agency: Agency
    year: int
    licensing: int | None
    penalty: int | None
    coercion: int | None
    fees: Decimal | None


@dataclass
class FiguresImportResult(TableImportResult):
    checked: list[FiguresRow] = field(default_factory=list)


def _whole(text: str, row: int, column: str, errors: list[RowError]) -> int | None:
    if text == "":
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        errors.append(RowError(row, column, f"“{text}”不是数字。"))
        return None
    if not value.is_finite() or value != value.to_integral_value() or value < 0:
        errors.append(RowError(row, column, f"“{text}”应为不小于0的整数。"))
        return None
    try:
        return check_figure_count(int(value), what=column)
    except DisclosureError as error:
        errors.append(RowError(row, column, str(error)))
        return None


def _check_figure_row(
    number: int,
    row: Mapping[str, str],
    agencies: Mapping[str, Agency],
    errors: list[RowError],
    *,
    today: dt.date,
) -> FiguresRow | None:
    before = len(errors)
    fields = {_FIGURE_HEADERS[h]: v.strip() for h, v in row.items() if h in _FIGURE_HEADERS}
    year_text = fields.get("year", "")
    year = 0
    if not year_text:
        errors.append(RowError(number, "年度", "此项不能为空。"))
    elif not year_text.rstrip("年").isdigit() or len(year_text.rstrip("年")) != 4:
        errors.append(RowError(number, "年度", f"“{year_text}”不是有效的年度。"))
    elif (problem := record_year_problem(int(year_text.rstrip("年")), today=today)) is not None:
        errors.append(RowError(number, "年度", problem))
    else:
        year = int(year_text.rstrip("年"))
    agency_text = fields.get("agency", "")
    agency = agencies.get(agency_text) or agencies.get(agency_text.upper())
    if agency is None:
        errors.append(
            RowError(number, "机关", f"“{agency_text}”不是您可以录入数据的机关（填写机关名称或简码）。")
        )
    licensing = _whole(fields.get("licensing", ""), number, "行政许可", errors)
    penalty = _whole(fields.get("penalty", ""), number, "行政处罚", errors)
    coercion = _whole(fields.get("coercion", ""), number, "行政强制", errors)
    fees: Decimal | None = None
    fees_text = fields.get("fees", "").replace(",", "")
    if fees_text:
        try:
            fees = check_fees_amount(Decimal(fees_text))
        except InvalidOperation:
            errors.append(RowError(number, "行政事业性收费（万元）", f"“{fees_text}”不是数字。"))
        except DisclosureError as error:
            errors.append(RowError(number, "行政事业性收费（万元）", str(error)))
            fees = None
    if len(errors) > before or agency is None:
        return None
    return FiguresRow(number, agency, year, licensing, penalty, coercion, fees)


class _Abort(Exception):
    pass


def figures_import(
    *,
    by: User,
    rows: Sequence[Mapping[str, str]],
    agencies: Sequence[Agency],
    dry_run: bool = True,
    progress: Callable[[int], None] | None = None,
    skipped: Sequence[SkippedRow] = (),
) -> FiguresImportResult:
    """Check every row (年度, 机关 by name or code, the three counts, the fees in 万元); unless `dry_run`, and only if
    no row has an error, save them all — or none. A row for the same agency and year twice is an error."""
    result = FiguresImportResult(rows=len(rows), dry_run=dry_run, skipped=skipped)
    by_key = {a.name: a for a in agencies} | {a.code: a for a in agencies}
    seen: dict[tuple[int, int], int] = {}
    today = clock.today()
    for position, row in enumerate(rows, start=2):  # without a sheet's own numbers: row 1 holds the headers
        index = getattr(row, "number", position)
        checked = _check_figure_row(index, row, by_key, result.errors, today=today)
        if checked is None:
            continue
        key = (checked.agency.pk, checked.year)
        if key in seen:
            result.errors.append(
                RowError(index, "年度", f"与第{seen[key]}行重复：同一机关同一年度只能有一行。")
            )
            continue
        seen[key] = index
        result.checked.append(checked)
    if result.errors or dry_run:
        result.imported = 0 if result.errors else len(result.checked)
        return result
    try:
        with transaction.atomic():
            for done, checked_row in enumerate(result.checked, start=1):
                try:
                    figures_save(
                        agency=checked_row.agency, year=checked_row.year, by=by,
                        licensing_decisions=checked_row.licensing, penalty_decisions=checked_row.penalty,
                        coercion_decisions=checked_row.coercion, fees_amount=checked_row.fees,
                        source=YearlyFigures.Source.IMPORT,
                    )  # fmt: skip
                except GongkaiError as error:
                    result.errors.append(RowError(checked_row.row, "", str(error)))
                    raise _Abort from error
                if progress is not None:
                    progress(done)
            audit_record(actor=by, action="yearly_figures.import", details={"rows": len(result.checked)})
    except _Abort:
        result.imported = 0
        return result
    result.imported = len(result.checked)
    return result


# --- the register kept before the platform (主动公开目录 from a spreadsheet) ------------------------------

REGISTER_COLUMNS: tuple[str, ...] = (
    "标题", "类别", "发布日期", "成文日期", "文号", "发布机构", "渠道", "内容概要", "文件类型", "废止日期", "废止文号",
    "失效日期", "原索引号",
)  # fmt: skip
REGISTER_REQUIRED: tuple[str, ...] = ("标题", "类别", "发布日期")
# The names other catalogues give the same columns (a portal's export, a ledger kept by hand).
REGISTER_ALIASES: Mapping[str, str] = {
    "信息名称": "标题", "名称": "标题", "题名": "标题", "文件名称": "标题",
    "主动公开类别": "类别", "公开类别": "类别", "主题分类": "类别", "信息类别": "类别",
    "发布时间": "发布日期", "公开日期": "发布日期", "公开时间": "发布日期",
    "成文时间": "成文日期", "形成日期": "成文日期", "生成日期": "成文日期", "印发日期": "成文日期",
    "发文字号": "文号", "发文机关": "发布机构", "发布单位": "发布机构", "发文单位": "发布机构",
    "公开渠道": "渠道", "公开方式": "渠道", "发布渠道": "渠道", "摘要": "内容概要", "内容": "内容概要",
    "索引号": "原索引号", "废止时间": "废止日期", "失效时间": "失效日期",
    "废止依据": "废止文号", "废止文件": "废止文号", "废止决定文号": "废止文号", "废止文件文号": "废止文号",
}  # fmt: skip
# Read in the request that uploads them: a larger catalogue is imported in several files.
MAX_REGISTER_ROWS = 2000
# The official names, and the short name ledgers often use for normative documents.
_DOCUMENT_KINDS = {label: kind for kind, label in DOCUMENT_KIND_LABELS.items()} | {
    "规范性文件": DocumentKind.NORMATIVE
}


@dataclass(frozen=True)
class RegisterRow:
    row: int
    title: str
    category: str
    published_on: dt.date
    formed_on: dt.date
    doc_number: str
    issuing_agency: str
    channels: tuple[str, ...]
    body: str
    document_kind: str
    # How the document ended: repealed or expired, the day, and the repealing decision's 文号 (none for expiry).
    ended: tuple[DocumentEventKind, dt.date, str] | None
    former_index: str


class RegisterImportResult(TableImportResult):
    """What the register import did or, in a dry run, would do."""


# The longest text each column may hold (the register's fields).
_REGISTER_LENGTHS = {"标题": 300, "文号": 100, "发布机构": 200, "废止文号": 200}


def _row_date(
    row: Mapping[str, str], column: str, number: int, errors: list[RowError], *, today: dt.date
) -> dt.date | None:
    """The column's date, or None (blank, or an error listed): a date a ledger writes, that has happened, and not
    before `EARLIEST_DOCUMENT_DATE` (a catalogue lists documents older than the Regulations)."""
    text = row.get(column, "")
    if not text:
        return None
    try:
        day = ledger_date(text)
    except ValueError:
        errors.append(RowError(number, column, f"“{text}”不是有效日期（应为 2024-03-05 格式）。"))
        return None
    problem = record_date_problem(day, today=today, what=column, earliest=EARLIEST_DOCUMENT_DATE)
    if problem is not None:
        errors.append(RowError(number, column, problem))
        return None
    return day


def _check_register_row(
    number: int, row: Mapping[str, str], agency: Agency, errors: list[RowError], *, today: dt.date
) -> RegisterRow | None:
    before = len(errors)
    for column in REGISTER_REQUIRED:
        if not row.get(column):
            errors.append(RowError(number, column, "此项不能为空。"))
    for column, longest in _REGISTER_LENGTHS.items():
        if len(row.get(column, "").strip()) > longest:
            errors.append(RowError(number, column, f"超过{longest}个字，请核对。"))
    category_id = ""
    if row.get("类别"):
        try:
            category_id = category_from_text(row["类别"], agency.level).id
        except DisclosureError as error:
            errors.append(RowError(number, "类别", str(error)))
    published = _row_date(row, "发布日期", number, errors, today=today)
    formed = _row_date(row, "成文日期", number, errors, today=today) or published
    if published and formed and formed > published:
        errors.append(RowError(number, "成文日期", "成文日期晚于发布日期，请核对。"))
    try:
        channels = tuple(c.value for c in channels_from_text(row.get("渠道", ""))) or (
            PublicationChannel.PORTAL.value,
        )
    except DisclosureError as error:
        errors.append(RowError(number, "渠道", str(error)))
        channels = ()
    kind = ""
    if row.get("文件类型"):
        found = _DOCUMENT_KINDS.get("".join(row["文件类型"].split()))
        if found is None:
            errors.append(
                RowError(
                    number, "文件类型", f"“{row['文件类型']}”应为“规章”或“行政规范性文件”，其他信息不填。"
                )
            )
        else:
            kind = found.value
    if kind and category_id and category_id != "a20.1":
        errors.append(
            RowError(number, "类别", "规章和行政规范性文件应归入“第二十条第（一）项 法规文件”类别。")
        )
    repealing = row.get("废止文号", "").strip()
    ends = [
        (event, day, repealing if event is DocumentEventKind.REPEALED else "")
        for event, column in (
            (DocumentEventKind.REPEALED, "废止日期"),
            (DocumentEventKind.EXPIRED, "失效日期"),
        )
        if (day := _row_date(row, column, number, errors, today=today)) is not None
    ]
    if ends and not kind:
        errors.append(
            RowError(number, "文件类型", "填写了废止或失效日期时，须注明文件类型（规章或行政规范性文件）。")
        )
    if len(ends) > 1:
        errors.append(RowError(number, "失效日期", "废止日期和失效日期只能填一项。"))
    if row.get("废止日期") and not repealing:
        errors.append(
            RowError(number, "废止文号", "填写了废止日期的，须填写作出废止决定的文件名称或文号（废止文号）。")
        )
    if repealing and not row.get("废止日期"):
        errors.append(RowError(number, "废止文号", "填写了废止文号，但没有填写废止日期，请核对。"))
    for end_kind, day, _instrument in ends:
        if formed and day < formed:
            column = "废止日期" if end_kind is DocumentEventKind.REPEALED else "失效日期"
            errors.append(
                RowError(number, column, f"{column}{day:%Y-%m-%d}早于成文日期{formed:%Y-%m-%d}，请核对。")
            )
    if len(errors) > before:
        return None
    assert published is not None
    assert formed is not None
    return RegisterRow(
        row=number, title=row["标题"].strip(), category=category_id, published_on=published, formed_on=formed,
        doc_number=row.get("文号", "").strip(), issuing_agency=row.get("发布机构", "").strip() or agency.name,
        channels=channels, body=row.get("内容概要", ""), document_kind=kind, ended=ends[0] if ends else None,
        former_index=row.get("原索引号", "").strip(),
    )  # fmt: skip


def _import_published(*, agency: Agency, by: User, row: RegisterRow) -> RegisterItem:
    """One item the agency published before the platform: registered as published on its date, without the review
    steps it went through elsewhere (its history says it was imported); a rule or normative document with its
    issue and, if any, its repeal or expiry."""
    fields: dict[str, Any] = {
        "title": row.title, "doc_number": row.doc_number, "issuing_agency": row.issuing_agency, "body": row.body,
        "category": row.category, "local_categories": [], "attribute": DisclosureAttribute.PROACTIVE.value,
        "withholding_ground": "", "withholding_reason": "", "formed_on": row.formed_on,
        "document_kind": row.document_kind,
    }  # fmt: skip
    _check_fields(agency, fields)
    due, provisional = _deadline(row.formed_on, DisclosureAttribute.PROACTIVE.value)
    seq = allocate_number(agency=agency, year=row.formed_on.year, series="register")
    item = RegisterItem(
        agency=agency,
        index_number=format_index_number(agency.code, row.formed_on.year, seq),
        publication_due=due,
        publication_due_provisional=provisional,
        state=ItemState.PUBLISHED.value,
        published_on=row.published_on,
        published_late=due is not None and row.published_on > due,
        created_by=by,
        **fields,
    )
    item.full_clean()
    item.save()
    ItemChannel.objects.bulk_create([ItemChannel(item=item, channel=c) for c in row.channels])
    note = "平台启用前已公开的信息，由登记册导入" + (
        f"（原索引号 {row.former_index}）" if row.former_index else ""
    )
    _history(item, "import", by=by, on=row.published_on, note=note)
    if row.document_kind:
        document_record(
            item=item, by=by, kind=DocumentEventKind.ISSUED.value, on=row.formed_on, instrument=row.doc_number
        )
        if row.ended is not None:
            end_kind, day, instrument = row.ended
            document_record(item=item, by=by, kind=end_kind.value, on=day, instrument=instrument)
    audit_record(
        actor=by,
        action="register_item.import",
        obj=item,
        agency=agency,
        details={"index_number": item.index_number, "row": row.row, "former_index": row.former_index},
    )
    catalogue_index_item(item=item)
    return item


def register_import(
    *,
    agency: Agency,
    by: User,
    rows: Sequence[Mapping[str, str]],
    dry_run: bool = True,
    skipped: Sequence[SkippedRow] = (),
) -> RegisterImportResult:
    """Import the agency's catalogue kept before the platform: every row checked first (all errors listed); unless
    `dry_run`, and only if no row has an error, every item written — or none. A dry run performs the writes in a
    transaction it rolls back, so it reports what the real import would. An item already in the register (same
    title, 文号 and 发布日期) is an error, so a file imported twice is not imported twice."""
    _require_drafter(by, agency)
    result = RegisterImportResult(rows=len(rows), dry_run=dry_run, skipped=skipped)
    if len(rows) > MAX_REGISTER_ROWS:
        result.errors.append(
            RowError(0, "", f"一次最多导入{MAX_REGISTER_ROWS}行（本文件{len(rows)}行），请分成几个文件导入。")
        )
        return result
    checked: list[RegisterRow] = []
    seen: dict[tuple[str, str, dt.date], int] = {}
    today = clock.today()
    # What the register holds already under the file's titles: one query, not one per row.
    titles = {raw.get("标题", "").strip() for raw in rows} - {""}
    registered = {
        (title, doc_number, published_on): index_number
        for title, doc_number, published_on, index_number in RegisterItem.objects.filter(
            agency=agency, title__in=titles, published_on__isnull=False
        ).values_list("title", "doc_number", "published_on", "index_number")
    }
    for position, raw in enumerate(rows, start=2):  # without a sheet's own numbers: row 1 holds the headers
        number = getattr(raw, "number", position)
        row = _check_register_row(number, raw, agency, result.errors, today=today)
        if row is None:
            continue
        key = (row.title, row.doc_number, row.published_on)
        if key in seen:
            result.errors.append(
                RowError(number, "标题", f"与第{seen[key]}行重复（标题、文号和发布日期都相同）。")
            )
            continue
        seen[key] = number
        existing = registered.get(key)
        if existing:
            result.errors.append(
                RowError(number, "标题", f"登记册中已有这条信息（索引号 {existing}），未重复导入。")
            )
            continue
        checked.append(row)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for row in checked:
                try:
                    _import_published(agency=agency, by=by, row=row)
                except (GongkaiError, ValidationError) as error:
                    message = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
                    result.errors.append(RowError(row.row, "", message))
                    raise _Abort from error
            if dry_run:
                raise _Abort
            audit_record(actor=by, action="register.import", agency=agency, details={"rows": len(checked)})
    except _Abort:
        result.imported = len(checked) if dry_run and not result.errors else 0
        return result
    result.imported = len(checked)
    return result
