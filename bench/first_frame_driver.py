"""Textual's own Linux driver, ending the process at the first frame that
shows a marker: `bench/startup_instructions.py` names it in TEXTUAL_DRIVER
(Textual's public way to choose a driver) so that callgrind counts the
instructions up to that frame and nothing after it.

Kept tiny and free of engage's modules: it is loaded by the baseline and by
engage alike, so what it costs falls on both sides of the ratio.
"""

from __future__ import annotations

import os

from textual.drivers.linux_driver import LinuxDriver

MARKER = os.environ.get("ENGAGE_BENCH_FIRST_FRAME", "")


class FirstFrameDriver(LinuxDriver):
    def write(self, data: str) -> None:
        super().write(data)
        if MARKER and MARKER in data:
            # At once, without the app's shutdown: what follows the frame is
            # not start-up. Valgrind writes its counts at any exit.
            os._exit(0)
