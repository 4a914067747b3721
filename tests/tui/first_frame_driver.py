"""Textual's own Linux driver, named in TEXTUAL_DRIVER (Textual's public way
to choose a driver) by tests/tui/test_first_frame_modules.py: at the first
write that holds ENGAGE_TEST_FIRST_FRAME it writes the names of the modules
loaded so far to ENGAGE_TEST_MODULES_FILE, one a line, and ends the process.
What is loaded by then is what the first frame cost."""

from __future__ import annotations

import os
import sys

from textual.drivers.linux_driver import LinuxDriver


class ModulesAtFirstFrame(LinuxDriver):
    def write(self, data: str) -> None:
        super().write(data)
        if os.environ["ENGAGE_TEST_FIRST_FRAME"] in data:
            with open(os.environ["ENGAGE_TEST_MODULES_FILE"], "w", encoding="utf-8") as out:
                out.write("\n".join(sorted(sys.modules)))
            os._exit(0)


class CollectorAtFirstFrame(LinuxDriver):
    """At the first frame, writes whether Python's cycle collector is on
    ("enabled" or "held") to ENGAGE_TEST_MODULES_FILE, and ends the process."""

    def write(self, data: str) -> None:
        super().write(data)
        if os.environ["ENGAGE_TEST_FIRST_FRAME"] in data:
            import gc

            with open(os.environ["ENGAGE_TEST_MODULES_FILE"], "w", encoding="utf-8") as out:
                out.write("enabled" if gc.isenabled() else "held")
            os._exit(0)
