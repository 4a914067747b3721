"""Python's cycle collector, held off from process start to the first frame.

Start-up builds hundreds of thousands of objects that live as long as the
process (modules, classes, Textual's styles) and frees almost none: the
collector's passes over them found about a thousand objects yet were 5-7% of
the CPU to the first frame (22-30 ms of 350-500 ms, measured with the
collector's own callbacks at 100k cached items). So the entry points hold it
until the app has shown its first frame, and it runs as usual from then on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def held_until_first_frame() -> Iterator[None]:
    """Hold the collector for the start-up in this block; the app lets it go
    at its first frame (``first_frame_shown``), and leaving the block lets it
    go in any case (a start that failed, or an app that never drew)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def first_frame_shown() -> None:
    """The first frame is on the terminal: collect as usual again."""
    gc.enable()
