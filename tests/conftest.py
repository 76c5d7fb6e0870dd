"""Shared fixtures and hypothesis profiles."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True)
settings.register_profile("dev", max_examples=25, deadline=None)
# the long fuzz run (.ci/run): thousands of examples per property
settings.register_profile(
    "fuzz", max_examples=3000, deadline=None, derandomize=False, print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
