"""The register in the back office: queues, an item with its review steps as the only buttons, the document
lifecycle, the yearly figures (form and import), the import of information published before the platform, the
Art. 44 conversion and table 二."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.core.disclosure import (
    DOCUMENT_EVENT_LABELS,
    EDIT_REFUSALS,
    ITEM_STATE_LABELS,
    ITEM_TRANSITIONS,
    DocumentEventKind,
    ItemAction,
    ItemState,
    RegisterRole,
    publication_timeliness,
)
from gongkai.core.errors import GongkaiError
from gongkai.core.report.templates import TEMPLATE_2021
from gongkai.web.agencies.models import Agency
from gongkai.web.common.clock import today
from gongkai.web.common.params import object_param, year_param
from gongkai.web.common.spreadsheets import read_rows
from gongkai.web.disclosure import selectors, services
from gongkai.web.disclosure.forms import (
    ACTION_FORMS,
    Art44Form,
    DocumentEventForm,
    FiguresForm,
    FiguresImportForm,
    ItemFilterForm,
    ItemForm,
)
from gongkai.web.disclosure.models import RegisterItem
from gongkai.web.disclosure.workbook import register_import_workbook

_DRAFTERS = {RegisterRole.OFFICER, RegisterRole.ADMIN}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _message(error: GongkaiError | ValidationError) -> str:
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error)


def _agency(request: HttpRequest) -> Agency:
    """The agency whose register is shown: ?agency=<id> among those the user may read, else the first."""
    agencies = selectors.register_agencies(request.user)
    wanted = request.GET.get("agency") or request.POST.get("agency")
    agency = object_param(agencies, wanted)
    if agency is None:
        drafting = selectors.drafting_agencies(request.user)
        agency = drafting[0] if drafting else agencies.order_by("path").first()
    if agency is None:
        raise Http404
    return agency


def _year(raw: str | None) -> int:
    return year_param(raw) or today().year


@login_required
def register(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    roles = selectors.register_roles(request.user, agency)
    name = request.GET.get("queue", "all")
    if name not in selectors.QUEUES:
        name = "all"
    now = today()
    items = selectors.queue(agency, name, today=now)
    form = ItemFilterForm(request.GET or None, level=agency.level)
    if form.is_valid():
        data = form.cleaned_data
        items = selectors.items_search(
            items, text=data["q"], category=data["category"], attribute=data["attribute"], state=data["state"],
            year=data["year"],
        )  # fmt: skip
    page = Paginator(items.select_related("agency"), 50).get_page(request.GET.get("page"))
    counts = selectors.queue_counts(agency, today=now)
    return render(
        request,
        "disclosure/register.html",
        {
            "agency": agency,
            "agencies": selectors.register_agencies(request.user),
            "can_draft": bool(roles & _DRAFTERS),
            "queue": name,
            "queues": [(q, label, counts.get(q)) for q, label in selectors.QUEUES.items()],
            "form": form,
            "page": page,
            "today": now,
        },
    )


def _drafting_agency(request: HttpRequest) -> Agency:
    agency = _agency(request)
    if not selectors.register_roles(request.user, agency) & _DRAFTERS:
        raise Http404
    return agency


def _item_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data["title"], "doc_number": data["doc_number"], "issuing_agency": data["issuing_agency"],
        "formed_on": data["formed_on"], "category": data["category"],
        "local_categories": data.get("local_categories") or [], "document_kind": data["document_kind"],
        "attribute": data["attribute"], "withholding_ground": data["withholding_ground"],
        "withholding_reason": data["withholding_reason"], "body": data["body"],
    }  # fmt: skip


@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    agency = _drafting_agency(request)
    if request.method == "POST":
        form = ItemForm(request.POST, level=agency.level)
        if form.is_valid():
            try:
                item = services.item_create(
                    agency=agency, by=_user(request), channels=form.cleaned_data["channels"], on=today(),
                    **_item_fields(form.cleaned_data),
                )  # fmt: skip
            except (GongkaiError, ValidationError) as error:
                form.add_error(None, _message(error))
            else:
                messages.success(request, _("已登记：%(index)s。") % {"index": item.index_number})
                return redirect("disclosure:item", pk=item.pk)
    else:
        form = ItemForm(
            level=agency.level,
            initial={"formed_on": today(), "attribute": "proactive", "channels": ["portal"]},
        )
    return render(request, "disclosure/item_form.html", {"agency": agency, "form": form, "item": None})


def _view_or_404(request: HttpRequest, pk: int) -> selectors.ItemView:
    view = selectors.item_for_user(request.user, pk, today=today())
    if view is None:
        raise Http404
    return view


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    view = _view_or_404(request, pk)
    item = view.item
    timeliness = None
    if item.publication_due is not None:
        timeliness = publication_timeliness(
            due=item.publication_due, published_on=item.published_on, today=today()
        )
    document_kinds = []
    if item.document_kind and view.roles & _DRAFTERS:
        document_kinds = [(k.value, DOCUMENT_EVENT_LABELS[k]) for k in DocumentEventKind]
    return render(
        request,
        "disclosure/item_detail.html",
        {
            "view": view,
            "item": item,
            "timeliness": timeliness,
            "can_edit": item.state == ItemState.DRAFT.value and bool(view.roles & _DRAFTERS),
            "document_form": DocumentEventForm() if document_kinds else None,
            "today": today(),
        },
    )


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    view = _view_or_404(request, pk)
    item = view.item
    if not view.roles & _DRAFTERS:
        raise Http404
    if item.state != ItemState.DRAFT.value:
        messages.error(request, _(EDIT_REFUSALS[ItemState(item.state)]))
        return redirect("disclosure:item", pk=item.pk)
    if request.method == "POST":
        form = ItemForm(request.POST, level=item.agency.level)
        if form.is_valid():
            try:
                services.item_update(
                    item=item, by=_user(request), on=today(), channels=form.cleaned_data["channels"],
                    **_item_fields(form.cleaned_data),
                )  # fmt: skip
            except (GongkaiError, ValidationError) as error:
                form.add_error(None, _message(error))
            else:
                messages.success(request, _("已保存修改。"))
                return redirect("disclosure:item", pk=item.pk)
    else:
        initial = {name: getattr(item, name) for name in services.EDITABLE_FIELDS}
        initial["channels"] = view.channels
        form = ItemForm(level=item.agency.level, initial=initial)
    return render(request, "disclosure/item_form.html", {"agency": item.agency, "form": form, "item": item})


def _perform(action: ItemAction, item: RegisterItem, by: User, data: dict[str, Any]) -> RegisterItem:
    if action is ItemAction.SUBMIT_REVIEW:
        return services.item_submit_review(item=item, by=by, on=data["on"], note=data["note"])
    if action is ItemAction.RETURN_DRAFT:
        return services.item_return_draft(item=item, by=by, on=data["on"], note=data["note"])
    if action is ItemAction.PASS_REVIEW:
        return services.item_pass_review(item=item, by=by, on=data["on"], note=data["note"])
    if action is ItemAction.PUBLISH:
        return services.item_publish(item=item, by=by, on=data["on"], channels=data["channels"])
    return services.item_retract(item=item, by=by, on=data["on"], note=data["note"])


@login_required
def item_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    view = _view_or_404(request, pk)
    item = view.item
    try:
        chosen = ItemAction(action)
    except ValueError:
        raise Http404 from None
    step = ITEM_TRANSITIONS[chosen]
    form_class = ACTION_FORMS[chosen]
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                _perform(chosen, item, _user(request), form.cleaned_data)
            except (GongkaiError, ValidationError) as error:
                form.add_error(None, _message(error))
            else:
                messages.success(request, _("已完成：%(action)s。") % {"action": _(step.label)})
                return redirect("disclosure:item", pk=item.pk)
    else:
        if chosen not in {t.action for t in view.actions}:
            messages.error(
                request,
                _("该信息当前状态为“%(state)s”，您不能执行“%(action)s”。")
                % {"state": _(ITEM_STATE_LABELS[ItemState(item.state)]), "action": _(step.label)},
            )
            return redirect("disclosure:item", pk=item.pk)
        initial: dict[str, Any] = {}
        if chosen is ItemAction.PUBLISH:
            initial["channels"] = view.channels or ["portal"]
        form = form_class(initial=initial)
    return render(request, "disclosure/item_action.html", {"item": item, "step": step, "form": form})


@login_required
def document_event(request: HttpRequest, pk: int) -> HttpResponse:
    view = _view_or_404(request, pk)
    item = view.item
    if not view.roles & _DRAFTERS or not item.document_kind:
        raise Http404
    if request.method == "POST":
        form = DocumentEventForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.document_record(
                    item=item, by=_user(request), kind=data["kind"], on=data["on"], instrument=data["instrument"],
                    note=data["note"],
                )  # fmt: skip
            except (GongkaiError, ValidationError) as error:
                form.add_error(None, _message(error))
            else:
                label = DOCUMENT_EVENT_LABELS[DocumentEventKind(data["kind"])]
                messages.success(request, _("已登记：%(what)s。") % {"what": _(label)})
                return redirect("disclosure:item", pk=item.pk)
    else:
        form = DocumentEventForm()
    return render(request, "disclosure/document_event.html", {"item": item, "form": form})


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    roles = selectors.register_roles(request.user, agency)
    can_enter = bool(roles & (_DRAFTERS | {RegisterRole.APPROVER}))
    form = FiguresForm(initial={"year": today().year - 1})
    import_form = FiguresImportForm()
    result = None
    if request.method == "POST" and not can_enter:
        raise Http404
    if request.method == "POST" and request.POST.get("form") == "figures":
        form = FiguresForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.figures_save(
                    agency=agency, year=data["year"], by=_user(request),
                    licensing_decisions=data["licensing_decisions"], penalty_decisions=data["penalty_decisions"],
                    coercion_decisions=data["coercion_decisions"], fees_amount=data["fees_amount"],
                )  # fmt: skip
            except (GongkaiError, ValidationError) as error:
                form.add_error(None, _message(error))
            else:
                messages.success(request, _("已保存%(year)s年度统计数据。") % {"year": data["year"]})
                return redirect(f"{request.path}?agency={agency.pk}")
    elif request.method == "POST" and request.POST.get("form") == "import":
        import_form = FiguresImportForm(request.POST, request.FILES)
        if import_form.is_valid():
            upload = import_form.cleaned_data["file"]
            try:
                rows = read_rows(upload.read(), upload.name or "", required=("年度", "机关"))
            except ValidationError as error:
                import_form.add_error("file", error)
            else:
                allowed = list(selectors.drafting_agencies(request.user))
                allowed += [
                    a for a in selectors.register_agencies(request.user)
                    if a not in allowed and RegisterRole.APPROVER in selectors.register_roles(request.user, a)
                ]  # fmt: skip
                result = services.figures_import(
                    by=_user(request),
                    rows=rows,
                    agencies=allowed,
                    dry_run=import_form.cleaned_data["dry_run"],
                    skipped=rows.skipped,
                )
    return render(
        request,
        "disclosure/figures.html",
        {
            "agency": agency,
            "agencies": selectors.register_agencies(request.user),
            "figures": selectors.figures_for(agency),
            "form": form,
            "import_form": import_form,
            "result": result,
            "can_enter": can_enter,
            "columns": services.FIGURE_COLUMNS,
        },
    )


@login_required
def register_import_template(request: HttpRequest) -> FileResponse:
    agency = _drafting_agency(request)
    return FileResponse(
        io.BytesIO(register_import_workbook(agency.level)),
        as_attachment=True,
        filename="主动公开信息导入模板.xlsx",
    )


@login_required
def register_import(request: HttpRequest) -> HttpResponse:
    """The agency's catalogue kept before the platform, from a spreadsheet: a dry run lists every row error, the
    real import writes every item or none."""
    agency = _drafting_agency(request)
    form = FiguresImportForm()
    result = None
    if request.method == "POST":
        form = FiguresImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = read_rows(
                    upload.read(),
                    upload.name or "",
                    required=services.REGISTER_REQUIRED,
                    aliases=services.REGISTER_ALIASES,
                )
                result = services.register_import(
                    agency=agency,
                    by=_user(request),
                    rows=rows,
                    dry_run=form.cleaned_data["dry_run"],
                    skipped=rows.skipped,
                )
            except ValidationError as error:
                form.add_error("file", error)
            except GongkaiError as error:
                form.add_error(None, str(error))
    return render(
        request,
        "disclosure/register_import.html",
        {
            "agency": agency,
            "agencies": selectors.register_agencies(request.user),
            "form": form,
            "result": result,
            "columns": services.REGISTER_COLUMNS,
            "required": services.REGISTER_REQUIRED,
            "max_rows": services.MAX_REGISTER_ROWS,
        },
    )


@login_required
def from_application(request: HttpRequest) -> HttpResponse:
    agency = _drafting_agency(request)
    candidates = list(selectors.art44_candidates(agency)[:200])
    choices = [(str(a.pk), f"{a.number} · {a.description[:60]}") for a in candidates]
    if request.method == "POST":
        form = Art44Form(request.POST, level=agency.level, applications=choices)
        if form.is_valid():
            data = form.cleaned_data
            application = next(a for a in candidates if str(a.pk) == data["application"])
            try:
                item = services.item_from_application(
                    application=application, by=_user(request), title=data["title"], category=data["category"],
                    on=today(), body=data["body"], doc_number=data["doc_number"], channels=data["channels"],
                )  # fmt: skip
            except (GongkaiError, ValidationError) as error:
                form.add_error(None, _message(error))
            else:
                messages.success(request, _("已转为主动公开登记：%(index)s。") % {"index": item.index_number})
                return redirect("disclosure:item", pk=item.pk)
    else:
        initial: dict[str, Any] = {"channels": ["portal"]}
        wanted = request.GET.get("application")
        chosen = next((a for a in candidates if str(a.pk) == wanted), None)
        if chosen is not None:
            initial.update(application=str(chosen.pk), title=chosen.description[:300])
        form = Art44Form(level=agency.level, applications=choices, initial=initial)
    return render(
        request,
        "disclosure/from_application.html",
        {"agency": agency, "form": form, "candidates": candidates},
    )


@login_required
def table2(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    year = _year(request.GET.get("year"))
    cells = selectors.table2_cells(agency=agency, year=year)
    table = TEMPLATE_2021.table("t2")
    rows = [
        (
            block,
            [(row, [(column, f"t2.{row.id}.{column.id}") for column in block.columns]) for row in block.rows],
        )
        for block in table.blocks
    ]
    return render(
        request,
        "disclosure/table2.html",
        {
            "agency": agency,
            "agencies": selectors.register_agencies(request.user),
            "year": year,
            "years": list(range(today().year, today().year - 8, -1)),
            "blocks": rows,
            "values": cells,
        },
    )
