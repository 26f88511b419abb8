"""The office pages of the register, the appeals ledger and the year's facts: who sees what (other agencies get
404, supervisors read without acting and without personal data), and that each form does its step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.web.appeals import services as appeal_services
from gongkai.web.appeals.models import AppealCase
from gongkai.web.audit.models import AuditEvent
from gongkai.web.disclosure.models import RegisterItem, YearlyFigures
from gongkai.web.facts.models import ChannelPosts, OutreachEvent
from tests.web.conftest import FileApplication, Staff, TodayIs, Tree
from tests.web.disclosure.conftest import MakeItem

Publish = Callable[..., RegisterItem]


def as_user(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def test_anonymous_visitors_are_sent_to_login(client: Client, make_item: MakeItem) -> None:
    item = make_item()
    for url in [reverse("disclosure:register"), reverse("disclosure:item", args=[item.pk]), reverse("appeals:ledger"),
                reverse("facts:year")]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_officer_registers_an_item_through_the_form(client: Client, staff: Staff, tree: Tree) -> None:
    as_user(client, staff.officer)
    page = client.get(reverse("disclosure:create"))
    assert page.status_code == 200
    response = client.post(
        reverse("disclosure:create"),
        {
            "agency": tree.bureau.pk, "title": "关于公布2026年行政许可事项清单的通知", "doc_number": "",
            "issuing_agency": "", "formed_on": "2026-03-02", "category": "a20.5", "document_kind": "",
            "attribute": "withheld", "withholding_ground": "", "withholding_reason": "", "channels": ["portal"],
            "body": "",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "不予公开的，须选择依据" in response.content.decode()
    response = client.post(
        reverse("disclosure:create"),
        {
            "agency": tree.bureau.pk, "title": "关于公布2026年行政许可事项清单的通知", "formed_on": "2026-03-02",
            "category": "a20.5", "attribute": "proactive", "channels": ["portal", "wechat"], "body": "清单见附件。",
        },
    )  # fmt: skip
    item = RegisterItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("disclosure:item", args=[item.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "提交保密审查" in detail
    assert "2026年3月30日" in detail  # the Art. 26 deadline
    assert "保密审查通过" not in detail


def test_review_buttons_follow_the_roles(
    client: Client, staff: Staff, reviewer: User, make_item: MakeItem
) -> None:
    item = make_item()
    as_user(client, staff.officer)
    response = client.post(
        reverse("disclosure:act", args=[item.pk, "submit_review"]), {"on": "2026-03-03", "note": ""}
    )
    assert response.status_code == 302
    # The officer is not offered the review, and is refused if they try.
    assert "保密审查通过" not in client.get(reverse("disclosure:item", args=[item.pk])).content.decode()
    refused = client.get(
        reverse("disclosure:act", args=[item.pk, "pass_review"]), follow=True
    ).content.decode()
    assert "您不能执行“保密审查通过”" in refused
    as_user(client, reviewer)
    page = client.get(reverse("disclosure:item", args=[item.pk])).content.decode()
    assert "保密审查通过" in page
    assert "退回修改" in page
    client.post(
        reverse("disclosure:act", args=[item.pk, "pass_review"]), {"on": "2026-03-04", "note": "同意公开。"}
    )
    as_user(client, staff.officer)
    client.post(
        reverse("disclosure:act", args=[item.pk, "publish"]), {"on": "2026-03-05", "channels": ["portal"]}
    )
    item.refresh_from_db()
    assert item.state == "published"
    assert "在公开目录中查看" in client.get(reverse("disclosure:item", args=[item.pk])).content.decode()


def test_another_agency_gets_404_and_supervisors_only_read(
    client: Client, staff: Staff, make_item: MakeItem, tree: Tree
) -> None:
    item = make_item()
    as_user(client, staff.other_officer)
    for url in [reverse("disclosure:item", args=[item.pk]), reverse("disclosure:edit", args=[item.pk]),
                reverse("disclosure:act", args=[item.pk, "submit_review"]), reverse("disclosure:document", args=[item.pk])]:  # fmt: skip
        assert client.get(url).status_code == 404
    listing = client.get(reverse("disclosure:register"), {"agency": tree.bureau.pk}).content.decode()
    assert item.title not in listing  # an agency they may not read falls back to their own
    as_user(client, staff.supervisor)
    page = client.get(reverse("disclosure:item", args=[item.pk]))
    assert page.status_code == 200
    assert "您以监督身份只读查看" in page.content.decode()
    assert "提交保密审查" not in page.content.decode()
    assert client.get(reverse("disclosure:edit", args=[item.pk])).status_code == 404
    assert client.get(reverse("disclosure:create"), {"agency": tree.bureau.pk}).status_code == 404


def test_document_lifecycle_form(client: Client, staff: Staff, make_item: MakeItem) -> None:
    item = make_item(document_kind="normative", doc_number="")
    as_user(client, staff.officer)
    url = reverse("disclosure:document", args=[item.pk])
    client.post(
        url, {"kind": "issued", "on": "2026-03-02", "instrument": "吴审批规发〔2026〕1号", "note": ""}
    )
    refused = client.post(url, {"kind": "issued", "on": "2026-03-03", "instrument": "x", "note": ""})
    assert "不能重复登记制发" in refused.content.decode()
    page = client.get(reverse("disclosure:item", args=[item.pk])).content.decode()
    assert "现行有效" in page
    table2 = client.get(reverse("disclosure:table2"), {"year": "2026"}).content.decode()
    assert 'data-cell="t2.normative.issued">1<' in table2
    assert 'data-cell="t2.licensing.decisions"><span class="muted"' in table2  # not entered: blank, not 0


def test_figures_page_form_and_import(client: Client, staff: Staff, tree: Tree) -> None:
    as_user(client, staff.officer)
    url = reverse("disclosure:figures")
    client.post(url, {"form": "figures", "agency": tree.bureau.pk, "year": "2025", "licensing_decisions": "1450",
                      "penalty_decisions": "", "coercion_decisions": "0", "fees_amount": "3.5"})  # fmt: skip
    figures = YearlyFigures.objects.get()
    assert figures.licensing_decisions == 1450
    assert figures.penalty_decisions is None
    listed = client.get(url, {"agency": tree.bureau.pk}).content.decode()
    assert '<td class="num">3.5</td>' in listed  # the amount as the report prints it, not 3.5000
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "f.csv", "年度,机关,行政许可\n2024,WZSP,12\n2024,WZSP,13\n".encode(), "text/csv"
    )
    page = client.post(url, {"form": "import", "agency": tree.bureau.pk, "file": upload, "dry_run": "on"})
    assert "发现1处错误，未导入任何数据" in page.content.decode()
    upload = SimpleUploadedFile("f.csv", "年度,机关,行政许可\n2024,WZSP,12\n合计,,12\n".encode(), "text/csv")
    page = client.post(url, {"form": "import", "agency": tree.bureau.pk, "file": upload, "dry_run": "on"})
    assert "检查通过：可导入1行" in page.content.decode()
    assert "<td>3</td><td>合计行</td><td>合计 12</td>" in page.content.decode()
    as_user(client, staff.supervisor)
    assert "录入或更正" not in client.get(url, {"agency": tree.bureau.pk}).content.decode()
    assert client.post(url, {"form": "figures", "agency": tree.bureau.pk}).status_code == 404


@pytest.mark.parametrize("huge", ["99999999999999999999", "9223372036854775807", "1000000001"])
def test_figures_beyond_the_bound_are_a_form_error_not_a_server_error(
    client: Client, staff: Staff, tree: Tree, huge: str
) -> None:
    as_user(client, staff.officer)
    response = client.post(
        reverse("disclosure:figures"),
        {"form": "figures", "agency": tree.bureau.pk, "year": "2025", "licensing_decisions": huge,
         "penalty_decisions": "", "coercion_decisions": "", "fees_amount": ""},
    )  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert "1000000000" in page  # the bound is named
    assert huge in page  # what was typed is kept
    assert not YearlyFigures.objects.exists()


def test_a_future_formed_date_is_refused_on_the_register_form(
    client: Client, staff: Staff, tree: Tree, today_is: TodayIs
) -> None:
    today_is(dt.date(2026, 11, 28))
    as_user(client, staff.officer)
    response = client.post(
        reverse("disclosure:create"),
        {"agency": tree.bureau.pk, "title": "关于公布行政许可事项清单的通知", "formed_on": "2027-06-01",
         "category": "a20.5", "attribute": "proactive", "channels": ["portal"], "body": ""},
    )  # fmt: skip
    assert response.status_code == 200
    assert "形成或者变更日期2027-06-01晚于今天" in response.content.decode()
    assert not RegisterItem.objects.exists()


def test_editing_a_published_item_says_it_is_published(
    client: Client, staff: Staff, make_item: MakeItem, publish: Publish
) -> None:
    item = publish(make_item())
    as_user(client, staff.officer)
    response = client.get(reverse("disclosure:edit", args=[item.pk]), follow=True)
    page = response.content.decode()
    assert "该信息已公开，不能修改" in page
    assert "已提交保密审查的信息不能修改" not in page


def test_the_pages_render_for_staff(
    client: Client, staff: Staff, make_item: MakeItem, publish: Publish
) -> None:
    publish(make_item())
    as_user(client, staff.officer)
    for name in ["disclosure:register", "disclosure:figures", "disclosure:from_application", "disclosure:table2",
                 "appeals:ledger", "appeals:create", "appeals:table4", "facts:year"]:  # fmt: skip
        assert client.get(reverse(name)).status_code == 200, name
    for queue in [
        "drafts",
        "in_review",
        "approved",
        "overdue",
        "late",
        "published",
        "documents",
        "all",
        "bogus",
    ]:
        assert client.get(reverse("disclosure:register"), {"queue": queue, "q": "营商"}).status_code == 200


# --- appeals -------------------------------------------------------------------------------------------------


@pytest.fixture
def appeal(tree: Tree, staff: Staff) -> object:
    return appeal_services.appeal_register(
        agency=tree.bureau, by=staff.officer, kind="reconsideration", appellant="马建国", body="吴忠市人民政府",
        filed_on=dt.date(2026, 3, 2), on=dt.date(2026, 3, 2),
    )  # fmt: skip


def test_appeal_pages_hide_the_appellant_from_supervisors_and_others(
    client: Client, staff: Staff, appeal: object
) -> None:
    pk = appeal.pk  # type: ignore[attr-defined]
    url = reverse("appeals:case", args=[pk])
    as_user(client, staff.officer)
    assert "马建国" in client.get(url).content.decode()
    as_user(client, staff.supervisor)
    page = client.get(url).content.decode()
    assert "马建国" not in page
    assert "马**" in page
    assert "登记审理结果" not in page
    assert client.get(reverse("appeals:conclude", args=[pk])).status_code == 404
    as_user(client, staff.other_officer)
    assert client.get(url).status_code == 404
    views = list(AuditEvent.objects.filter(object_type="appeals.appealcase").values_list("action", flat=True))
    assert views.count("appeal.view") == 1
    assert views.count("appeal.view_masked") == 1


def test_the_ledger_links_a_case_s_application_for_those_who_may_open_it(
    client: Client, tree: Tree, staff: Staff, file_application: FileApplication
) -> None:
    application, _code = file_application()
    appeal_services.appeal_register(
        agency=tree.bureau, by=staff.officer, kind="reconsideration", appellant="马建国", body="吴忠市人民政府",
        filed_on=dt.date(2026, 4, 20), on=dt.date(2026, 4, 20), application=application,
    )  # fmt: skip
    link = f'<a href="{reverse("office:case", args=[application.pk])}">{application.number}</a>'
    as_user(client, staff.officer)
    assert link in client.get(reverse("appeals:ledger"), {"queue": "all"}).content.decode()
    as_user(client, staff.supervisor)
    page = client.get(
        reverse("appeals:ledger"), {"agency": str(tree.bureau.pk), "queue": "all"}
    ).content.decode()
    assert application.number in page
    assert link not in page


def test_a_case_without_an_acceptance_date_says_its_deadline_counts_from_filing(
    client: Client, staff: Staff, appeal: object
) -> None:
    as_user(client, staff.officer)
    page = client.get(reverse("appeals:case", args=[appeal.pk])).content.decode()  # type: ignore[attr-defined]
    assert "受理日期未登记，暂按提出日期2026年03月02日起算" in page
    assert "自2026年03月02日受理之日起" not in page


def test_a_future_acceptance_date_is_refused_on_the_form(client: Client, staff: Staff, tree: Tree) -> None:
    as_user(client, staff.officer)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        reverse("appeals:create"),
        {"agency": tree.bureau.pk, "kind": "reconsideration", "appellant": "马建国", "body": "吴忠市人民政府",
         "filed_on": "2026-03-02", "accepted_on": tomorrow.isoformat(), "outcome": "pending"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "日期不能晚于今天" in response.content.decode()
    assert not AppealCase.objects.exists()


def test_concluding_through_the_form(client: Client, staff: Staff, appeal: object) -> None:
    pk = appeal.pk  # type: ignore[attr-defined]
    as_user(client, staff.officer)
    client.post(
        reverse("appeals:conclude", args=[pk]),
        {"outcome": "upheld", "concluded_on": "2026-04-01", "summary": ""},
    )
    page = client.get(reverse("appeals:table4"), {"year": "2026"}).content.decode()
    assert 'data-cell="t4.reconsideration.upheld"' in page
    twice = client.post(
        reverse("appeals:conclude", args=[pk]), {"outcome": "other", "concluded_on": "2026-04-02"}
    )
    assert "不能重复登记结果" in twice.content.decode()


def test_registering_an_appeal_through_the_form(client: Client, staff: Staff, tree: Tree) -> None:
    as_user(client, staff.officer)
    response = client.post(
        reverse("appeals:create"),
        {"agency": tree.bureau.pk, "kind": "litigation_direct", "appellant": "某公司", "body": "吴忠市利通区人民法院",
         "application_number": "WZSP-2026-9999", "filed_on": "2026-03-02", "outcome": "pending"},
    )  # fmt: skip
    assert "本机关没有这个编号的申请" in response.content.decode()


def test_facts_forms_refuse_huge_counts_and_events_of_another_year(
    client: Client, staff: Staff, tree: Tree, today_is: TodayIs
) -> None:
    today_is(dt.date(2026, 11, 28))
    as_user(client, staff.officer)
    url = reverse("facts:year")
    huge = client.post(url, {"form": "posts", "agency": tree.bureau.pk, "year": "2026", "posts-channel": "weibo",
                             "posts-count": "99999999999999999999", "posts-account": ""})  # fmt: skip
    assert huge.status_code == 200
    assert "1000000000" in huge.content.decode()
    other_year = client.post(url, {"form": "event", "agency": tree.bureau.pk, "year": "2026", "event-kind": "open_day",
                                   "event-title": "政府开放日", "event-held_on": "2024-05-15"})  # fmt: skip
    assert other_year.status_code == 200
    assert "活动日期2024-05-15属于2024年度，不是正在录入的2026年度" in other_year.content.decode()
    future = client.post(url, {"form": "event", "agency": tree.bureau.pk, "year": "2026", "event-kind": "open_day",
                               "event-title": "政府开放日", "event-held_on": "2026-12-15"})  # fmt: skip
    assert "活动日期2026-12-15晚于今天" in future.content.decode()
    assert not ChannelPosts.objects.exists()
    assert not OutreachEvent.objects.exists()


def test_facts_page(client: Client, staff: Staff, tree: Tree) -> None:
    as_user(client, staff.officer)
    url = reverse("facts:year")
    client.post(url, {"form": "posts", "agency": tree.bureau.pk, "year": "2025", "posts-channel": "weibo",
                      "posts-count": "96", "posts-account": ""})  # fmt: skip
    page = client.get(url, {"agency": str(tree.bureau.pk), "year": "2025"}).content.decode()
    assert 'data-fact="new_media_posts">96<' in page
    as_user(client, staff.supervisor)
    assert client.post(url, {"form": "posts", "agency": tree.bureau.pk}).status_code == 404
