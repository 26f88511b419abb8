"""The appeals ledger in the back office: queues, a case, registering, extending, concluding, correcting, table 四."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.core.errors import GongkaiError
from gongkai.core.report.templates import TEMPLATE_2021
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import handled_agencies, user_access
from gongkai.web.appeals import selectors, services
from gongkai.web.appeals.forms import AppealForm, ConcludeForm, CorrectForm, ExtendForm
from gongkai.web.common.clock import today
from gongkai.web.common.params import object_param, year_param


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _message(error: GongkaiError | ValidationError) -> str:
    return "；".join(error.messages) if isinstance(error, ValidationError) else str(error)


def _agency(request: HttpRequest) -> Agency:
    agencies = selectors.ledger_agencies(request.user)
    wanted = request.GET.get("agency") or request.POST.get("agency")
    agency = object_param(agencies, wanted)
    # Else the first agency whose cases the user handles (sees with personal data), else the first one shown.
    agency = agency or handled_agencies(request.user).order_by("path").first()
    agency = agency or agencies.order_by("path").first()
    if agency is None:
        raise Http404
    return agency


def _year(raw: str | None) -> int | None:
    return year_param(raw)


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    name = request.GET.get("queue", "all")
    if name not in selectors.QUEUES:
        name = "all"
    now = today()
    year = _year(request.GET.get("year"))
    cases = selectors.ledger(agency, name, today=now, year=year)
    counts = selectors.ledger_counts(agency, today=now)
    access = user_access(request.user, agency)
    return render(
        request,
        "appeals/ledger.html",
        {
            "agency": agency,
            "agencies": selectors.ledger_agencies(request.user),
            "queue": name,
            "queues": [(q, label, counts.get(q)) for q, label in selectors.QUEUES.items()],
            "page": Paginator(cases, 50).get_page(request.GET.get("page")),
            "sees_personal_data": access.sees_personal_data,
            "year": year,
            "today": now,
        },
    )


def _previous_choices(agency: Agency) -> list[tuple[str, str]]:
    return [
        (str(c.pk), f"{c.case_number or '#' + str(c.pk)} · {c.filed_on:%Y-%m-%d}")
        for c in selectors.reconsiderations_of(agency)[:200]
    ]


@login_required
def appeal_create(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    if not user_access(request.user, agency).sees_personal_data:
        raise Http404
    previous = _previous_choices(agency)
    if request.method == "POST":
        form = AppealForm(request.POST, previous=previous)
        if form.is_valid():
            data = form.cleaned_data
            application = None
            if data["application_number"]:
                application = selectors.application_of_agency(agency, data["application_number"])
                if application is None:
                    form.add_error("application_number", _("本机关没有这个编号的申请。"))
            before = (
                selectors.reconsiderations_of(agency).filter(pk=data["previous"]).first()
                if data["previous"]
                else None
            )
            if form.is_valid():
                try:
                    case = services.appeal_register(
                        agency=agency, by=_user(request), kind=data["kind"], appellant=data["appellant"],
                        body=data["body"], filed_on=data["filed_on"], on=today(), accepted_on=data["accepted_on"],
                        case_number=data["case_number"], subject=data["subject"], application=application,
                        previous=before, outcome=data["outcome"], concluded_on=data["concluded_on"],
                        outcome_summary=data["outcome_summary"],
                    )  # fmt: skip
                except (GongkaiError, ValidationError) as error:
                    form.add_error(None, _message(error))
                else:
                    messages.success(request, _("已登记案件。"))
                    return redirect("appeals:case", pk=case.pk)
    else:
        form = AppealForm(previous=previous, initial={"filed_on": today()})
    return render(request, "appeals/form.html", {"agency": agency, "form": form})


def _view_or_404(request: HttpRequest, pk: int) -> selectors.AppealView:
    view = selectors.appeal_for_user(request.user, pk)
    if view is None:
        raise Http404
    return view


@login_required
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    view = _view_or_404(request, pk)
    services.appeal_view_recorded(
        case=view.case, by=_user(request), personal_data=view.access.sees_personal_data
    )
    return render(request, "appeals/detail.html", {"view": view, "case": view.case, "today": today()})


def _act(
    request: HttpRequest,
    pk: int,
    form_class: type[Any],
    perform: Callable[[Any, User, dict[str, Any]], Any],
    title: str,
    done: str,
) -> HttpResponse:
    view = _view_or_404(request, pk)
    if not view.can_act:
        raise Http404
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                perform(view.case, _user(request), form.cleaned_data)
            except (GongkaiError, ValidationError) as error:
                form.add_error(None, _message(error))
            else:
                messages.success(request, done)
                return redirect("appeals:case", pk=pk)
    else:
        form = form_class(initial={"on": today(), "concluded_on": today()})
    return render(request, "appeals/action.html", {"case": view.case, "form": form, "title": title})


@login_required
def appeal_extend(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, ExtendForm,
        lambda c, u, d: services.appeal_extend(case=c, by=u, on=d["on"], note=d["note"]),
        _("延长审理期限"), _("已登记延长审理期限。"),
    )  # fmt: skip


@login_required
def appeal_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, ConcludeForm,
        lambda c, u, d: services.appeal_conclude(
            case=c, by=u, outcome=d["outcome"], concluded_on=d["concluded_on"], summary=d["summary"]
        ),
        _("登记审理结果"), _("已登记审理结果。"),
    )  # fmt: skip


@login_required
def appeal_correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, CorrectForm,
        lambda c, u, d: services.appeal_correct_outcome(
            case=c, by=u, on=today(), outcome=d["outcome"], concluded_on=d["concluded_on"], reason=d["reason"]
        ),
        _("更正审理结果"), _("已更正审理结果。"),
    )  # fmt: skip


@login_required
def table4(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    year = _year(request.GET.get("year")) or today().year
    cells = selectors.table4_cells(agency=agency, year=year)
    table = TEMPLATE_2021.table("t4")
    groups = [
        (
            block,
            row,
            [
                (column, f"t4.{row.id}.{column.id}", cells[f"t4.{row.id}.{column.id}"])
                for column in block.columns
            ],
        )
        for block in table.blocks
        for row in block.rows
    ]
    return render(
        request,
        "appeals/table4.html",
        {
            "agency": agency,
            "agencies": selectors.ledger_agencies(request.user),
            "year": year,
            "years": list(range(today().year, today().year - 8, -1)),
            "groups": groups,
        },
    )
