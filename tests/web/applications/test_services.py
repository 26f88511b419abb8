from __future__ import annotations

import datetime as dt
import io
import os
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DatabaseError
from docx import Document

from gongkai.core.cases import Action, State
from gongkai.core.errors import (
    CaseDataError,
    DuplicateSubmissionError,
    FeeMethodConflictError,
    TransitionError,
)
from gongkai.web.applications import services
from gongkai.web.applications.models import Application, Event, Notice
from gongkai.web.applications.selectors import public_status_by_number_and_code
from gongkai.web.audit.models import AuditEvent
from tests.web.conftest import (
    APPLICANT,
    RECEIVED,
    FileApplication,
    Staff,
    Tree,
    id_proof,
    png_bytes,
    reasons_asked_and_received,
)


def audit_actions(application: Application) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="applications.application", object_id=str(application.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_online_application_waits_for_registration_with_a_number_and_a_secret_code(
    file_application: FileApplication,
) -> None:
    application, code = file_application(register=False)
    assert application.status == State.SUBMITTED
    assert application.number == "WZSP-2026-0001"
    assert application.received_on is None
    assert application.reply_due is None
    assert code not in application.query_digest
    assert len(code) == 9
    assert code[4] == "-"
    found = public_status_by_number_and_code(application.number, code)
    assert found is not None
    assert found.number == application.number
    typed = public_status_by_number_and_code(application.number.lower(), code.lower().replace("-", ""))
    assert typed is not None
    assert typed.number == application.number
    assert public_status_by_number_and_code(application.number, "AAAA-AAAA") is None
    assert public_status_by_number_and_code("WZSP-2026-9999", code) is None
    assert application.attachments.get().kind == "id_proof"
    assert audit_actions(application) == ["application.create"]


def test_registration_fixes_the_receipt_date_and_the_reply_deadline(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application(register=False)
    confirmed = dt.date(2026, 3, 3)
    application = services.application_register(application=application, by=staff.officer, on=confirmed)
    assert application.status == State.PROCESSING
    # Art. 31: online → the day both sides confirm.
    assert application.received_on == confirmed
    assert application.assigned_to == staff.officer
    # 20 working days after 2026-03-03 (no holiday in between).
    assert application.reply_due == dt.date(2026, 3, 31)
    assert application.reply_due_provisional is False
    assert audit_actions(application) == ["application.create", "application.register"]


def test_numbers_run_per_agency_and_year(file_application: FileApplication, tree: Tree, staff: Staff) -> None:
    first, _ = file_application()
    second, _ = file_application()
    other, _ = file_application(agency=tree.other, by=staff.other_officer)
    next_year, _ = file_application(arrived_on=dt.date(2025, 12, 1))
    assert [first.number, second.number, other.number, next_year.number] == [
        "WZSP-2026-0001",
        "WZSP-2026-0002",
        "WZZR-2026-0001",
        "WZSP-2025-0001",
    ]


def test_the_whole_lifecycle_of_the_issue_scenario(file_application: FileApplication, staff: Staff) -> None:
    application, _ = file_application(register=False)
    officer, approver = staff.officer, staff.approver
    day = dt.date(2026, 3, 3)
    a = services.application_register(application=application, by=officer, on=day)
    a = services.application_request_correction(
        application=a,
        by=officer,
        on=dt.date(2026, 3, 5),
        correction_due=dt.date(2026, 3, 20),
        note="请写明文号。",
    )
    assert a.status == State.AWAITING_CORRECTION
    assert a.applicant_due == dt.date(2026, 3, 20)
    a = services.application_record_correction(
        application=a, by=officer, on=dt.date(2026, 3, 10), note="已补正"
    )
    assert a.status == State.PROCESSING
    # Art. 30: the reply period runs again from the receipt of the corrected request.
    assert a.reply_due == dt.date(2026, 4, 8)
    a = services.application_start_consultation(
        application=a, by=officer, on=dt.date(2026, 3, 12), party="某公司"
    )
    assert a.status == State.CONSULTING
    a = services.application_end_consultation(
        application=a, by=officer, on=dt.date(2026, 3, 19), response="objected", result="涉及本公司商业秘密"
    )
    paused_due = a.reply_due
    assert paused_due is not None
    assert paused_due > dt.date(2026, 4, 8)
    a = services.application_request_extension(
        application=a, by=officer, on=dt.date(2026, 3, 20), days=20, reason="需检索档案"
    )
    assert a.status == State.EXTENSION_PENDING
    a = services.application_approve_extension(application=a, by=approver, on=dt.date(2026, 3, 23))
    assert a.status == State.PROCESSING
    assert a.extension_days == 20
    assert a.reply_due is not None
    assert a.reply_due > paused_due
    a = services.application_propose_decision(
        application=a,
        by=officer,
        on=dt.date(2026, 3, 25),
        answer="partial",
        text="涉及个人信息的部分不予公开。",
    )
    assert a.status == State.DECISION_PENDING
    assert a.outcome_row == ""
    a = services.application_approve_decision(application=a, by=approver, on=dt.date(2026, 3, 26))
    assert a.status == State.DECIDED
    assert a.outcome_row == "partial"
    assert a.outcome_on == dt.date(2026, 3, 26)
    a = services.application_record_service(application=a, by=officer, on=dt.date(2026, 3, 27), how="email")
    assert a.served_on == dt.date(2026, 3, 27)
    a = services.application_close(application=a, by=officer, on=dt.date(2026, 3, 30))
    assert a.status == State.CLOSED
    actions = [e.action for e in Event.objects.filter(application=a).order_by("on", "at", "id")]
    assert actions == [
        "submit",
        "register",
        "request_correction",
        "record_correction",
        "start_consultation",
        "end_consultation",
        "request_extension",
        "approve_extension",
        "propose_decision",
        "approve_decision",
        "record_service",
        "close",
    ]
    assert audit_actions(a)[1:] == [
        "application.register",
        "application.request_correction",
        "notice.issue",
        "application.record_correction",
        "application.start_consultation",
        "application.end_consultation",
        "application.request_extension",
        "application.approve_extension",
        "notice.issue",
        "application.propose_decision",
        "application.approve_decision",
        "notice.issue",
        "application.record_service",
        "application.close",
    ]
    notices = list(a.notices.order_by("seq"))
    assert [(n.kind, n.number) for n in notices] == [
        ("correction", "吴审批公开〔2026〕1号"),
        ("extension", "吴审批公开〔2026〕2号"),
        ("decision", "吴审批公开〔2026〕3号"),
    ]
    decision = notices[-1]
    assert "部分公开" in decision.body
    assert "第三十七条" in decision.body
    assert "马建国" in decision.body


def test_notice_files_are_rendered_once_as_docx_and_pdf(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    a = services.application_propose_decision(
        application=application, by=staff.officer, on=RECEIVED, answer="disclosed", text="见附件。"
    )
    a = services.application_approve_decision(application=a, by=staff.approver, on=RECEIVED)
    notice = Notice.objects.get(application=a)
    notice = services.notice_files(notice=notice)
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(notice.docx.read())).paragraphs)
    assert "政府信息公开申请答复告知书" in docx_text
    assert notice.number in docx_text
    assert "吴忠市审批服务管理局" in docx_text
    with pdfplumber.open(io.BytesIO(notice.pdf.open("rb").read())) as pdf:
        pdf_text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "答复告知书" in pdf_text
    assert "2026" in pdf_text
    path = notice.pdf.name
    assert services.notice_files(notice=notice).pdf.name == path


@pytest.mark.parametrize(
    ("action", "by", "message"),
    [
        (Action.APPROVE_EXTENSION, "officer", "须由负责人办理"),
        (Action.APPROVE_DECISION, "officer", "须由负责人办理"),
        (Action.RECORD_SERVICE, "officer", "不能执行“登记送达”"),
        (Action.RECORD_CORRECTION, "officer", "不能执行“登记补正”"),
        (Action.REQUEST_CORRECTION, "approver", "须由承办人办理"),
        (Action.REQUEST_CORRECTION, "other_officer", "须由承办人办理"),
        (Action.REQUEST_CORRECTION, "supervisor", "须由承办人办理"),
    ],
)
def test_refused_transitions_say_why_in_chinese(
    file_application: FileApplication, staff: Staff, action: Action, by: str, message: str
) -> None:
    application, _ = file_application()
    if action is Action.APPROVE_EXTENSION:
        application = services.application_request_extension(
            application=application, by=staff.officer, on=RECEIVED, days=10, reason="需要检索"
        )
    if action is Action.APPROVE_DECISION:
        application = services.application_propose_decision(
            application=application, by=staff.officer, on=RECEIVED, answer="disclosed", text="见附件"
        )
    state = application.status
    performers: dict[Action, Callable[[User], Application]] = {
        Action.APPROVE_EXTENSION: lambda u: services.application_approve_extension(
            application=application, by=u, on=RECEIVED
        ),
        Action.APPROVE_DECISION: lambda u: services.application_approve_decision(
            application=application, by=u, on=RECEIVED
        ),
        Action.RECORD_SERVICE: lambda u: services.application_record_service(
            application=application, by=u, on=RECEIVED, how="post"
        ),
        Action.RECORD_CORRECTION: lambda u: services.application_record_correction(
            application=application, by=u, on=RECEIVED
        ),
        Action.REQUEST_CORRECTION: lambda u: services.application_request_correction(
            application=application, by=u, on=RECEIVED, correction_due=dt.date(2026, 3, 20), note="x"
        ),
    }
    perform = performers[action]
    before = audit_actions(application)
    with pytest.raises(TransitionError, match=message):
        perform(getattr(staff, by))
    application.refresh_from_db()
    assert application.status == state
    assert audit_actions(application) == before


def test_business_rules_of_the_regulations(file_application: FileApplication, staff: Staff) -> None:
    application, _ = file_application()
    officer = staff.officer
    with pytest.raises(TransitionError, match="补正之后"):
        services.application_propose_decision(
            application=application, by=officer, on=RECEIVED, answer="still_unclear", text="x"
        )
    with pytest.raises(TransitionError, match="最长不得超过20个工作日"):
        services.application_request_extension(
            application=application, by=officer, on=RECEIVED, days=25, reason="x"
        )
    with pytest.raises(TransitionError, match="早于"):
        services.application_withdraw(application=application, by=officer, on=dt.date(2026, 2, 1))
    a = services.application_request_correction(
        application=application,
        by=officer,
        on=RECEIVED,
        correction_due=dt.date(2026, 3, 16),
        note="请写明文号",
    )
    with pytest.raises(TransitionError, match="尚未届满"):
        services.application_close_uncorrected(application=a, by=officer, on=dt.date(2026, 3, 16))
    a = services.application_record_correction(application=a, by=officer, on=dt.date(2026, 3, 9))
    with pytest.raises(TransitionError, match="一次性告知"):
        services.application_request_correction(
            application=a,
            by=officer,
            on=dt.date(2026, 3, 10),
            correction_due=dt.date(2026, 3, 20),
            note="again",
        )
    a = services.application_propose_decision(
        application=a, by=officer, on=dt.date(2026, 3, 10), answer="still_unclear", text="补正后仍不明确。"
    )
    a = services.application_approve_decision(application=a, by=staff.approver, on=dt.date(2026, 3, 11))
    assert a.outcome_row == "unavailable_unclear"


def test_closing_without_a_decision_counts_in_the_other_rows(
    file_application: FileApplication, staff: Staff
) -> None:
    officer = staff.officer
    withdrawn, _ = file_application()
    withdrawn = services.application_withdraw(application=withdrawn, by=officer, on=dt.date(2026, 3, 4))
    assert (withdrawn.status, withdrawn.outcome_row, withdrawn.outcome_on) == (
        State.WITHDRAWN,
        "other_other",
        dt.date(2026, 3, 4),
    )
    abandoned, _ = file_application()
    abandoned = services.application_request_correction(
        application=abandoned, by=officer, on=RECEIVED, correction_due=dt.date(2026, 3, 16), note="请补正"
    )
    abandoned = services.application_close_uncorrected(
        application=abandoned, by=officer, on=dt.date(2026, 3, 17)
    )
    assert (abandoned.status, abandoned.outcome_row) == (State.ABANDONED, "other_no_correction")
    unpaid, _ = file_application()
    unpaid = services.application_notify_fee(application=unpaid, by=officer, on=RECEIVED, pages=250)
    assert unpaid.fee_amount == 4700
    assert unpaid.status == State.AWAITING_FEE
    assert unpaid.applicant_due is not None
    with pytest.raises(TransitionError, match="尚未届满"):
        services.application_close_unpaid(application=unpaid, by=officer, on=unpaid.applicant_due)
    unpaid = services.application_close_unpaid(
        application=unpaid, by=officer, on=unpaid.applicant_due + dt.timedelta(days=1)
    )
    assert (unpaid.status, unpaid.outcome_row) == (State.FEE_UNPAID, "other_fee_unpaid")
    discarded, _ = file_application(register=False)
    discarded = services.application_discard(
        application=discarded, by=officer, on=RECEIVED, reason="重复提交"
    )
    assert (discarded.status, discarded.outcome_row) == (State.DISCARDED, "")


def test_fees_one_method_per_request(file_application: FileApplication, staff: Staff) -> None:
    application, _ = file_application()
    with pytest.raises(FeeMethodConflictError):
        services.application_notify_fee(
            application=application, by=staff.officer, on=RECEIVED, pages=100, per_request=True
        )
    with pytest.raises(TransitionError, match="不收取"):
        services.application_notify_fee(application=application, by=staff.officer, on=RECEIVED, pages=10)
    application.refresh_from_db()
    assert application.status == State.PROCESSING


def test_notes_attachments_and_assignment_are_for_the_handling_agency_only(
    file_application: FileApplication, staff: Staff
) -> None:
    from tests.web.conftest import id_proof

    application, _ = file_application()
    services.note_add(application=application, by=staff.approver, text="请加快办理。")
    services.attachment_add(application=application, by=staff.officer, kind="other", upload=id_proof())
    services.application_assign(application=application, by=staff.approver, to=staff.officer2)
    application.refresh_from_db()
    assert application.assigned_to == staff.officer2
    with pytest.raises(TransitionError):
        services.note_add(application=application, by=staff.other_officer, text="x")
    with pytest.raises(TransitionError):
        services.note_add(application=application, by=staff.supervisor, text="x")
    with pytest.raises(TransitionError, match="不是本机关的承办人"):
        services.application_assign(application=application, by=staff.approver, to=staff.other_officer)


def test_legacy_import_counts_a_decided_case(tree: Tree, staff: Staff) -> None:
    from gongkai.web.applications.services import ImportedOutcome
    from tests.web.conftest import APPLICANT

    imported = services.application_import(
        agency=tree.bureau,
        by=staff.officer,
        applicant=APPLICANT,
        applicant_kind="legal",
        description="旧案",
        channel="in_person",
        received_on=dt.date(2024, 12, 20),
        legacy_number="2024-88",
        outcome=ImportedOutcome(answer="not_held", closing=None, on=dt.date(2025, 1, 10)),
    )
    assert imported.status == State.CLOSED
    assert (imported.outcome_row, imported.outcome_on) == ("unavailable_not_held", dt.date(2025, 1, 10))
    assert imported.number == "WZSP-2024-0001"
    assert imported.legacy_number == "2024-88"


def test_a_mass_request_art_35_reasons_then_a_later_reply_date(
    file_application: FileApplication, staff: Staff
) -> None:
    """Ask for reasons (notice 1), the approver sets a later date (notice 2): the reply is due on that date,
    the public status page says so, and the step cannot be repeated or followed by an extension."""
    application, code = file_application()
    officer, approver = staff.officer, staff.approver
    assert application.reply_due == dt.date(2026, 3, 30)
    with pytest.raises(TransitionError, match="须先要求申请人说明理由"):
        services.application_propose_decision(
            application=application, by=officer, on=RECEIVED, answer="mass", text="x"
        )
    with pytest.raises(TransitionError, match="须先要求申请人说明理由"):
        services.application_set_reply_date(
            application=application, by=approver, on=RECEIVED, reply_on=dt.date(2026, 5, 29), reason="数量大"
        )
    asked_on = dt.date(2026, 3, 4)
    a = services.application_ask_reasons(
        application=application,
        by=officer,
        on=asked_on,
        reasons_due=dt.date(2026, 3, 11),
        note="请说明申请理由。",
    )
    assert a.status == State.PROCESSING
    assert a.reply_due == dt.date(2026, 3, 30)  # asking for reasons stops no clock
    reasons = Notice.objects.get(application=a, kind=Notice.Kind.REASONS)
    assert "第三十五条" in reasons.body
    assert "2026年3月11日前说明申请理由" in reasons.body
    # Only reasons found reasonable allow a later date: none have arrived yet.
    with pytest.raises(TransitionError, match="尚未收到申请人说明的理由"):
        services.application_set_reply_date(
            application=a, by=approver, on=asked_on, reply_on=dt.date(2026, 5, 29), reason="数量大"
        )
    services.attachment_add(
        application=a,
        by=officer,
        kind="reasons",
        upload=SimpleUploadedFile("申请理由说明.png", png_bytes(), "image/png"),
    )
    with pytest.raises(TransitionError, match="不是工作日"):
        services.application_set_reply_date(
            application=a, by=approver, on=asked_on, reply_on=dt.date(2026, 5, 1), reason="数量大"
        )
    with pytest.raises(TransitionError, match="超过一年"):
        services.application_set_reply_date(
            application=a, by=approver, on=asked_on, reply_on=dt.date(2099, 3, 2), reason="数量大"
        )
    with pytest.raises(TransitionError, match="须由负责人办理"):
        services.application_set_reply_date(
            application=a, by=officer, on=asked_on, reply_on=dt.date(2026, 5, 29), reason="数量大"
        )
    with pytest.raises(TransitionError, match="应当晚于现在的答复期限"):
        services.application_set_reply_date(
            application=a, by=approver, on=asked_on, reply_on=dt.date(2026, 3, 30), reason="数量大"
        )
    with pytest.raises(TransitionError, match="已经届满"):
        services.application_set_reply_date(
            application=a,
            by=approver,
            on=dt.date(2026, 3, 31),
            reply_on=dt.date(2026, 5, 29),
            reason="数量大",
        )
    before = audit_actions(a)
    a = services.application_set_reply_date(
        application=a,
        by=approver,
        on=dt.date(2026, 3, 12),
        reply_on=dt.date(2026, 5, 29),
        reason="所需文件数量巨大",
    )
    assert a.reply_due == dt.date(2026, 5, 29)
    assert a.reply_due_provisional is False
    assert audit_actions(a)[len(before) :] == ["application.set_reply_date", "notice.issue"]
    deferral = Notice.objects.get(application=a, kind=Notice.Kind.DEFERRAL)
    assert "2026年5月29日前作出答复" in deferral.body
    assert "所需文件数量巨大" in deferral.body
    status = public_status_by_number_and_code(a.number, code)
    assert status is not None
    assert status.deadlines.reply_due == dt.date(2026, 5, 29)
    with pytest.raises(TransitionError, match="第三十五条.*不能再延期"):
        services.application_request_extension(
            application=a, by=officer, on=dt.date(2026, 3, 13), days=10, reason="x"
        )
    with pytest.raises(TransitionError, match="不能再次确定"):
        services.application_set_reply_date(
            application=a, by=approver, on=dt.date(2026, 3, 13), reply_on=dt.date(2026, 6, 30), reason="x"
        )
    a = services.application_propose_decision(
        application=a, by=officer, on=dt.date(2026, 5, 20), answer="disclosed", text="见附件。"
    )
    a = services.application_approve_decision(application=a, by=approver, on=dt.date(2026, 5, 22))
    assert a.outcome_row == "granted"


def test_a_mass_request_declined_after_the_reasons_were_asked(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    a = services.application_ask_reasons(
        application=application,
        by=staff.officer,
        on=RECEIVED,
        reasons_due=dt.date(2026, 3, 9),
        note="请说明理由。",
    )
    with pytest.raises(TransitionError, match="已经要求申请人说明过理由"):
        services.application_ask_reasons(
            application=a, by=staff.officer, on=RECEIVED, reasons_due=dt.date(2026, 3, 9), note="再次"
        )
    # Not declined while the applicant still has time to give reasons (and has given none).
    with pytest.raises(TransitionError, match="2026-03-09"):
        services.application_propose_decision(
            application=a, by=staff.officer, on=dt.date(2026, 3, 9), answer="mass", text="不予处理。"
        )
    a = services.application_propose_decision(
        application=a,
        by=staff.officer,
        on=dt.date(2026, 3, 10),
        answer="mass",
        text="申请理由不合理，不予处理。",
    )
    a = services.application_approve_decision(application=a, by=staff.approver, on=dt.date(2026, 3, 10))
    assert a.outcome_row == "declined_mass"


def test_the_help_an_applicant_needs_is_kept_art_43(file_application: FileApplication) -> None:
    application, _ = file_application(assistance="  视力不好，请电话告知办理进展  ")
    assert application.assistance == "视力不好，请电话告知办理进展"


def test_disclosing_over_a_third_party_objection_needs_the_public_interest_art_32(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    officer, approver = staff.officer, staff.approver
    a = services.application_start_consultation(
        application=application, by=officer, on=RECEIVED, party="吴忠市某房地产开发有限公司"
    )
    with pytest.raises(TransitionError, match="请选择第三方或其他机关的意见"):
        services.application_end_consultation(
            application=a, by=officer, on=dt.date(2026, 3, 9), response="maybe"
        )
    with pytest.raises(TransitionError, match="摘要记录其理由"):
        services.application_end_consultation(
            application=a, by=officer, on=dt.date(2026, 3, 9), response="objected"
        )
    a = services.application_end_consultation(
        application=a, by=officer, on=dt.date(2026, 3, 9), response="objected", result="涉及本公司商业秘密"
    )
    event = a.events.get(action="end_consultation")
    assert event.data["response"] == "objected"
    with pytest.raises(TransitionError, match="第三十二条"):
        services.application_propose_decision(
            application=a, by=officer, on=dt.date(2026, 3, 10), answer="disclosed", text="见附件。"
        )
    partial = services.application_propose_decision(
        application=a, by=officer, on=dt.date(2026, 3, 10), answer="partial", text="商业秘密部分不予公开。"
    )
    assert partial.public_interest == ""
    a = services.application_return_decision(
        application=partial, by=approver, on=dt.date(2026, 3, 10), note="重拟"
    )
    a = services.application_propose_decision(
        application=a,
        by=officer,
        on=dt.date(2026, 3, 11),
        answer="disclosed",
        text="项目的环境影响评价文件全文。",
        public_interest="项目涉及周边居民的饮用水安全，不公开可能对公共利益造成重大影响。",
    )
    assert a.public_interest.startswith("项目涉及周边居民")
    a = services.application_approve_decision(application=a, by=approver, on=dt.date(2026, 3, 12))
    kinds = list(a.notices.order_by("seq").values_list("kind", flat=True))
    assert kinds == ["decision", "third_party"]
    to_party = a.notices.get(kind="third_party")
    assert to_party.body.startswith("吴忠市某房地产开发有限公司：")
    assert "饮用水安全" in to_party.body
    assert "项目的环境影响评价文件全文" in to_party.body
    assert "马建国" not in to_party.body  # the applicant's name is not the third party's business


def test_a_public_interest_reason_without_an_objection_is_not_kept(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    a = services.application_propose_decision(
        application=application,
        by=staff.officer,
        on=RECEIVED,
        answer="disclosed",
        text="见附件。",
        public_interest="x",
    )
    a = services.application_approve_decision(application=a, by=staff.approver, on=RECEIVED)
    assert a.public_interest == ""
    assert list(a.notices.values_list("kind", flat=True)) == ["decision"]


def _stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_a_refused_application_leaves_no_file_behind(tree: Tree, transactional_db: Any) -> None:
    before = _stored_files()
    with pytest.raises(TransitionError):
        # Registering needs a member of staff: refused after the identity proof was stored.
        services.application_create(
            agency=tree.bureau, applicant=APPLICANT, applicant_kind="natural", description="某文件",
            requested_form="paper", delivery="post", channel="in_person", arrived_on=RECEIVED,
            id_proof=id_proof(), by=None, register=True,
        )  # fmt: skip
    assert not Application.objects.exists()
    assert _stored_files() == before


def test_a_file_added_by_an_action_that_then_fails_is_removed(
    file_application: FileApplication, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    application, _ = file_application()
    before = _stored_files()

    def database_fails(**_kwargs: object) -> None:
        raise DatabaseError("database is locked")

    # The last step of the action fails after the file was stored: the row is rolled back, the file must go too.
    monkeypatch.setattr(services, "audit_record", database_fails)
    upload = SimpleUploadedFile("申请书.png", png_bytes(), content_type="image/png")
    with pytest.raises(DatabaseError):
        services.attachment_add(application=application, by=staff.officer, kind="request", upload=upload)
    assert _stored_files() == before
    assert application.attachments.count() == 1  # the identity proof only


def test_files_no_row_names_are_listed_and_deleted_on_request(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    proof = application.attachments.get().file.name
    assert proof is not None
    root = Path(settings.MEDIA_ROOT)
    folder = root / f"applications/{application.agency_id}/{application.pk}"
    stray, fresh = folder / "stray.png", folder / "fresh.png"
    stray.write_bytes(png_bytes())
    fresh.write_bytes(png_bytes())
    two_hours_ago = time.time() - 7200
    os.utime(stray, (two_hours_ago, two_hours_ago))
    os.utime(root / proof, (two_hours_ago, two_hours_ago))

    out = StringIO()
    call_command("unreferenced_files", stdout=out)
    listed = out.getvalue()
    assert str(stray.relative_to(root)) in listed
    assert "fresh.png" not in listed  # may belong to an action still running
    assert proof not in listed
    assert stray.exists()

    call_command("unreferenced_files", "--delete", stdout=StringIO())
    assert not stray.exists()
    assert fresh.exists()
    assert (root / proof).exists()
    event = AuditEvent.objects.get(action="files.unreferenced_deleted")
    assert str(stray.relative_to(root)) in event.details["names"]


def test_a_mass_request_may_be_declined_once_the_reasons_arrived(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    a = reasons_asked_and_received(
        application, by=staff.officer, on=RECEIVED, reasons_due=dt.date(2026, 3, 20)
    )
    a = services.application_propose_decision(
        application=a, by=staff.officer, on=dt.date(2026, 3, 5), answer="mass", text="理由不合理，不予处理。"
    )
    assert a.status == State.DECISION_PENDING


def test_no_extension_once_the_reply_period_has_run_out_art_33(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    assert application.reply_due == dt.date(2026, 3, 30)
    with pytest.raises(TransitionError, match="2026-03-30.*已经届满"):
        services.application_request_extension(
            application=application, by=staff.officer, on=dt.date(2026, 3, 31), days=10, reason="档案多"
        )
    a = services.application_request_extension(
        application=application, by=staff.officer, on=dt.date(2026, 3, 30), days=10, reason="档案多"
    )
    with pytest.raises(TransitionError, match="已经届满"):
        services.application_approve_extension(application=a, by=staff.approver, on=dt.date(2026, 3, 31))
    assert not Notice.objects.filter(application=a, kind=Notice.Kind.EXTENSION).exists()
    a = services.application_approve_extension(application=a, by=staff.approver, on=dt.date(2026, 3, 30))
    assert a.reply_due == dt.date(2026, 4, 14)


def test_no_reply_from_a_consulted_party_only_after_its_15_working_days_art_32(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    a = services.application_start_consultation(
        application=application, by=staff.officer, on=RECEIVED, party="某公司"
    )
    # 15 working days from 2 March 2026: 23 March.
    with pytest.raises(TransitionError, match="2026-03-23.*逾期未提出意见"):
        services.application_end_consultation(
            application=a, by=staff.officer, on=dt.date(2026, 3, 23), response="no_reply"
        )
    a = services.application_end_consultation(
        application=a, by=staff.officer, on=dt.date(2026, 3, 24), response="no_reply"
    )
    assert a.status == State.PROCESSING


def test_an_approval_is_of_the_proposal_the_approver_read(
    file_application: FileApplication, staff: Staff
) -> None:
    from gongkai.web.applications.selectors import latest_proposal

    application, _ = file_application()
    a = services.application_propose_decision(
        application=application, by=staff.officer, on=RECEIVED, answer="disclosed", text="见附件。"
    )
    read = latest_proposal(a)
    a = services.application_return_decision(application=a, by=staff.approver, on=RECEIVED, note="再核")
    a = services.application_propose_decision(
        application=a, by=staff.officer, on=RECEIVED, answer="withheld_secret", text="属于国家秘密。"
    )
    with pytest.raises(TransitionError, match="又修改了拟答复内容"):
        services.application_approve_decision(application=a, by=staff.approver, on=RECEIVED, proposal=read)
    assert Application.objects.get(pk=a.pk).status == State.DECISION_PENDING
    a = services.application_approve_decision(
        application=a, by=staff.approver, on=RECEIVED, proposal=latest_proposal(a)
    )
    assert a.outcome_row == "withheld_secret"


@pytest.mark.parametrize(
    ("arrived", "message"),
    [(dt.date(2099, 1, 5), "晚于今天"), (dt.date(1990, 1, 1), "早于政府信息公开条例施行之日")],
)
def test_an_application_cannot_arrive_in_the_future_or_before_the_regulations(
    file_application: FileApplication, arrived: dt.date, message: str
) -> None:
    with pytest.raises(CaseDataError, match=message):
        file_application(arrived_on=arrived)
    assert not Application.objects.exists()


def test_the_same_form_sent_twice_files_one_case(file_application: FileApplication) -> None:
    first, _ = file_application(submission_token="a" * 32)
    with pytest.raises(DuplicateSubmissionError, match=first.number) as raised:
        file_application(submission_token="a" * 32)
    assert raised.value.context["number"] == first.number
    assert Application.objects.count() == 1
    second, _ = file_application(submission_token="b" * 32)
    assert second.seq == first.seq + 1  # the refused one used no number
