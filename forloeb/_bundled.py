"""
Where the bundled example register (the 2018 reference case) lives.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

#: The folder of CSV files shipped with the package (``examples/slagelse-2018``).
EXAMPLE_REGISTER = Path(__file__).parent / "data" / "slagelse-2018"

#: The evaluation date of the bundled example: the summer of the 2018 report.
EXAMPLE_AS_OF = dt.date(2018, 6, 30)
