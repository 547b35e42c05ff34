"""The start of a serving process (gunicorn's worker, a benchmark): what every request needs is
loaded once, then set aside from the garbage collector's full passes.

Django with ovop's URLs holds some 220,000 Python objects before the first request; a full
pass of the collector walks all of them, which took ~130 ms on the 2-core benchmark machine
and came back every few dozen dashboard requests as a tail of 240 ms on a page that otherwise
takes 110. ``gc.freeze()`` (Python's own advice for pre-loaded servers) moves the objects alive
at start into a generation the collector no longer walks; they live as long as the process
anyway. Cycles made by requests are still collected as before.
"""

from __future__ import annotations

import gc


def settle() -> int:
    """Load every URL pattern (and so every view module), collect once, freeze what is left;
    the number of objects frozen."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 -- imports the views now, not on a request
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
