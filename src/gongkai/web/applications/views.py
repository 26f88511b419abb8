"""The staff back office: queues, search, the case page and one page per lawful action."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.core.cases import (
    STATE_LABELS,
    TRANSITIONS,
    Action,
    Role,
    Transition,
    check_transition,
    next_actions,
)
from gongkai.core.errors import DuplicateSubmissionError, GongkaiError, TransitionError
from gongkai.web.agencies.selectors import agencies_with_role, visible_agencies
from gongkai.web.applications import selectors, services
from gongkai.web.applications.deadlines import application_deadlines
from gongkai.web.applications.export import applications_xlsx
from gongkai.web.applications.forms import (
    ACTION_FORMS,
    AssignForm,
    AttachmentForm,
    FilterForm,
    NoteAddForm,
    StaffApplicationForm,
)
from gongkai.web.applications.models import Application
from gongkai.web.common.clock import today
from gongkai.web.common.downloads import DOCUMENT_TYPES, document_response, file_response
from gongkai.web.common.submissions import new_submission_token, posted_submission_token
from gongkai.web.workdays.selectors import next_year_gap

logger = logging.getLogger(__name__)

Perform = Callable[[Application, User, dict[str, Any]], Application]

_PERFORM: dict[Action, Perform] = {
    Action.REGISTER: lambda a, u, d: services.application_register(application=a, by=u, on=d["on"]),
    Action.DISCARD: lambda a, u, d: services.application_discard(
        application=a, by=u, on=d["on"], reason=d["note"]
    ),
    Action.REQUEST_CORRECTION: lambda a, u, d: services.application_request_correction(
        application=a, by=u, on=d["on"], correction_due=d["correction_due"], note=d["note"]
    ),
    Action.RECORD_CORRECTION: lambda a, u, d: services.application_record_correction(
        application=a, by=u, on=d["on"], note=d["note"], files=[d["file"]] if d.get("file") else []
    ),
    Action.CLOSE_UNCORRECTED: lambda a, u, d: services.application_close_uncorrected(
        application=a, by=u, on=d["on"], note=d["note"]
    ),
    Action.START_CONSULTATION: lambda a, u, d: services.application_start_consultation(
        application=a, by=u, on=d["on"], party=d["party"], note=d["note"]
    ),
    Action.END_CONSULTATION: lambda a, u, d: services.application_end_consultation(
        application=a, by=u, on=d["on"], response=d["response"], result=d["note"]
    ),
    Action.REQUEST_EXTENSION: lambda a, u, d: services.application_request_extension(
        application=a, by=u, on=d["on"], days=d["days"], reason=d["note"]
    ),
    Action.APPROVE_EXTENSION: lambda a, u, d: services.application_approve_extension(
        application=a, by=u, on=d["on"]
    ),
    Action.REFUSE_EXTENSION: lambda a, u, d: services.application_refuse_extension(
        application=a, by=u, on=d["on"], note=d["note"]
    ),
    Action.NOTIFY_FEE: lambda a, u, d: services.application_notify_fee(
        application=a,
        by=u,
        on=d["on"],
        pages=d["pages"],
        per_request=d["method"] == "per_request",
        note=d["note"],
    ),
    Action.RECORD_PAYMENT: lambda a, u, d: services.application_record_payment(
        application=a, by=u, on=d["on"], note=d["note"]
    ),
    Action.CLOSE_UNPAID: lambda a, u, d: services.application_close_unpaid(
        application=a, by=u, on=d["on"], note=d["note"]
    ),
    Action.PROPOSE_DECISION: lambda a, u, d: services.application_propose_decision(
        application=a,
        by=u,
        on=d["on"],
        answer=d["answer"],
        text=d["text"],
        public_interest=d["public_interest"],
    ),
    Action.APPROVE_DECISION: lambda a, u, d: services.application_approve_decision(
        application=a, by=u, on=d["on"], proposal=d.get("proposal")
    ),
    Action.RETURN_DECISION: lambda a, u, d: services.application_return_decision(
        application=a, by=u, on=d["on"], note=d["note"]
    ),
    Action.RECORD_SERVICE: lambda a, u, d: services.application_record_service(
        application=a, by=u, on=d["on"], how=d["how"], note=d["note"]
    ),
    Action.CLOSE: lambda a, u, d: services.application_close(application=a, by=u, on=d["on"]),
    Action.WITHDRAW: lambda a, u, d: services.application_withdraw(
        application=a, by=u, on=d["on"], note=d["note"]
    ),
    Action.ASK_REASONS: lambda a, u, d: services.application_ask_reasons(
        application=a, by=u, on=d["on"], reasons_due=d["reasons_due"], note=d["note"]
    ),
    Action.SET_REPLY_DATE: lambda a, u, d: services.application_set_reply_date(
        application=a, by=u, on=d["on"], reply_on=d["reply_on"], reason=d["note"]
    ),
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _staff_only(request: HttpRequest) -> None:
    if not visible_agencies(request.user).exists():
        raise Http404


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    day = today()
    counts = selectors.queue_counts(request.user, today=day)
    queues = [(name, label, counts.get(name)) for name, label in selectors.QUEUES.items()]
    summaries = selectors.agency_case_summaries(request.user, today=day, year=day.year)
    # Registering a paper application or importing old cases is a case officer's work (a supervisor only reads).
    can_register = agencies_with_role(request.user, Role.OFFICER).exists()
    gap = next_year_gap(on=day, user=request.user)
    return render(
        request,
        "applications/dashboard.html",
        {
            "queues": queues,
            "summaries": summaries,
            "year": day.year,
            "can_register": can_register,
            "calendar_gap": gap,
        },
    )


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    name = request.GET.get("queue", "all")
    if name not in selectors.QUEUES:
        name = "all"
    agencies = list(visible_agencies(request.user).values_list("pk", "name"))
    form = FilterForm(request.GET or None, agencies=agencies)
    applications = selectors.queue(request.user, name, today=today())
    filters_valid = form.is_valid() if form.is_bound else True
    if form.is_bound:
        # A filter that is not valid is shown with its error; the valid ones still apply (never the whole queue
        # in place of what was asked for).
        data = form.cleaned_data
        applications = selectors.applications_search(
            applications,
            user=request.user,
            text=data.get("q") or "",
            status=data.get("status") or "",
            applicant_kind=data.get("kind") or "",
            year=data.get("year"),
            agency_id=int(data["agency"]) if data.get("agency") else None,
            answer=data.get("answer") or "",
        )
    if request.GET.get("format") == "xlsx" and not filters_valid:
        messages.error(request, _("筛选条件有误，未导出。请先改正标出的筛选条件。"))
    elif request.GET.get("format") == "xlsx":
        content, count = applications_xlsx(applications, title=str(selectors.QUEUES[name]))
        services.applications_exported(by=_user(request), queue=name, count=count)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="gongkai-{name}-{today():%Y%m%d}.xlsx"'
        return response
    page = Paginator(applications.select_related("agency", "assigned_to"), 50).get_page(
        request.GET.get("page")
    )
    counts = selectors.queue_counts(request.user, today=today())
    return render(
        request,
        "applications/list.html",
        {
            "queue": name,
            "queues": [(q, label, counts.get(q)) for q, label in selectors.QUEUES.items()],
            "form": form,
            "page": page,
            "several_agencies": len(agencies) > 1,
            "today": today(),
        },
    )


@login_required
def application_create(request: HttpRequest) -> HttpResponse:
    agency = agencies_with_role(request.user, Role.OFFICER).first()
    if agency is None:
        raise Http404
    token = new_submission_token()
    if request.method == "POST":
        form = StaffApplicationForm(request.POST, request.FILES)
        token = posted_submission_token(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                application, code = services.application_create(
                    agency=agency,
                    applicant=services.ApplicantData.from_form(data),
                    applicant_kind=data["applicant_kind"],
                    description=data["description"],
                    requested_form=data["requested_form"],
                    delivery=data["delivery"],
                    channel=data["channel"],
                    arrived_on=data["arrived_on"],
                    signed_on=data["signed_on"],
                    confirmed_on=data["confirmed_on"],
                    id_proof=data.get("id_proof"),
                    by=_user(request),
                    register=True,
                    assistance=data.get("assistance") or "",
                    submission_token=token,
                )
            except DuplicateSubmissionError as error:
                earlier = selectors.application_by_number(str(error.context.get("number", "")))
                if earlier is None:  # pragma: no cover - the service named a case that exists
                    raise
                messages.info(request, str(error))
                return redirect("office:case", pk=earlier.pk)
            except (GongkaiError, ValidationError) as error:
                form.add_error(None, _message(error))
            else:
                messages.success(
                    request,
                    _("已登记申请 %(number)s。请将查询码 %(code)s 告知申请人（只显示这一次）。")
                    % {"number": application.number, "code": code},
                )
                return redirect("office:case", pk=application.pk)
    else:
        form = StaffApplicationForm(initial={"arrived_on": today()})
    context = {"form": form, "agency": agency, "submission_token": token}
    return render(request, "applications/create.html", context)


def _message(error: GongkaiError | ValidationError) -> str:
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error)


def _case_or_404(request: HttpRequest, pk: int) -> selectors.CaseView:
    view = selectors.application_for_user(request.user, pk)
    if view is None:
        raise Http404
    return view


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    view = _case_or_404(request, pk)
    application = view.application
    services.application_record_view(
        application=application,
        by=_user(request),
        what="application",
        personal_data=view.access.sees_personal_data,
    )
    result = application_deadlines(application, events=view.events, as_of=today())
    actions = next_actions(application.status, roles=view.access.roles, history=view.history)
    officers: list[tuple[str, str]] = []
    if view.access.sees_personal_data:
        officers = selectors.officers_of(application.agency)
    return render(
        request,
        "applications/detail.html",
        {
            "view": view,
            "application": application,
            "applicant": application.applicant,
            "deadlines": result,
            "actions": actions,
            "note_form": NoteAddForm(),
            "attachment_form": AttachmentForm(),
            "assign_form": AssignForm(officers=officers) if officers else None,
            "can_reissue_code": Role.OFFICER in view.access.roles,
            "can_send_notices": bool(view.access.roles & {Role.OFFICER, Role.APPROVER, Role.ADMIN}),
            "reads_audit_trail": view.reads_audit_trail,
            "today": today(),
        },
    )


AUDIT_TRAIL_PAGE_SIZE = 50
# Logged without an account by the platform itself; any other entry without one is the applicant's, online.
SYSTEM_AUDIT_ACTIONS = ("application.deadlines_recalculated",)


@login_required
def application_audit_trail(request: HttpRequest, pk: int) -> HttpResponse:
    view = _case_or_404(request, pk)
    if not view.reads_audit_trail:
        raise PermissionDenied
    application = view.application
    services.application_record_view(
        application=application, by=_user(request), what="audit_log", personal_data=False
    )
    page = Paginator(selectors.case_audit_trail(application), AUDIT_TRAIL_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"application": application, "page": page, "system_actions": SYSTEM_AUDIT_ACTIONS}
    return render(request, "applications/audit.html", context)


def _refusal(application: Application, step: Transition, view: selectors.CaseView) -> str:
    """Why an action is not offered: the state (translated), or the role or an earlier step (the core's words)."""
    if application.state not in step.sources:
        return _("案件当前状态为“%(state)s”，不能执行“%(action)s”。") % {
            "state": _(STATE_LABELS[application.state]),
            "action": _(step.label),
        }
    try:
        check_transition(application.status, step.action, roles=view.access.roles, history=view.history)
    except TransitionError as error:
        return str(error)
    return _("不能执行“%(action)s”。") % {"action": _(step.label)}  # pragma: no cover - lawful after all


@login_required
def application_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    view = _case_or_404(request, pk)
    application = view.application
    try:
        chosen = Action(action)
    except ValueError:
        raise Http404 from None
    step = TRANSITIONS[chosen]
    lawful = {
        t.action for t in next_actions(application.status, roles=view.access.roles, history=view.history)
    }
    form_class = ACTION_FORMS[chosen]
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                _PERFORM[chosen](application, _user(request), form.cleaned_data)
            except (GongkaiError, ValidationError) as error:
                form.add_error(None, _message(error))
            else:
                messages.success(request, _("已完成：%(action)s。") % {"action": _(step.label)})
                return redirect("office:case", pk=application.pk)
    else:
        if chosen not in lawful:
            messages.error(request, _refusal(application, step, view))
            return redirect("office:case", pk=application.pk)
        initial: dict[str, Any] = {}
        if chosen is Action.PROPOSE_DECISION and application.answer:
            initial = {
                "answer": application.answer,
                "text": application.decision_text,
                "public_interest": application.public_interest,
            }
        if chosen is Action.APPROVE_DECISION:
            initial = {"proposal": selectors.latest_proposal(application)}
        form = form_class(initial=initial)
    return render(
        request,
        "applications/action.html",
        {
            "application": application,
            "step": step,
            "form": form,
            "action": chosen.value,
            "lawful": chosen in lawful,
        },
    )


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    view = _case_or_404(request, pk)
    form = NoteAddForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(application=view.application, by=_user(request), text=form.cleaned_data["text"])
        except GongkaiError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已添加备注。"))
    return redirect("office:case", pk=pk)


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    view = _case_or_404(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("office:case", pk=pk)
    try:
        services.attachment_add(
            application=view.application,
            by=_user(request),
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
    except (GongkaiError, ValidationError) as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("已上传材料。"))
    return redirect("office:case", pk=pk)


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    view = _case_or_404(request, pk)
    officers = selectors.officers_of(view.application.agency)
    form = AssignForm(request.POST, officers=officers)
    if form.is_valid():
        officer = selectors.staff_user(int(form.cleaned_data["officer"]))
        try:
            services.application_assign(application=view.application, by=_user(request), to=officer)
        except GongkaiError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已分配承办人。"))
    else:
        messages.error(request, _("只能分配给本机关的承办人，请从列表中选择。"))
    return redirect("office:case", pk=pk)


@login_required
@require_POST
@never_cache
def reissue_query_code(request: HttpRequest, pk: int) -> HttpResponse:
    view = _case_or_404(request, pk)
    try:
        code = services.application_reissue_query_code(application=view.application, by=_user(request))
    except GongkaiError as error:
        messages.error(request, str(error))
        return redirect("office:case", pk=pk)
    return render(request, "applications/query_code.html", {"application": view.application, "code": code})


@login_required
@require_POST
def notice_email(request: HttpRequest, pk: int, notice_pk: int) -> HttpResponse:
    notice = selectors.notice_for(request.user, pk, notice_pk)
    if notice is None:
        raise Http404
    try:
        address = services.notice_send_by_email(notice=notice, by=_user(request))
    except GongkaiError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("已将“%(title)s”发送至 %(address)s。") % {"title": notice.title, "address": address}
        )
    return redirect("office:case", pk=pk)


@login_required
def attachment_download(request: HttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
    attachment = selectors.attachment_for(request.user, pk, file_pk)
    if attachment is None:
        raise Http404
    services.application_record_view(
        application=attachment.application,
        by=_user(request),
        what="attachment",
        personal_data=True,
        obj_id=attachment.pk,
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        logger.error(
            "attachment %s of case %s: stored file %s missing", attachment.pk, pk, attachment.file.name
        )
        context = {"application": attachment.application}
        return render(request, "applications/file_missing.html", context, status=404)
    return file_response(handle, content_type=attachment.content_type, filename=attachment.original_name)


@login_required
def notice_download(request: HttpRequest, pk: int, notice_pk: int, fmt: str) -> FileResponse:
    notice = selectors.notice_for(request.user, pk, notice_pk)
    if notice is None or fmt not in DOCUMENT_TYPES:
        raise Http404
    notice = services.notice_files(notice=notice)
    services.application_record_view(
        application=notice.application, by=_user(request), what="notice", personal_data=True, obj_id=notice.pk
    )
    return document_response(
        fmt=fmt, pdf=notice.pdf, docx=notice.docx, name=f"{notice.number}-{notice.title}"
    )
