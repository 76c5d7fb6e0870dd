"""Shared fixtures and hypothesis profiles."""

from __future__ import annotations

import os

from hypothesis import settings

# One BLAS thread per process: the default run is spread over the cores by pytest-xdist, and
# BLAS threads on top of its workers only contend (set before any test imports numpy).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True)
settings.register_profile("dev", max_examples=25, deadline=None)
# the long fuzz run (.ci/run): thousands of examples per property
settings.register_profile(
    "fuzz", max_examples=3000, deadline=None, derandomize=False, print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
