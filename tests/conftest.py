"""Shared test set-up: hypothesis profiles, chosen with HYPOTHESIS_PROFILE (default "fast")."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("fast", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# make mutation: every surviving mutant costs a run of every test that calls its function, so few examples, and the
# same ones in every run (a mutant's verdict does not change from one run to the next).
settings.register_profile(
    "mutation", max_examples=10, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))
