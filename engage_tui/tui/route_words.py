"""What a queued answer's notice says will happen to it, for every route."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engage_tui.tui.context import Services


def to_tray_words(svc: Services, network: str) -> str:
    """What happens to an answer the network's API may not send: it waits in
    the tray, to be finished in the browser ("Like waits in the tray ...")."""
    from engage_tui.platforms.handles import network_name

    where = network_name(network)
    return (
        f"waits in the tray ({svc.key('app.tray')}) in {svc.config.undo_seconds:g} s: "
        f"{where}'s API may not send it, so you finish it on {where} in your browser"
    )
