"""Pausing Python's cyclic garbage collector while a large graph is built or walked.

Each full collection walks every container alive; a graph of a million papers holds
tens of millions (every node's and edge's attribute dict), and building or walking
it allocates millions more, which sets off collection after collection. The graph
holds no reference cycles for the collector to find, so papergraph's heavy steps
pause it (use as a ``with`` block or a decorator); it resumes as it was.

>>> import gc
>>> with gc_paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["gc_paused"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block (reference counting goes on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
