"""Calendar files used by the tests. 2027 is a made-up arrangement (the real one is not published yet): it
stands for "the year the State Council publishes next", in the shape the real file will have."""

from __future__ import annotations

from pathlib import Path

HYPOTHETICAL_2027 = """\
# 测试用：假设的2027年安排（真实通知尚未公布）
year = 2027

[[notices]]
title = "国务院办公厅关于2027年部分节假日安排的通知（测试用假设）"
number = "unverified"

[[holidays]]
name = "元旦"
first = 2027-01-01
last = 2027-01-03

[[holidays]]
name = "春节"
first = 2027-02-05
last = 2027-02-12
makeup_workdays = [2027-02-20]
"""

# The notice HYPOTHETICAL_2027 would be read from (made up, in the real notices' words).
HYPOTHETICAL_NOTICE_2027 = """\
国务院办公厅关于2027年部分节假日安排的通知（测试用假设）
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　经国务院批准，现将2027年元旦、春节放假调休日期的具体安排通知如下。
　　一、元旦：1月1日（周五）至3日（周日）放假，共3天。
　　二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。2月20日（周六）上班。
"""

LOCAL_2025 = """\
# 本地增补：自治区的民族节日（测试用）
year = 2025
kind = "local"

[[holidays]]
name = "壮族三月三"
first = 2025-03-31
last = 2025-04-01
"""


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path
