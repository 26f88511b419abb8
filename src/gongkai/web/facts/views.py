"""The year's other facts in the back office: one page per agency and year with the facts the report will state,
and forms to enter posts per channel, proposal responses and events."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.core.errors import GongkaiError
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import handled_agencies, user_access, visible_agencies
from gongkai.web.common.clock import today
from gongkai.web.common.params import object_param, year_param
from gongkai.web.facts import selectors, services
from gongkai.web.facts.forms import EventForm, PostsForm, ProposalForm


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _agency(request: HttpRequest) -> Agency:
    agencies = visible_agencies(request.user)
    wanted = request.GET.get("agency") or request.POST.get("agency")
    agency = object_param(agencies, wanted)
    # Else the first agency whose records the user handles (sees with personal data), else the first one shown.
    agency = agency or handled_agencies(request.user).order_by("path").first()
    agency = agency or agencies.first()
    if agency is None:
        raise Http404
    return agency


def _year(raw: str | None) -> int:
    return year_param(raw) or today().year - 1


@login_required
def year(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    chosen_year = _year(request.GET.get("year") or request.POST.get("year"))
    can_enter = user_access(request.user, agency).sees_personal_data
    forms: dict[str, Form] = {
        "posts": PostsForm(prefix="posts"),
        "proposal": ProposalForm(prefix="proposal"),
        "event": EventForm(prefix="event"),
    }
    if request.method == "POST":
        if not can_enter:
            raise Http404
        which = request.POST.get("form", "")
        form_class: Any = {"posts": PostsForm, "proposal": ProposalForm, "event": EventForm}.get(which)
        if form_class is None:
            raise Http404
        form = form_class(request.POST, prefix=which)
        forms[which] = form
        if form.is_valid():
            data = form.cleaned_data
            by = _user(request)
            try:
                if which == "posts":
                    services.posts_set(agency=agency, by=by, year=chosen_year, channel=data["channel"],
                                       count=data["count"], account=data["account"])  # fmt: skip
                elif which == "proposal":
                    services.proposal_record(agency=agency, by=by, kind=data["kind"], title=data["title"],
                                             answered_on=data["answered_on"], number=data["number"],
                                             disclosed_on=data["disclosed_on"], year=chosen_year)  # fmt: skip
                else:
                    services.event_record(agency=agency, by=by, kind=data["kind"], title=data["title"],
                                          held_on=data["held_on"], participants=data["participants"],
                                          description=data["description"], year=chosen_year)  # fmt: skip
            except (GongkaiError, ValidationError) as error:
                form.add_error(
                    None, "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
                )
            else:
                messages.success(request, _("已保存。"))
                return redirect(f"{request.path}?agency={agency.pk}&year={chosen_year}")
    return render(
        request,
        "facts/year.html",
        {
            "agency": agency,
            "agencies": visible_agencies(request.user),
            "year": chosen_year,
            "years": list(range(today().year, today().year - 8, -1)),
            "facts": selectors.year_facts(agency=agency, year=chosen_year),
            "posts": selectors.posts_of(agency, chosen_year),
            "proposals": selectors.proposals_of(agency, chosen_year),
            "events": selectors.events_of(agency, chosen_year),
            "forms": forms,
            "can_enter": can_enter,
        },
    )
