"""A local X API v2 server with a simulated world, for tests and the demo.

It imports nothing else of engage: it only speaks X's wire format.
"""

from engage_tui.sandbox.server import Sandbox, start_sandbox
from engage_tui.sandbox.worldgen import WorldSpec

__all__ = ["Sandbox", "WorldSpec", "start_sandbox"]
