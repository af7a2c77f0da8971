"""A fault-injection hook for the crash tests: `FOLLOWUP_FAULT=POINT` kills this process
with SIGKILL when the sender reaches POINT.

Points, in order: `before-claim`, `after-claim`, `envelope` (phase=envelope recorded),
`data` (phase=data recorded, nothing of DATA sent yet), `accepted` (the server said
250 to DATA, the database not yet told). Unset, it does nothing; it exists so that the
crash matrix (tests/integration/test_crash_matrix.py) kills a real sender at a real
point instead of mocking one.
"""

from __future__ import annotations

import os
import signal

POINTS = ("before-claim", "after-claim", "envelope", "data", "accepted")


def fault_point(point: str) -> None:
    """Die here if the environment asks for it (read at call time, never at import)."""
    if os.environ.get("FOLLOWUP_FAULT") == point:
        os.kill(os.getpid(), signal.SIGKILL)
