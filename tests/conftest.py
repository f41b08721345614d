"""
Test configuration: Hypothesis profiles.

``CI`` set (``.ci/run`` exports ``CI=1``) selects the ``ci`` profile:
derandomised, so a green run is reproducible, and bounded, so a real failure
reports within a minute: the shrinker stops after :data:`CI_SHRINK_SECONDS`
and the smallest failing example found by then is shown (Hypothesis's own
bound is five minutes per failing test, which is how long a failure of the
store's state machine used to take to report). Locally the ``dev`` profile
explores anew on each run and shrinks for as long as Hypothesis likes.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis.internal.conjecture import engine

#: How long, in seconds, the ``ci`` profile shrinks the failures of one test.
CI_SHRINK_SECONDS = 20

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100)

if os.environ.get("CI"):
    settings.load_profile("ci")
    # Hypothesis keeps this bound monkeypatchable on purpose ("for the rare
    # users who need to keep on shrinking"); fail loudly if it is ever renamed,
    # rather than shrink for five minutes again without a word.
    if not hasattr(engine, "MAX_SHRINKING_SECONDS"):
        raise RuntimeError("hypothesis no longer has engine.MAX_SHRINKING_SECONDS; "
                           "bound the ci profile's shrinking another way")
    engine.MAX_SHRINKING_SECONDS = CI_SHRINK_SECONDS
else:
    settings.load_profile("dev")
