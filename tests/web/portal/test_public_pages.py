"""The public pages' frame: the guide says only what the agency can be reached by, a stale form gets the site's
own page, each language is offered under its own name."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from gongkai.web.agencies.models import Agency
from tests.web.conftest import Tree


def test_the_guide_offers_only_the_channels_the_agency_has_published(tree: Tree) -> None:
    Agency.objects.filter(pk=tree.bureau.pk).update(address="", fax="")
    page = Client().get(reverse("portal:guide", args=[tree.bureau.code])).content.decode()
    assert "邮寄至" not in page
    assert "传真申请" not in page
    assert "尚未在本平台公布办公地址" in page
    Agency.objects.filter(pk=tree.bureau.pk).update(address="吴忠市利通区明珠路1号", fax="0953-2021234")
    page = Client().get(reverse("portal:guide", args=[tree.bureau.code])).content.decode()
    assert "邮寄至吴忠市利通区明珠路1号" in page
    assert "传真申请：发送至0953-2021234" in page


def test_a_form_sent_without_its_security_token_gets_the_site_s_page(tree: Tree) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("portal:status"), {"number": "X", "code": "Y"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "页面已过期，请重新提交" in text
    assert 'class="site-header' in text or "<header" in text


def test_each_language_is_offered_under_its_own_name(tree: Tree) -> None:
    page = Client().get(reverse("portal:home")).content.decode()
    assert '<option value="en" lang="en">English</option>' in page
    assert "英语" not in page


def test_a_request_too_large_to_read_gets_the_site_s_page(tree: Tree) -> None:
    """Django refuses a form body beyond DATA_UPLOAD_MAX_MEMORY_SIZE (a huge paste) as a bad request (400)."""
    response = Client().post(reverse("portal:status"), {"number": "X" * (3 * 1024 * 1024), "code": "Y"})
    assert response.status_code == 400
    assert "请求无法处理" in response.content.decode()
