"""`gongkai fees …`: the information-processing fee (信息处理费) for one request, with the bands.

    gongkai fees --requests-this-month 11     按件计收: the fee for the applicant's 11th request this month
    gongkai fees --pages 250                  按量计收: the fee for a 250-page request

One method per request: giving both is refused (国办函〔2020〕109号).
"""

from __future__ import annotations

import argparse
from typing import Any

from gongkai.cli.workdays import StoreOnce, chinese_errors, parse_count
from gongkai.core.errors import FeeError
from gongkai.core.fees import quote

__all__ = ["register"]


def _fees(args: argparse.Namespace) -> int:
    requests = (
        parse_count(args.requests_this_month, what="本月申请件次", error=FeeError)
        if args.requests_this_month is not None
        else None
    )
    pages = parse_count(args.pages, what="页数", error=FeeError) if args.pages is not None else None
    print(quote(requests_this_month=requests, pages=pages).explain())
    return 0


def register(subparsers: Any) -> None:
    parser = chinese_errors(
        subparsers.add_parser(
            "fees",
            help="计算信息处理费（按件或按量，超额累进）",
            description=__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
    )
    parser.add_argument(
        "--requests-this-month", action=StoreOnce, metavar="N", help="按件计收：该申请人本月的第几件申请"
    )
    parser.add_argument("--pages", action=StoreOnce, metavar="N", help="按量计收：本件申请的页数")
    parser.set_defaults(handler=_fees)
