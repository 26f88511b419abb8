"""The register's fixtures, shared with these tests."""

from __future__ import annotations

from tests.web.disclosure.conftest import make_item, publish, reviewer

__all__ = ["make_item", "publish", "reviewer"]
