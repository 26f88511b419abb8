"""Every change to an application, one function per action.

Each function takes keyword arguments only, runs in one transaction, locks the case row, checks the action
against `core.cases` (state, role of the acting person in the handling agency, history), saves only the fields
it changes, appends the timeline event, recomputes the deadlines and writes the audit event. Nothing else
assigns `Application.status`.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from gongkai.core.cases import (
    CONSULTATION_RESPONSES,
    STATE_LABELS,
    Action,
    ApplicantReply,
    ConsultationResponse,
    Role,
    State,
    Transition,
    answer_type,
    applicant_may_withdraw,
    applicant_reply_expected,
    check_answer,
    check_application_dates,
    check_disclosure_over_objection,
    check_transition,
    outcome_row,
    transition,
)
from gongkai.core.deadlines import Channel as ClockChannel
from gongkai.core.deadlines import receipt_date
from gongkai.core.errors import CalendarYearMissingError, DuplicateSubmissionError, TransitionError
from gongkai.core.fees import quote
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import user_roles
from gongkai.web.applications.deadlines import application_deadlines
from gongkai.web.applications.models import (
    Applicant,
    Application,
    Attachment,
    Counter,
    Event,
    Note,
    Notice,
)
from gongkai.web.applications.query_codes import make_query_code, normalize_query_code, query_digest
from gongkai.web.applications.selectors import latest_proposal, unrecorded_step
from gongkai.web.audit.services import audit_record
from gongkai.web.common import clock
from gongkai.web.common.clock import workday_calendar
from gongkai.web.common.uploads import CheckedUpload, check_upload, files_removed_on_failure, store_file
from gongkai.web.notices.services import notice_text, render_notice_docx, render_notice_pdf

__all__ = [
    "ApplicantData",
    "allocate_number",
    "application_approve_decision",
    "application_approve_extension",
    "application_ask_reasons",
    "application_assign",
    "application_close",
    "application_close_uncorrected",
    "application_close_unpaid",
    "application_create",
    "application_discard",
    "application_end_consultation",
    "application_import",
    "application_notify_fee",
    "application_propose_decision",
    "application_receive_online_reply",
    "application_record_correction",
    "application_record_payment",
    "application_record_service",
    "application_record_view",
    "application_refresh_deadlines",
    "application_register",
    "application_request_correction",
    "application_request_extension",
    "application_request_withdrawal_online",
    "application_return_decision",
    "application_set_reply_date",
    "application_start_consultation",
    "application_withdraw",
    "applications_exported",
    "attachment_add",
    "deadlines_recalculate_open",
    "note_add",
    "notice_files",
    "notice_send_by_email",
    "unreferenced_files_delete",
]


@dataclass(frozen=True)
class ApplicantData:
    name: str
    id_type: str
    id_number: str
    phone: str
    address: str
    contact_name: str = ""
    email: str = ""
    postal_code: str = ""

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> ApplicantData:
        """The applicant's part of a cleaned application form (online or at the counter)."""
        return cls(
            name=data["name"],
            id_type=data["id_type"],
            id_number=data["id_number"],
            phone=data["phone"],
            address=data["address"],
            contact_name=data.get("contact_name") or "",
            email=data.get("email") or "",
            postal_code=data.get("postal_code") or "",
        )


logger = logging.getLogger(__name__)


def allocate_number(*, agency: Agency, year: int, series: str) -> int:
    """The next number of a series for an agency and year, safe under concurrency on SQLite and PostgreSQL.

    Must run inside the caller's transaction: the counter row stays locked (row lock on PostgreSQL, the
    database write lock on SQLite's IMMEDIATE transactions) until the case or notice using it is saved.
    """
    Counter.objects.bulk_create(
        [Counter(agency=agency, year=year, series=series, value=0)], ignore_conflicts=True
    )
    counter = Counter.objects.select_for_update().get(agency=agency, year=year, series=series)
    Counter.objects.filter(pk=counter.pk).update(value=F("value") + 1)
    return counter.value + 1


def _roles(by: User, agency: Agency) -> frozenset[Role]:
    return user_roles(by, agency)


_ACTIONS = frozenset(a.value for a in Action)


def _history(application: Application) -> list[str]:
    """The state-machine actions taken so far (timeline entries such as "submit" or "assign" left out)."""
    actions = application.events.order_by("on", "at", "id").values_list("action", flat=True)
    return [a for a in actions if a in _ACTIONS]


def _locked(application: Application) -> Application:
    fresh = Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
    return fresh


def _check_date(application: Application, on: dt.date) -> None:
    """The day of an action may not precede the case's last action. Steps outside the state machine (an e-mail
    sent, an online reply, a new query code) are dated when they happen and do not order the actions."""
    last = application.events.filter(action__in=_ACTIONS).order_by("-on").values_list("on", flat=True).first()
    if last is not None and on < last:
        raise TransitionError(
            f"日期{on:%Y-%m-%d}早于本案上一个办理步骤的日期{last:%Y-%m-%d}，请核对。", on=on.isoformat()
        )
    if application.received_on is not None and on < application.received_on:
        raise TransitionError(f"日期{on:%Y-%m-%d}早于收到申请的日期，请核对。", on=on.isoformat())


def _refresh_deadlines(application: Application) -> list[str]:
    """Recompute the stored due dates from the timeline; the names of the fields that changed."""
    result = application_deadlines(application, events=list(application.events.all()))
    if result.error is not None:
        # The clock refused the timeline or the calendar: keep the dates last computed (the case page shows
        # the error) rather than wiping every open case's deadline.
        return []
    fields = {
        "reply_due": result.reply_due,
        "reply_due_provisional": result.reply_due_provisional,
        "applicant_due": result.applicant_due,
    }
    changed = [name for name, value in fields.items() if getattr(application, name) != value]
    for name in changed:
        setattr(application, name, fields[name])
    return changed


def _apply(
    *,
    application: Application,
    action: Action,
    by: User,
    on: dt.date,
    note: str = "",
    days: int | None = None,
    public: bool = True,
    data: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    roles: Iterable[Role] | None = None,
) -> tuple[Application, Transition]:
    """The common steps of a transition. The caller holds the transaction and the row lock."""
    history = _history(application)
    step = check_transition(
        application.status,
        action,
        roles=_roles(by, application.agency) if roles is None else roles,
        history=history,
    )
    _check_date(application, on)
    before = application.status
    fields: dict[str, Any] = {"status": step.target.value, **(changes or {})}
    row = step.closing_row
    if row is not None and application.received_on is not None:
        fields["outcome_row"] = row
        fields["outcome_on"] = on
    for name, value in fields.items():
        setattr(application, name, value)
    Event.objects.create(
        application=application,
        action=action.value,
        on=on,
        actor=by,
        days=days,
        note=note,
        public=public,
        data=data or {},
    )
    changed = _refresh_deadlines(application)
    application.save(update_fields=[*fields, *changed, "updated_at"])
    audit_record(
        actor=by,
        action=f"application.{action.value}",
        obj=application,
        agency=application.agency,
        details={"from": before, "to": step.target.value, "on": on.isoformat(), **(data or {})},
    )
    return application, step


# --- creation ---------------------------------------------------------------------------------------------


def _store_upload(
    *, application: Application, checked: CheckedUpload, kind: str, by: User | None
) -> Attachment:
    attachment = Attachment(
        application=application,
        kind=kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
        uploaded_by=by,
    )
    store_file(attachment.file, f"{checked.sha256[:16]}{checked.extension}", checked.content)
    attachment.save()
    return attachment


@files_removed_on_failure()
@transaction.atomic
def application_create(
    *,
    agency: Agency,
    applicant: ApplicantData,
    applicant_kind: str,
    description: str,
    requested_form: str,
    delivery: str,
    channel: str,
    arrived_on: dt.date,
    signed_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
    id_proof: UploadedFile[bytes] | None = None,
    files: Sequence[tuple[str, UploadedFile[bytes]]] = (),
    by: User | None = None,
    register: bool = False,
    assistance: str = "",
    submission_token: str = "",
) -> tuple[Application, str]:
    """A new application and its secret query code (shown once, stored only as a keyed digest).

    Online applications (`by` None) wait in `submitted` until an officer confirms receipt (Art. 31: online →
    the day both sides confirm). Staff entering a paper application pass `register=True`: it is registered at
    once with the receipt date of its channel. `submission_token`: the form's one-time token; the same token
    again raises `DuplicateSubmissionError` naming the case the first submission filed.
    """
    check_application_dates(
        today=clock.today(), arrived_on=arrived_on, signed_on=signed_on, confirmed_on=confirmed_on
    )
    checked = [
        (kind, check_upload(f)) for kind, f in ([("id_proof", id_proof)] if id_proof else []) + list(files)
    ]
    now = timezone.now()
    year = arrived_on.year
    # The counter's row lock also orders two submissions of one form: the second sees the first's case.
    seq = allocate_number(agency=agency, year=year, series="application")
    if submission_token:
        earlier = (
            Application.objects.filter(agency=agency, submission_token=submission_token)
            .values_list("number", flat=True)
            .first()
        )
        if earlier is not None:
            raise DuplicateSubmissionError(
                f"这份申请已经提交过，申请编号为{earlier}，没有重复登记。", number=earlier
            )
    number = f"{agency.code}-{year}-{seq:04d}"
    code = make_query_code()
    application = Application(
        agency=agency,
        number=number,
        year=year,
        seq=seq,
        query_digest=query_digest(number, code),
        status=State.SUBMITTED.value,
        channel=channel,
        applicant_kind=applicant_kind,
        description=description,
        requested_form=requested_form,
        delivery=delivery,
        assistance=assistance.strip(),
        submitted_at=now,
        submission_token=submission_token,
        arrived_on=arrived_on,
        signed_on=signed_on,
        confirmed_on=confirmed_on,
        assigned_to=by if register else None,
    )
    application.full_clean(exclude=["query_digest", "number", "year", "seq"])
    application.save()
    person = Applicant(application=application, **asdict(applicant))
    person.full_clean(exclude=["application"])
    person.save()
    for kind, upload in checked:
        _store_upload(application=application, checked=upload, kind=kind, by=by)
    Event.objects.create(application=application, action="submit", on=arrived_on, actor=by)
    audit_record(
        actor=by,
        action="application.create",
        obj=application,
        agency=agency,
        details={"number": number, "channel": channel, "files": len(checked)},
    )
    if register:
        if by is None:
            raise TransitionError("登记受理须由工作人员办理。")
        application = application_register(application=application, by=by, on=confirmed_on or arrived_on)
    return application, code


@transaction.atomic
def application_register(*, application: Application, by: User, on: dt.date) -> Application:
    """Confirm receipt (登记受理): fixes the Art. 31 receipt date from which the reply period runs."""
    application = _locked(application)
    channel = ClockChannel(application.channel)
    received = receipt_date(
        channel,
        arrived_on=application.arrived_on,
        signed_on=application.signed_on or (on if channel is ClockChannel.REGISTERED_POST else None),
        confirmed_on=application.confirmed_on or on,
    )
    changes: dict[str, Any] = {"received_on": received}
    if application.assigned_to_id is None:
        changes["assigned_to"] = by
    application, _ = _apply(
        application=application,
        action=Action.REGISTER,
        by=by,
        on=received,
        changes=changes,
        data={"received_on": received.isoformat()},
    )
    return application


@transaction.atomic
def application_discard(*, application: Application, by: User, on: dt.date, reason: str) -> Application:
    application = _locked(application)
    if not reason.strip():
        raise TransitionError("不予登记须写明理由。")
    application, _ = _apply(application=application, action=Action.DISCARD, by=by, on=on, note=reason)
    return application


@transaction.atomic
def application_assign(*, application: Application, by: User, to: User) -> Application:
    application = _locked(application)
    roles = _roles(by, application.agency)
    if not roles & {Role.OFFICER, Role.APPROVER, Role.ADMIN}:
        raise TransitionError("只有本机关的工作人员可以分配承办人。")
    if Role.OFFICER not in _roles(to, application.agency):
        raise TransitionError(f"{to.get_username()}不是本机关的承办人。")
    application.assigned_to = to
    application.save(update_fields=["assigned_to", "updated_at"])
    Event.objects.create(
        application=application,
        action="assign",
        on=timezone.localdate(),
        actor=by,
        public=False,
        data={"to": to.get_username()},
    )
    audit_record(
        actor=by,
        action="application.assign",
        obj=application,
        agency=application.agency,
        details={"to": to.get_username()},
    )
    return application


def _check_written_request(note: str, due: dt.date, on: dt.date, *, missing: str, too_early: str) -> None:
    """A written request to the applicant (补正, 说明理由) names what is asked and gives a later due date."""
    if not note.strip():
        raise TransitionError(missing)
    if due <= on:
        raise TransitionError(too_early)


# --- correction (Art. 30) ---------------------------------------------------------------------------------


@transaction.atomic
def application_request_correction(
    *, application: Application, by: User, on: dt.date, correction_due: dt.date, note: str
) -> Application:
    application = _locked(application)
    _check_written_request(
        note,
        correction_due,
        on,
        missing="告知补正须写明需要补正的事项。",
        too_early="补正期限应当晚于告知补正的日期。",
    )
    application, _ = _apply(
        application=application,
        action=Action.REQUEST_CORRECTION,
        by=by,
        on=on,
        note=note,
        changes={"correction_due": correction_due},
        data={"correction_due": correction_due.isoformat()},
    )
    _issue_notice(application=application, kind=Notice.Kind.CORRECTION, by=by, on=on, extra={"items": note})
    return application


@files_removed_on_failure()
@transaction.atomic
def application_record_correction(
    *,
    application: Application,
    by: User,
    on: dt.date,
    note: str = "",
    files: Sequence[UploadedFile[bytes]] = (),
) -> Application:
    """The corrected request arrived on `on`: the reply period starts again from that day."""
    application = _locked(application)
    checked = [check_upload(f) for f in files]
    application, _ = _apply(application=application, action=Action.RECORD_CORRECTION, by=by, on=on, note=note)
    for upload in checked:
        _store_upload(application=application, checked=upload, kind=Attachment.Kind.CORRECTION, by=by)
    return application


@transaction.atomic
def application_close_uncorrected(
    *, application: Application, by: User, on: dt.date, note: str = ""
) -> Application:
    application = _locked(application)
    if application.correction_due is not None and on <= application.correction_due:
        raise TransitionError(
            f"补正期限（{application.correction_due:%Y-%m-%d}）尚未届满，不能以逾期未补正结案。",
        )
    application, _ = _apply(application=application, action=Action.CLOSE_UNCORRECTED, by=by, on=on, note=note)
    return application


# --- consultation (Art. 32, 34) ---------------------------------------------------------------------------


@transaction.atomic
def application_start_consultation(
    *, application: Application, by: User, on: dt.date, party: str, note: str = ""
) -> Application:
    application = _locked(application)
    if not party.strip():
        raise TransitionError("请写明征求意见的第三方或机关。")
    application, _ = _apply(
        application=application,
        action=Action.START_CONSULTATION,
        by=by,
        on=on,
        note=note,
        data={"party": party},
    )
    return application


@transaction.atomic
def application_end_consultation(
    *, application: Application, by: User, on: dt.date, response: str, result: str = ""
) -> Application:
    """The consulted third party or agency answered (`response`: a `ConsultationResponse`), or its time ran
    out. An objection with reasons means the answer may not disclose everything, save for the public interest
    (Art. 32, checked when the answer is proposed)."""
    application = _locked(application)
    try:
        chosen = ConsultationResponse(response)
    except ValueError:
        raise TransitionError(
            "请选择第三方或其他机关的意见：同意公开、不同意公开或逾期未提出意见。"
        ) from None
    if chosen is ConsultationResponse.OBJECTED and not result.strip():
        raise TransitionError("第三方不同意公开的，请摘要记录其理由。")
    if chosen is ConsultationResponse.NO_REPLY:
        window = application_deadlines(application, events=list(application.events.all())).deadlines
        answer_due = window.third_party_reply.due if window and window.third_party_reply else None
        if answer_due is not None and on <= answer_due:
            raise TransitionError(
                f"第三方或其他机关提出意见的期限至{answer_due:%Y-%m-%d}，期满之前不能按“逾期未提出意见”处理"
                "（条例第三十二条、第三十四条）。"
            )
    application, _ = _apply(
        application=application,
        action=Action.END_CONSULTATION,
        by=by,
        on=on,
        note=result,
        data={"response": chosen.value, "response_label": CONSULTATION_RESPONSES[chosen]},
    )
    return application


def _consultation_responses(application: Application) -> list[str]:
    data = application.events.filter(action=Action.END_CONSULTATION.value).values_list("data", flat=True)
    return [d["response"] for d in data if d.get("response")]


def _consulted_parties(application: Application) -> list[str]:
    data = application.events.filter(action=Action.START_CONSULTATION.value).values_list("data", flat=True)
    return list(dict.fromkeys(d["party"] for d in data if d.get("party")))


# --- extension (Art. 33) ----------------------------------------------------------------------------------


def _check_reply_period_running(application: Application, on: dt.date, what: str) -> None:
    """Art. 33 and 35 lengthen a reply period that is still running: once it has run out, the case is late and
    no extension or later date can be granted (the letter would promise a day already past)."""
    due = application.reply_due
    if due is not None and on > due:
        raise TransitionError(
            f"答复期限（{due:%Y-%m-%d}）已经届满，不能再{what}；请尽快作出答复。", due=due.isoformat()
        )


@transaction.atomic
def application_request_extension(
    *, application: Application, by: User, on: dt.date, days: int, reason: str
) -> Application:
    application = _locked(application)
    if not 1 <= days <= 20:
        raise TransitionError("延长答复期限最长不得超过20个工作日（条例第三十三条）。", days=days)
    if not reason.strip():
        raise TransitionError("申请延期须写明理由。")
    _check_reply_period_running(application, on, "申请延长答复期限")
    application, _ = _apply(
        application=application,
        action=Action.REQUEST_EXTENSION,
        by=by,
        on=on,
        note=reason,
        days=days,
        public=False,
    )
    return application


@transaction.atomic
def application_approve_extension(*, application: Application, by: User, on: dt.date) -> Application:
    application = _locked(application)
    _check_reply_period_running(application, on, "批准延长答复期限")
    request = application.events.filter(action=Action.REQUEST_EXTENSION.value).order_by("-on", "-id").first()
    days = request.days if request is not None and request.days else 20
    application, _ = _apply(
        application=application,
        action=Action.APPROVE_EXTENSION,
        by=by,
        on=on,
        days=days,
        changes={"extension_days": days},
    )
    _issue_notice(
        application=application,
        kind=Notice.Kind.EXTENSION,
        by=by,
        on=on,
        extra={"days": days, "reason": request.note if request else ""},
    )
    return application


@transaction.atomic
def application_refuse_extension(
    *, application: Application, by: User, on: dt.date, note: str = ""
) -> Application:
    application = _locked(application)
    application, _ = _apply(
        application=application, action=Action.REFUSE_EXTENSION, by=by, on=on, note=note, public=False
    )
    return application


# --- a mass request (Art. 35) ------------------------------------------------------------------------------


@transaction.atomic
def application_ask_reasons(
    *, application: Application, by: User, on: dt.date, reasons_due: dt.date, note: str
) -> Application:
    """The request's quantity or frequency is clearly unreasonable: ask the applicant, in writing, for reasons.
    The reply period keeps running (the Regulations stop it for nothing here); the answer is then either
    不予处理 (mass) or, the reasons accepted, a later reply date set by the approver."""
    application = _locked(application)
    _check_written_request(
        note,
        reasons_due,
        on,
        missing="要求说明理由须写明需要申请人说明的事项。",
        too_early="说明理由的期限应当晚于发出通知的日期。",
    )
    application, _ = _apply(
        application=application,
        action=Action.ASK_REASONS,
        by=by,
        on=on,
        note=note,
        data={"reasons_due": reasons_due.isoformat()},
    )
    _issue_notice(
        application=application,
        kind=Notice.Kind.REASONS,
        by=by,
        on=on,
        extra={"items": note, "reasons_due": reasons_due},
    )
    return application


@transaction.atomic
def application_set_reply_date(
    *, application: Application, by: User, on: dt.date, reply_on: dt.date, reason: str
) -> Application:
    """The reasons are accepted but the request cannot be answered in time: the approver sets a later,
    reasonable reply date and the applicant is told (Art. 35). From then on the reply is due on that date."""
    application = _locked(application)
    # The state, the role and the reasons asked for first: they say what is wrong before any date does.
    check_transition(
        application.status,
        Action.SET_REPLY_DATE,
        roles=_roles(by, application.agency),
        history=_history(application),
    )
    if not reason.strip():
        raise TransitionError("确定延迟答复的期限须写明无法按期答复的原因。")
    if not _reasons_received(application):
        raise TransitionError(
            "尚未收到申请人说明的理由：依照条例第三十五条，认为申请理由合理的，才能确定延迟答复的合理期限。"
            "申请人以书面方式说明的，请先将其说明作为“申请理由说明”材料上传。"
        )
    _check_reply_period_running(application, on, "确定延迟答复的期限")
    due = application.reply_due
    if reply_on > on + dt.timedelta(days=366):
        raise TransitionError(
            f"确定的答复日期{reply_on:%Y-%m-%d}距今超过一年，不是合理期限，请核对（条例第三十五条）。"
        )
    try:
        working = workday_calendar().is_workday(reply_on)
    except CalendarYearMissingError:
        working = True  # that year's arrangement is not loaded yet: nothing to check it against
    if not working:
        raise TransitionError(f"确定的答复日期{reply_on:%Y-%m-%d}不是工作日，请选择一个工作日。")
    if due is not None and reply_on <= due:
        raise TransitionError(f"确定的答复日期应当晚于现在的答复期限（{due:%Y-%m-%d}），否则无需延迟答复。")
    application, _ = _apply(
        application=application,
        action=Action.SET_REPLY_DATE,
        by=by,
        on=on,
        note=reason,
        data={"until": reply_on.isoformat()},
    )
    if application.reply_due != reply_on:
        # The clock refused the date (e.g. another event conflicts): nothing of this action may remain.
        raise TransitionError("无法按所填日期确定答复期限，请核对本案的办理过程。")
    _issue_notice(
        application=application,
        kind=Notice.Kind.DEFERRAL,
        by=by,
        on=on,
        extra={"reply_on": reply_on, "reason": reason},
    )
    return application


def _reasons_received(application: Application) -> bool:
    """The applicant's reasons for a mass request reached the agency: sent online from the status page, or
    uploaded by staff as a 申请理由说明 (a letter)."""
    if not application.events.filter(action=Action.ASK_REASONS.value).exists():
        return False
    online = application.events.filter(action="applicant_reply", data__kind=ApplicantReply.REASONS.value)
    uploaded = application.attachments.filter(kind=Attachment.Kind.REASONS)
    return online.exists() or uploaded.exists()


def _reasons_due(application: Application) -> dt.date | None:
    data = (
        application.events.filter(action=Action.ASK_REASONS.value)
        .order_by("-on", "-id")
        .values_list("data", flat=True)
        .first()
    )
    due = (data or {}).get("reasons_due")
    return dt.date.fromisoformat(due) if due else None


# --- fees (Art. 42) ---------------------------------------------------------------------------------------


def _requests_in_month(application: Application) -> int:
    """This request's place among the applicant's requests to the agency in its month (per-request fees)."""
    received = application.received_on or application.arrived_on
    start = received.replace(day=1)
    same = Application.objects.filter(
        agency=application.agency,
        applicant__id_number=application.applicant.id_number,
        received_on__gte=start,
        received_on__lte=received,
    ).exclude(pk=application.pk)
    return same.count() + 1


@transaction.atomic
def application_notify_fee(
    *,
    application: Application,
    by: User,
    on: dt.date,
    pages: int | None = None,
    per_request: bool = False,
    note: str = "",
) -> Application:
    application = _locked(application)
    if per_request and pages is not None:
        quote(requests_this_month=1, pages=pages)  # one method per request: raises FeeMethodConflictError
    if not per_request and pages is None:
        raise TransitionError("请填写页数（按量计收），或选择按件计收。")
    fee = quote(requests_this_month=_requests_in_month(application)) if per_request else quote(pages=pages)
    if fee.amount <= 0:
        raise TransitionError("按此计算不收取信息处理费，无需发出收费通知。", amount=str(fee.amount))
    application, _ = _apply(
        application=application,
        action=Action.NOTIFY_FEE,
        by=by,
        on=on,
        note=note,
        changes={"fee_amount": fee.amount},
        data={"amount": str(fee.amount), "method": fee.method.value, "pages": pages},
    )
    _issue_notice(
        application=application,
        kind=Notice.Kind.FEE,
        by=by,
        on=on,
        extra={
            "amount": fee.amount,
            "method": fee.method_label,
            "pages": pages,
            "explanation": fee.explain(),
        },
    )
    return application


@transaction.atomic
def application_record_payment(
    *, application: Application, by: User, on: dt.date, note: str = ""
) -> Application:
    application = _locked(application)
    application, _ = _apply(application=application, action=Action.RECORD_PAYMENT, by=by, on=on, note=note)
    return application


@transaction.atomic
def application_close_unpaid(
    *, application: Application, by: User, on: dt.date, note: str = ""
) -> Application:
    application = _locked(application)
    if application.applicant_due is not None and on <= application.applicant_due:
        raise TransitionError(
            f"缴费期限（{application.applicant_due:%Y-%m-%d}）尚未届满，不能以逾期未缴费结案。"
        )
    application, _ = _apply(application=application, action=Action.CLOSE_UNPAID, by=by, on=on, note=note)
    return application


# --- decision, approval, service --------------------------------------------------------------------------


@transaction.atomic
def application_propose_decision(
    *, application: Application, by: User, on: dt.date, answer: str, text: str, public_interest: str = ""
) -> Application:
    """The officer's draft answer. Disclosing everything over a third party's objection needs the public-interest
    reason of Art. 32; the third party is then sent a 决定公开告知书 when the answer is approved."""
    application = _locked(application)
    chosen = check_answer(answer, history=_history(application))
    if chosen.id == "mass":
        reasons_due = _reasons_due(application)
        if reasons_due is not None and on <= reasons_due and not _reasons_received(application):
            raise TransitionError(
                f"申请人说明理由的期限至{reasons_due:%Y-%m-%d}，期满或收到其说明之前，不能以“无正当理由大量、"
                "频繁申请，不予处理”答复（条例第三十五条）。"
            )
    if not text.strip():
        raise TransitionError("请填写答复内容（提供的信息、获取方式或不予公开的理由）。")
    responses = _consultation_responses(application)
    check_disclosure_over_objection(chosen.id, responses=responses, public_interest=public_interest)
    overriding = public_interest.strip() if ConsultationResponse.OBJECTED in responses else ""
    application, _ = _apply(
        application=application,
        action=Action.PROPOSE_DECISION,
        by=by,
        on=on,
        public=False,
        changes={"answer": chosen.id, "decision_text": text, "public_interest": overriding},
        data={"answer": chosen.id, "public_interest": bool(overriding)},
    )
    return application


@transaction.atomic
def application_approve_decision(
    *, application: Application, by: User, on: dt.date, proposal: int | None = None
) -> Application:
    """The approver signs the decision: the case is counted in its table 三 row from this day. `proposal`: the
    proposal (its timeline step) the approver read; refused if the officer has proposed again since."""
    application = _locked(application)
    if proposal is not None and proposal != latest_proposal(application):
        raise TransitionError(
            "您打开审批页面之后，承办人又修改了拟答复内容。请重新打开审批页面，审阅后再批准。"
        )
    # The state and the approver's role are checked before the answer is looked at.
    check_transition(
        application.status,
        Action.APPROVE_DECISION,
        roles=_roles(by, application.agency),
        history=_history(application),
    )
    row = outcome_row(action=Action.APPROVE_DECISION, answer=application.answer or None)
    application, _ = _apply(
        application=application,
        action=Action.APPROVE_DECISION,
        by=by,
        on=on,
        changes={"outcome_row": row, "outcome_on": on},
        data={"answer": application.answer, "row": row},
    )
    _issue_notice(application=application, kind=Notice.Kind.DECISION, by=by, on=on)
    if application.public_interest:
        _issue_notice(
            application=application,
            kind=Notice.Kind.THIRD_PARTY,
            by=by,
            on=on,
            extra={
                "party": "、".join(_consulted_parties(application)) or "第三方",
                "public_interest": application.public_interest,
            },
        )
    return application


@transaction.atomic
def application_return_decision(*, application: Application, by: User, on: dt.date, note: str) -> Application:
    application = _locked(application)
    if not note.strip():
        raise TransitionError("退回重拟须写明意见。")
    application, _ = _apply(
        application=application, action=Action.RETURN_DECISION, by=by, on=on, note=note, public=False
    )
    return application


@transaction.atomic
def application_record_service(
    *, application: Application, by: User, on: dt.date, how: str, note: str = ""
) -> Application:
    application = _locked(application)
    application, _ = _apply(
        application=application,
        action=Action.RECORD_SERVICE,
        by=by,
        on=on,
        note=note,
        changes={"served_on": on, "served_how": how},
        data={"how": how},
    )
    return application


@transaction.atomic
def application_close(*, application: Application, by: User, on: dt.date) -> Application:
    application = _locked(application)
    application, _ = _apply(
        application=application, action=Action.CLOSE, by=by, on=on, changes={"closed_on": on}
    )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, by: User, on: dt.date, note: str = "") -> Application:
    application = _locked(application)
    application, _ = _apply(application=application, action=Action.WITHDRAW, by=by, on=on, note=note)
    return application


# --- the applicant's reply online ---------------------------------------------------------------------------


@files_removed_on_failure()
@transaction.atomic
def application_receive_online_reply(
    *, application: Application, text: str, upload: UploadedFile[bytes] | None = None
) -> ApplicantReply:
    """The applicant, from the status page, sends the correction or the reasons the agency is waiting for
    (`core.cases.applicant_reply_expected`). It is kept as a timeline step with the file, for the officer, who
    then records the correction (登记补正, with its receipt date) or decides — an online reply does not move the
    case by itself: Art. 31 dates an online submission from when both sides confirm it."""
    application = _locked(application)
    expected = applicant_reply_expected(application.status, _history(application))
    if expected is None:
        raise TransitionError("本申请目前不需要补正或说明理由。如有疑问，请联系办理机关。")
    text = text.strip()
    if len(text) < 2:
        raise TransitionError("请填写补正或说明的内容。")
    checked = check_upload(upload) if upload is not None else None
    kind = Attachment.Kind.CORRECTION if expected is ApplicantReply.CORRECTION else Attachment.Kind.REASONS
    attachment = (
        _store_upload(application=application, checked=checked, kind=kind, by=None) if checked else None
    )
    Event.objects.create(
        application=application,
        action="applicant_reply",
        on=timezone.localdate(),
        actor=None,
        note=text,
        data={"kind": expected.value, **({"attachment": attachment.pk} if attachment else {})},
    )
    audit_record(
        actor=None,
        action="application.applicant_reply",
        obj=application,
        agency=application.agency,
        details={"kind": expected.value, "attachment": attachment.pk if attachment else None},
    )
    return expected


@transaction.atomic
def application_request_withdrawal_online(*, application: Application, reason: str = "") -> None:
    """The applicant withdraws online (any time before the decision). Kept as a timeline step for the officer,
    who records the withdrawal (申请人撤回申请), which ends the case and counts it in table 三's other row."""
    application = _locked(application)
    if not applicant_may_withdraw(application.status):
        raise TransitionError("本申请已经作出答复或已经办结，不能再撤回。如有疑问，请联系办理机关。")
    if unrecorded_step(application.events.all(), "withdrawal_request") is not None:
        raise TransitionError("您已经提交了撤回申请，请等待办理机关确认。")
    Event.objects.create(
        application=application,
        action="withdrawal_request",
        on=timezone.localdate(),
        actor=None,
        note=reason.strip(),
    )
    audit_record(
        actor=None, action="application.withdrawal_request", obj=application, agency=application.agency
    )


# --- the applicant's query code -------------------------------------------------------------------------


@transaction.atomic
def application_reissue_query_code(*, application: Application, by: User, code: str | None = None) -> str:
    """A new query code for an applicant who lost theirs, once the officer has checked who is asking; the old
    code stops working at once. Returns the new code, which is shown once and never stored.

    `code` fixes the new code (the demo prints one case's code); the office page never passes it.
    """
    application = _locked(application)
    if Role.OFFICER not in _roles(by, application.agency):
        raise TransitionError("只有办理机关的承办人可以重新生成查询码。")
    if code is None:
        code = make_query_code()
    elif len(normalize_query_code(code)) != 8:
        raise TransitionError("查询码应为8位字母或数字。")
    application.query_digest = query_digest(application.number, code)
    application.save(update_fields=["query_digest", "updated_at"])
    Event.objects.create(
        application=application, action="reissue_code", on=timezone.localdate(), actor=by, public=False
    )
    audit_record(actor=by, action="application.reissue_code", obj=application, agency=application.agency)
    return code


# --- notes, files, views ----------------------------------------------------------------------------------


def _require_handler(application: Application, by: User) -> None:
    if not _roles(by, application.agency) & {Role.OFFICER, Role.APPROVER, Role.ADMIN}:
        raise TransitionError("只有办理机关的工作人员可以修改本案。")


@transaction.atomic
def note_add(*, application: Application, by: User, text: str) -> Note:
    _require_handler(application, by)
    if not text.strip():
        raise TransitionError("备注内容不能为空。")
    note = Note.objects.create(application=application, author=by, text=text.strip())
    audit_record(actor=by, action="application.note", obj=application, agency=application.agency)
    return note


@files_removed_on_failure()
@transaction.atomic
def attachment_add(
    *, application: Application, by: User, kind: str, upload: UploadedFile[bytes]
) -> Attachment:
    _require_handler(application, by)
    attachment = _store_upload(application=application, checked=check_upload(upload), kind=kind, by=by)
    audit_record(
        actor=by,
        action="attachment.add",
        obj=application,
        agency=application.agency,
        details={"attachment": attachment.pk, "kind": kind, "name": attachment.original_name},
    )
    return attachment


def application_record_view(
    *,
    application: Application,
    by: User | None,
    what: str,
    personal_data: bool,
    obj_id: int | None = None,
) -> None:
    """Log a view: every view of a case, of its personal data and of its files is in the audit log. `by` None:
    the applicant, through their number and query code (their own notices)."""
    details: dict[str, Any] = {"personal_data": personal_data}
    if obj_id is not None:
        details["id"] = obj_id
    if by is None:
        details["applicant"] = True
    audit_record(actor=by, action=f"{what}.view", obj=application, agency=application.agency, details=details)


def applications_exported(*, by: User, queue: str, count: int) -> None:
    audit_record(actor=by, action="applications.export", details={"queue": queue, "count": count})


# --- notices ----------------------------------------------------------------------------------------------


def _issue_notice(
    *,
    application: Application,
    kind: str,
    by: User,
    on: dt.date,
    extra: dict[str, Any] | None = None,
) -> Notice:
    agency = application.agency
    seq = allocate_number(agency=agency, year=on.year, series="notice")
    number = f"{agency.notice_prefix}〔{on.year}〕{seq}号"
    context = _notice_context(application, number=number, on=on, extra=extra or {})
    title, body = notice_text(kind=kind, agency=agency, context=context)
    if kind == Notice.Kind.EXTENSION and application.reply_due_provisional and application.reply_due:
        # The date the letter promises rests on a year whose holidays are not published yet: say so, whatever
        # the agency's wording of the notice, rather than promise a day the official calendar may move.
        body += (
            f"\n注：上述答复日期按{application.reply_due.year}年的工作日暂行推算；该年度节假日安排公布后，"
            "如答复日期有变化，本机关将另行告知。"
        )
    notice = Notice.objects.create(
        application=application,
        agency=agency,
        kind=kind,
        year=on.year,
        seq=seq,
        number=number,
        issued_on=on,
        title=title,
        body=body,
        created_by=by,
    )
    audit_record(
        actor=by,
        action="notice.issue",
        obj=application,
        agency=agency,
        details={"notice": notice.pk, "kind": kind, "number": number},
    )
    return notice


def _notice_context(
    application: Application, *, number: str, on: dt.date, extra: dict[str, Any]
) -> dict[str, Any]:
    applicant = application.applicant
    answer = answer_type(application.answer) if application.answer else None
    return {
        "notice_number": number,
        "date": on,
        "agency_name": application.agency.name,
        "agency_address": application.agency.address,
        "agency_phone": application.agency.phone,
        "application_number": application.number,
        "applicant_name": applicant.name,
        "received_on": application.received_on,
        "description": application.description,
        "answer_label": answer.label if answer else "",
        # A letter cites the Regulations by their full title (the core's short "《条例》" is for pages).
        "answer_basis": answer.basis.replace("《条例》", "《中华人民共和国政府信息公开条例》", 1)
        if answer
        else "",
        "decision_text": application.decision_text,
        "correction_due": application.correction_due,
        "reply_due": application.reply_due,
        "state": STATE_LABELS[application.state],
        **extra,
    }


def _stored(field: FieldFile) -> bool:
    """The field names a file and the storage still has it."""
    name = field.name
    return bool(name) and field.storage.exists(name or "")


@files_removed_on_failure()
def notice_files(*, notice: Notice) -> Notice:
    """Render the notice's DOCX and PDF from its frozen text, once; later calls return the stored files. A file
    lost from the storage (a restore without the media folder) is rendered again from the same text."""
    if _stored(notice.docx) and _stored(notice.pdf):
        return notice
    with transaction.atomic():
        locked = Notice.objects.select_for_update().select_related("agency").get(pk=notice.pk)
        if _stored(locked.docx) and _stored(locked.pdf):
            return locked
        if locked.docx or locked.pdf:
            logger.error("notice %s: stored file missing, rendered again from its text", locked.pk)
        stem = f"notices/{locked.agency_id}/{locked.year}/{locked.seq:05d}-{locked.kind}"
        signature = (
            locked.agency.name,
            f"{locked.issued_on.year}年{locked.issued_on.month}月{locked.issued_on.day}日",
        )
        docx = render_notice_docx(
            title=locked.title, number=locked.number, body=locked.body, signature=signature
        )
        pdf = render_notice_pdf(
            title=locked.title, number=locked.number, body=locked.body, signature=signature
        )
        store_file(locked.docx, f"{stem}.docx", docx)
        store_file(locked.pdf, f"{stem}.pdf", pdf)
        locked.save(update_fields=["docx", "pdf"])
    return locked


# --- deadlines --------------------------------------------------------------------------------------------


@files_removed_on_failure()
@transaction.atomic
def notice_send_by_email(*, notice: Notice, by: User) -> str:
    """E-mail a notice, as PDF, to the applicant's address; the send is in the case's timeline and the audit log
    (with the address, as evidence of service). Returns the address. Nothing is recorded if the mail server
    refuses; recording the service itself (送达) stays the officer's own step."""
    application = notice.application
    _require_handler(application, by)
    if notice.kind == Notice.Kind.THIRD_PARTY:
        raise TransitionError("决定公开告知书应当送达第三方，不能发送给申请人。")
    applicant = application.applicant
    if not applicant.email:
        raise TransitionError("申请人没有填写电子邮箱，请改用其他方式送达。")
    notice = notice_files(notice=notice)
    agency = application.agency
    body = (
        f"{applicant.name}：\n\n"
        f"{agency.name}向您发送《{notice.title}》（{notice.number}），见附件（PDF）。\n"
        f"申请编号：{application.number}\n"
        + (f"联系电话：{agency.phone}\n" if agency.phone else "")
        + "\n本邮件由政府信息公开工作平台发送，请勿直接回复。\n"
    )
    message = EmailMessage(subject=f"{notice.title}（{notice.number}）", body=body, to=[applicant.email])
    with notice.pdf.open("rb") as pdf:
        message.attach(f"{notice.number}-{notice.title}.pdf", pdf.read(), "application/pdf")
    try:
        message.send()
    except (OSError, smtplib.SMTPException) as error:
        logger.warning(
            "notice %s: mail to the applicant of case %s failed: %s", notice.pk, application.pk, error
        )
        raise TransitionError(
            f"邮件发送失败（{error}）。请检查邮件服务器设置，或改用其他方式送达。"
        ) from error
    with transaction.atomic():
        Event.objects.create(
            application=application,
            action="email_notice",
            on=timezone.localdate(),
            actor=by,
            data={"notice": notice.pk, "number": notice.number},
        )
        audit_record(
            actor=by,
            action="notice.email",
            obj=application,
            agency=agency,
            details={"notice": notice.pk, "number": notice.number, "to": applicant.email},
        )
    return applicant.email


def application_refresh_deadlines(*, application: Application, by: User | None = None) -> bool:
    """Recompute one case's stored due dates; True (and an audit event) when they changed."""
    application = _locked(application)
    old = (application.reply_due, application.applicant_due, application.reply_due_provisional)
    changed = _refresh_deadlines(application)
    if not changed:
        return False
    application.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=by,
        action="application.deadlines_recalculated",
        obj=application,
        agency=application.agency,
        details={
            "reply_due": [_iso(old[0]), _iso(application.reply_due)],
            "applicant_due": [_iso(old[1]), _iso(application.applicant_due)],
            "provisional": [old[2], application.reply_due_provisional],
        },
    )
    return True


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def deadlines_recalculate_open(*, by: User | None = None) -> list[Application]:
    """After the working-day calendar changed: recompute every open case; the cases whose dates moved."""
    from gongkai.core.cases import OPEN_STATES

    moved: list[Application] = []
    for application in Application.objects.filter(status__in=[s.value for s in OPEN_STATES]).iterator():
        if application_refresh_deadlines(application=application, by=by):
            moved.append(application)
    return moved


# --- legacy import ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedOutcome:
    answer: str | None
    closing: Action | None
    on: dt.date


@transaction.atomic
def application_import(
    *,
    agency: Agency,
    by: User,
    applicant: ApplicantData,
    applicant_kind: str,
    description: str,
    channel: str,
    received_on: dt.date,
    legacy_number: str = "",
    requested_form: str = "paper",
    delivery: str = "post",
    outcome: ImportedOutcome | None = None,
) -> Application:
    """A case handled before the platform: registered on its receipt date and, if decided, closed with its
    answer on its decision date (counted in table 三 like any other case)."""
    application, _code = application_create(
        agency=agency,
        applicant=applicant,
        applicant_kind=applicant_kind,
        description=description,
        requested_form=requested_form,
        delivery=delivery,
        channel=channel,
        arrived_on=received_on,
        signed_on=received_on,
        confirmed_on=received_on,
        by=by,
    )
    application.legacy_number = legacy_number
    application.save(update_fields=["legacy_number"])
    Event.objects.create(
        application=application,
        action="import",
        on=received_on,
        actor=by,
        public=False,
        data={"legacy_number": legacy_number},
    )
    application = application_register(application=application, by=by, on=received_on)
    if outcome is None:
        return application
    if outcome.on < received_on:
        raise TransitionError("答复日期早于收到申请日期。")
    if outcome.on > clock.today():
        raise TransitionError(f"答复日期{outcome.on:%Y-%m-%d}晚于今天，请核对。")
    if outcome.answer:
        chosen = answer_type(outcome.answer)
        row = chosen.row
        changes = {
            "status": State.CLOSED.value,
            "answer": chosen.id,
            "outcome_row": row,
            "outcome_on": outcome.on,
            "served_on": outcome.on,
            "closed_on": outcome.on,
            "reply_due": None,
            "applicant_due": None,
        }
        action = Action.APPROVE_DECISION.value
    elif outcome.closing is not None:
        # The case is imported as it ended. Its earlier steps (a 补正 request, a fee notice) are not in the legacy
        # record, so the closing is not checked against `processing`, where registration here leaves it.
        step = transition(outcome.closing)
        if step.closing_row is None:
            raise TransitionError(f"“{step.label}”不是办结方式。", action=step.action.value)
        row = step.closing_row
        changes = {
            "status": step.target.value,
            "outcome_row": row,
            "outcome_on": outcome.on,
            "reply_due": None,
        }
        action = step.action.value
    else:
        return application
    for name, value in changes.items():
        setattr(application, name, value)
    application.save(update_fields=[*changes, "updated_at"])
    Event.objects.create(
        application=application, action=action, on=outcome.on, actor=by, data={"imported": True}
    )
    audit_record(
        actor=by,
        action="application.import",
        obj=application,
        agency=agency,
        details={"legacy_number": legacy_number, "row": row},
    )
    return application


def unreferenced_files_delete(*, names: Sequence[str], by: User | None = None) -> int:
    """Delete files that no row names (`selectors.unreferenced_files`), with one audit event listing them."""
    storage = Attachment._meta.get_field("file").storage
    for name in names:
        storage.delete(name)
    audit_record(
        actor=by, action="files.unreferenced_deleted", details={"count": len(names), "names": list(names)}
    )
    return len(names)
