"""Public pages: the agencies, each agency's 指南, the online application, the receipt, the status lookup and the
applicant's own notices."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gongkai.core.errors import DuplicateSubmissionError, GongkaiError
from gongkai.web.agencies.selectors import agencies_accepting_online, agency_by_code, agency_chain
from gongkai.web.applications import selectors as application_selectors
from gongkai.web.applications import services as application_services
from gongkai.web.applications.models import Channel
from gongkai.web.common.clock import today
from gongkai.web.common.downloads import DOCUMENT_TYPES, document_response
from gongkai.web.common.forms import ApplicationForm
from gongkai.web.common.ratelimit import rate_limited, too_many_requests
from gongkai.web.common.submissions import new_submission_token, posted_submission_token
from gongkai.web.portal.forms import ApplicantReplyForm, StatusForm, WithdrawalForm

_RECEIPT_KEY = "gongkai_receipt"
# A successful status lookup hands out links to the applicant's notices and, when the agency waits for a
# correction or reasons, to the page that sends them: signed, and valid for half an hour, so the query code itself
# never travels in a URL.
_CASE_LINK_SALT = "gongkai.portal.case"
CASE_LINK_MAX_AGE = 30 * 60


def case_link_token(number: str) -> str:
    return signing.dumps(number, salt=_CASE_LINK_SALT)


def _case_number(token: str) -> str | None:
    try:
        number = signing.loads(token, salt=_CASE_LINK_SALT, max_age=CASE_LINK_MAX_AGE)
    except signing.BadSignature:  # also an expired link (SignatureExpired)
        return None
    return number if isinstance(number, str) else None


def _case_link(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A page reached by a signed case link: the view gets the case number instead of the token; a forged or
    expired link gets the "link expired" page. Never cached."""

    @never_cache
    @wraps(view)
    def checked(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
        number = _case_number(token)
        if number is None:
            return render(request, "portal/link_expired.html", status=410)
        return view(request, number, token, *args, **kwargs)

    return checked


def _form_error(error: GongkaiError | ValidationError) -> str:
    """A refused service call as one line for the top of the form."""
    return "；".join(error.messages) if isinstance(error, ValidationError) else str(error)


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/home.html", {"agencies": agencies_accepting_online(), "status_form": StatusForm()}
    )


def guide(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_by_code(code)
    if agency is None:
        raise Http404
    return render(request, "portal/guide.html", {"agency": agency, "chain": agency_chain(agency)})


def apply(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_by_code(code)
    if agency is None or not agency.accepts_online:
        raise Http404
    if request.method != "POST":
        context = {"agency": agency, "form": ApplicationForm(), "submission_token": new_submission_token()}
        return render(request, "portal/apply.html", context)
    # Every attempt counts against a generous limit (checking uploads costs work); only a filed application
    # against the strict one, so that a few mistyped fields never lock an applicant out.
    if rate_limited(request, "apply_attempt"):
        return too_many_requests(request, "apply_attempt")
    form = ApplicationForm(request.POST, request.FILES)
    token = posted_submission_token(request)
    if form.is_valid():
        if rate_limited(request, "apply"):
            return too_many_requests(request, "apply")
        data = form.cleaned_data
        try:
            application, query_code = application_services.application_create(
                agency=agency,
                applicant=application_services.ApplicantData.from_form(data),
                applicant_kind=data["applicant_kind"],
                description=data["description"],
                requested_form=data["requested_form"],
                delivery=data["delivery"],
                channel=Channel.ONLINE,
                arrived_on=today(),
                id_proof=data["id_proof"],
                assistance=data.get("assistance") or "",
                submission_token=token,
            )
        except DuplicateSubmissionError as error:
            # The first submission's receipt is still in the session unless it was already shown.
            if request.session.get(_RECEIPT_KEY, {}).get("number") == error.context.get("number"):
                return redirect("portal:receipt")
            return render(
                request, "portal/already_submitted.html", {"number": error.context.get("number")}, status=409
            )
        except (GongkaiError, ValidationError) as error:
            form.add_error(None, _form_error(error))
        else:
            request.session[_RECEIPT_KEY] = {
                "number": application.number,
                "code": query_code,
                "agency": agency.name,
                "submitted_on": today().isoformat(),
            }
            return redirect("portal:receipt")
    context = {"agency": agency, "form": form, "submission_token": token}
    return render(request, "portal/apply.html", context)


@never_cache
def receipt(request: HttpRequest) -> HttpResponse:
    """The tracking number and query code, shown once: the next person at a shared computer (a service hall's
    terminal) must not find them by going back to this page."""
    data: dict[str, Any] | None = request.session.pop(_RECEIPT_KEY, None)
    if not data:
        return redirect("portal:home")
    return render(request, "portal/receipt.html", {"receipt": data})


def status(request: HttpRequest) -> HttpResponse:
    """Progress and deadlines of one case, for whoever has its number and query code; nothing else."""
    form = StatusForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST":
        if rate_limited(request, "status"):
            return too_many_requests(request, "status")
        if form.is_valid():
            shown = application_selectors.public_status_by_number_and_code(
                form.cleaned_data["number"], form.cleaned_data["code"], today=today()
            )
            if shown is None:
                form.add_error(None, _("申请编号或查询码不正确。请核对后重新输入。"))
            else:
                context.update(shown=shown, today=today())
                notices = any(
                    e.action in application_selectors.APPLICANT_NOTICE_ACTIONS for e in shown.events
                )
                if notices or shown.reply_expected is not None or shown.may_withdraw:
                    context["case_token"] = case_link_token(shown.number)
                    context["has_notices"] = notices
    return render(request, "portal/status.html", context)


@_case_link
def documents(request: HttpRequest, number: str, token: str) -> HttpResponse:
    """The notices sent to the applicant (答复告知书, 补正告知书 …), reached from a successful status lookup."""
    notices = application_selectors.applicant_notices(number)
    return render(request, "portal/documents.html", {"number": number, "notices": notices, "token": token})


@_case_link
def document(request: HttpRequest, number: str, token: str, pk: int, fmt: str) -> FileResponse:
    notice = application_selectors.applicant_notice(number, pk)
    if notice is None or fmt not in DOCUMENT_TYPES:
        raise Http404
    notice = application_services.notice_files(notice=notice)
    application_services.application_record_view(
        application=notice.application, by=None, what="notice", personal_data=True, obj_id=notice.pk
    )
    return document_response(
        fmt=fmt, pdf=notice.pdf, docx=notice.docx, name=f"{notice.number}-{notice.title}"
    )


@_case_link
def reply(request: HttpRequest, number: str, token: str) -> HttpResponse:
    """The applicant sends the correction or the reasons the agency waits for (then the officer records it)."""
    found = application_selectors.applicant_reply_case(number)
    if found is None:
        raise Http404
    application, expected = found
    if expected is None:
        return render(request, "portal/reply.html", {"number": number, "expected": None, "token": token})
    form = ApplicantReplyForm(request.POST or None, request.FILES or None, expected=expected)
    if request.method == "POST":
        if rate_limited(request, "apply"):
            return too_many_requests(request, "apply")
        if form.is_valid():
            try:
                application_services.application_receive_online_reply(
                    application=application, text=form.cleaned_data["text"], upload=form.cleaned_data["file"]
                )
            except (GongkaiError, ValidationError) as error:
                form.add_error(None, _form_error(error))
            else:
                return render(request, "portal/reply_done.html", {"number": number, "expected": expected})
    context = {
        "number": number,
        "expected": expected,
        "form": form,
        "token": token,
        "agency": application.agency,
    }
    return render(request, "portal/reply.html", context)


@_case_link
def withdraw(request: HttpRequest, number: str, token: str) -> HttpResponse:
    """The applicant withdraws before the decision; the officer then records the withdrawal."""
    application = application_selectors.application_by_number(number)
    if application is None:
        raise Http404
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST":
        if rate_limited(request, "apply"):
            return too_many_requests(request, "apply")
        if form.is_valid():
            try:
                application_services.application_request_withdrawal_online(
                    application=application, reason=form.cleaned_data["reason"]
                )
            except GongkaiError as error:
                form.add_error(None, _form_error(error))
            else:
                return render(request, "portal/withdraw_done.html", {"number": number})
    return render(request, "portal/withdraw.html", {"number": number, "form": form, "token": token})
