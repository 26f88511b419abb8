"""`manage.py load_demo`: the demo agency, staff and cases (once; later runs change nothing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.web.demo import DEMO_PASSWORD, DEMO_QUERY_CODE, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "载入演示数据：吴忠市审批服务管理局、工作人员账号和2022—2026年的申请案件。"

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo()
        verb = "已生成" if result.created else "已存在"
        self.stdout.write(f"演示数据{verb}：{result.cases}件申请。")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, (name, code, roles) in DEMO_USERS.items():
            self.stdout.write(f"  {username:<15} {name}  {code}  {'、'.join(roles)}")
        if result.sample_number:
            self.stdout.write(
                f"公众查询示例（首页“查询办理进度”）：申请编号 {result.sample_number}，查询码 {DEMO_QUERY_CODE}"
            )
