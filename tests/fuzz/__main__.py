"""``python -m tests.fuzz --minutes 30``: see :mod:`tests.fuzz.runner`."""

from __future__ import annotations

import sys

from .runner import main

sys.exit(main())
