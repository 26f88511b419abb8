from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS
