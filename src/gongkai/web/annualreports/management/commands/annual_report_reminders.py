"""`manage.py annual_report_reminders [--year Y] [--today YYYY-MM-DD] [--agency CODE] [--send]`: the agencies
whose annual report is not yet published, with the days left before the deadline (31 January; 31 March for a
people's government) or the days it is overdue. With --send, each is emailed to the agency's officers and
approvers. Run it daily in January (cron); it says nothing about agencies already published."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.report.workflow import year_due
from gongkai.web.agencies.selectors import agency_by_code
from gongkai.web.annualreports.selectors import agency_reminders, reminder_recipients
from gongkai.web.common.clock import today


class Command(BaseCommand):
    help = "列出（并可邮件提醒）尚未发布年度报告的机关：距发布期限的天数或已逾期的天数。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="报告年度（默认：上一年）")
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, help="按哪一天计算（YYYY-MM-DD，默认今天）"
        )
        parser.add_argument("--agency", help="只看该机关及其下属机关（简码）")
        parser.add_argument("--window", type=int, default=30, help="期限前多少天开始提醒（默认30天）")
        parser.add_argument("--send", action="store_true", help="给各机关的承办人和负责人发送提醒邮件")

    def handle(self, *args: Any, **options: Any) -> None:
        on: dt.date = options["today"] or today()
        year: int = options["year"] or year_due(on)
        top = None
        if options["agency"]:
            top = agency_by_code(options["agency"])
            if top is None:
                raise CommandError(f"没有简码为“{options['agency']}”的机关。", returncode=2)
        found = agency_reminders(year=year, today=on, top=top, window_days=options["window"])
        for item in found:
            self.stdout.write(f"{item.agency.name}：{item.reminder.message}")
            if options["send"]:
                recipients = reminder_recipients(item.agency)
                if recipients:
                    send_mail(
                        subject=f"【年度报告提醒】{item.agency.name}{year}年政府信息公开工作年度报告",
                        message=f"{item.agency.name}：\n{item.reminder.message}\n请登录政府信息公开工作平台办理。",
                        from_email=None,
                        recipient_list=recipients,
                    )
                    self.stdout.write(f"  已发送给：{'、'.join(recipients)}")
                else:
                    self.stdout.write("  该机关的承办人、负责人没有登记电子邮箱，未发送。")
        if not found:
            self.stdout.write(f"{year}年度：没有需要提醒的机关。")
        else:
            self.stdout.write(f"{year}年度：{len(found)}个机关尚未发布年度报告。")
