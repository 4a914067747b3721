"""The atproto SDK client behind one Bluesky account: session, calls, usage.

Every XRPC call goes through ``query`` or ``procedure``, which answer plain
JSON dicts (the lexicon's shapes, unknown fields kept), record what the call
cost for ``take_usage`` (reads and writes are free; the rate-limit headers
are kept) and turn every SDK or httpx failure into an engage error.
"""

from __future__ import annotations

import contextlib
import json
import threading
from typing import Any

import httpx
from atproto_client import Client
from atproto_client.client.session import Session, SessionEvent
from atproto_client.exceptions import AtProtocolError
from atproto_client.models.base import ParamsModelBase
from atproto_client.request import Request

from engage_tui.platforms.bluesky.failures import SIGNED_OUT_MESSAGE, map_exception
from engage_tui.platforms.bluesky.session import (
    APP_PASSWORD_HELP,
    BlueskyLogin,
    SessionStore,
    SessionStoreError,
)
from engage_tui.platforms.errors import PlatformError, SignedOut
from engage_tui.platforms.usage_meter import UsageMeter, epoch_time, header_int

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class Meter(UsageMeter):
    """The requests made, with the limits Bluesky's answers carry."""

    def answered(self, endpoint: str, resources: int, headers: dict[str, Any] | None) -> None:
        headers = headers or {}
        self.record(
            endpoint,
            resources,
            rate_limit=header_int(headers.get("ratelimit-limit")),
            rate_remaining=header_int(headers.get("ratelimit-remaining")),
            rate_reset=epoch_time(headers.get("ratelimit-reset")),
        )


class BlueskyClient:
    """One signed-in account. ``connect`` imports the kept session or logs in once."""

    def __init__(
        self,
        login: BlueskyLogin,
        store: SessionStore,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self.login = login
        self.store = store
        self.meter = Meter()
        self.sdk = Client(base_url=login.service, request=Request(timeout=timeout))
        self.sdk.on_session_change(self._keep)
        self._connected = False
        self._lock = threading.Lock()
        self._unsaved: SessionStoreError | None = None

    def _keep(self, event: SessionEvent, session: Session) -> None:
        # A refresh token works once: the new session must be saved right away.
        # An imported session is what the store already holds.
        if event is SessionEvent.IMPORT:
            return
        try:
            self.store.save(session.encode())
        except SessionStoreError as err:
            # Raising inside the SDK's callback would lose the answer of the
            # call in flight; the next call reports it instead.
            self._unsaved = err

    def _session(self) -> Session | None:
        # export_session_string is the SDK's public way to read the session.
        try:
            return Session.decode(self.sdk.export_session_string())
        except (AtProtocolError, ValueError):
            return None

    @property
    def did(self) -> str:
        self.connect()
        session = self._session()
        if session is None:
            raise SignedOut(SIGNED_OUT_MESSAGE)
        return session.did

    @property
    def handle(self) -> str:
        self.connect()
        session = self._session()
        if session is None:
            raise SignedOut(SIGNED_OUT_MESSAGE)
        return session.handle

    def connect(self) -> None:
        with self._lock:
            if self._unsaved is not None:
                err, self._unsaved = self._unsaved, None
                raise SignedOut(f"{err} Sign in again with `engage auth login bluesky`.")
            if self._connected:
                return
            try:
                kept = self.store.load()
                if kept:
                    self.sdk.login(session_string=kept, fetch_bsky_profile=False)
                else:
                    self._create_session()
            except PlatformError:
                raise
            except SessionStoreError as err:
                raise SignedOut(str(err)) from err
            except (AtProtocolError, httpx.HTTPError, ValueError) as exc:
                raise map_exception(exc, "POST com.atproto.server.createSession", False) from exc
            self._connected = True

    def end_session(self) -> None:
        """deleteSession with the refresh token: the session stops working.
        Best effort: an unreachable server lets it expire on its own."""
        session = self._session()
        if session is None:
            return
        with contextlib.suppress(AtProtocolError, httpx.HTTPError):
            self.sdk.com.atproto.server.delete_session(
                headers={"Authorization": f"Bearer {session.refresh_jwt}"}
            )
        self._connected = False

    def _create_session(self) -> None:
        if not self.login.app_password:
            raise SignedOut(
                f"engage is not signed in to Bluesky as @{self.login.handle}: "
                "sign in with `engage auth login bluesky`."
            )
        try:
            self.sdk.login(self.login.handle, self.login.app_password, fetch_bsky_profile=False)
        except AtProtocolError as exc:
            response = getattr(exc, "response", None)
            if response is not None and response.status_code in (400, 401):
                raise SignedOut(
                    f"Bluesky refused the handle or app password for @{self.login.handle}. "
                    + APP_PASSWORD_HELP
                ) from exc
            raise
        finally:
            self.meter.answered("POST com.atproto.server.createSession", 0, None)

    def query(self, nsid: str, params: ParamsModelBase | None, resources_key: str = "") -> Any:
        self.connect()
        endpoint = f"GET {nsid}"
        try:
            response = self.sdk.invoke_query(nsid, params=params)
        except (AtProtocolError, httpx.HTTPError) as exc:
            self._record_failure(endpoint, exc)
            raise map_exception(exc, endpoint, write=False) from exc
        body = response.content if isinstance(response.content, dict) else {}
        found = body.get(resources_key) if resources_key else None
        self.meter.answered(
            endpoint, len(found) if isinstance(found, list) else 0, response.headers
        )
        return body

    def procedure(self, nsid: str, body: dict[str, Any] | None, write: bool = True) -> Any:
        self.connect()
        endpoint = f"POST {nsid}"
        content = json.dumps(body or {}).encode("utf-8")
        try:
            response = self.sdk.invoke_procedure(
                nsid, content=content, headers={"Content-Type": "application/json"}
            )
        except (AtProtocolError, httpx.HTTPError) as exc:
            self._record_failure(endpoint, exc)
            raise map_exception(exc, endpoint, write=write) from exc
        self.meter.answered(endpoint, 1 if write else 0, response.headers)
        return response.content if isinstance(response.content, dict) else {}

    def _record_failure(self, endpoint: str, exc: BaseException) -> None:
        response = getattr(exc, "response", None)
        self.meter.answered(endpoint, 0, getattr(response, "headers", None))
