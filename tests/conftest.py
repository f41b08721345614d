"""
Test configuration: Hypothesis profiles.

``CI`` set (as on every CI run) selects the derandomised ``ci`` profile, so a
green run is reproducible; locally the default profile explores more.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
