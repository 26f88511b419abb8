"""The applicant's secret query code (查询码): made once at filing, kept only as a keyed digest with the number."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata

from django.conf import settings

__all__ = ["make_query_code", "normalize_case_number", "normalize_query_code", "query_digest"]

# No 0/O, 1/I/L: the code is read from paper and typed by hand.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def make_query_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalize_query_code(code: str) -> str:
    """As typed: lower case, spaces, hyphens and full-width characters (a Chinese input method) all accepted."""
    return "".join(c for c in unicodedata.normalize("NFKC", code).upper() if c.isascii() and c.isalnum())


def normalize_case_number(number: str) -> str:
    """A tracking number as typed (full-width, lower case, surrounding spaces) in its stored form."""
    return unicodedata.normalize("NFKC", number).strip().upper()


def query_digest(number: str, code: str) -> str:
    message = f"{number.upper()}:{normalize_query_code(code)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
