from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Local runs draw new examples each time (and replay any failure they found, from .hypothesis/); CI draws the same
# examples every run (`.ci/run` sets HYPOTHESIS_PROFILE=ci), so its verdict on a commit never depends on chance.
settings.register_profile("dev")
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS
