"""Many clients at once, with half-sent requests beside them: every answer is a 2xx and
the half-sent connections are closed. (bench/sandbox_load.py is the full-size run.)"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests
from requests_oauthlib import OAuth1

from engage_tui.sandbox import Sandbox, start_sandbox

from .sandbox_support import CLOCK, SEED, SMALL

CLIENTS = 16
REQUESTS = 25
SLOW = 3


@pytest.fixture
def busy() -> Iterator[Sandbox]:
    with start_sandbox(seed=SEED, clock_start=CLOCK, world=SMALL, idle_timeout=3.0) as sb:
        yield sb


def _client(sandbox: Sandbox, user_id: int, start: threading.Event, out: list[str]) -> None:
    token, secret = sandbox.app.credentials.issue_access_token(user_id)
    env = sandbox.env
    auth = OAuth1(env["ENGAGE_X_CONSUMER_KEY"], env["ENGAGE_X_CONSUMER_SECRET"], token, secret)
    posts = ",".join(str(pid) for pid in sandbox.world.all_post_ids[-10:])
    with requests.Session() as session:
        start.wait()
        for n in range(REQUESTS):
            if n % 5 == 4:
                response = session.post(
                    sandbox.base_url + "/2/tweets",
                    json={"text": f"at once {user_id} {n}"},
                    auth=auth,
                    timeout=60,
                )
            elif n % 2:
                response = session.get(
                    sandbox.base_url + "/2/tweets", params={"ids": posts}, auth=auth, timeout=60
                )
            else:
                response = session.get(
                    f"{sandbox.base_url}/2/users/{user_id}/tweets", auth=auth, timeout=60
                )
            out.append(f"{response.request.method} {response.status_code}")


def _half_sent(sandbox: Sandbox, start: threading.Event, closed: list[bool]) -> None:
    with socket.create_connection((sandbox.host, sandbox.port), timeout=60) as conn:
        start.wait()
        conn.sendall(b'POST /2/tweets HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{"te')
        closed.append(conn.recv(4096) == b"")


def test_concurrent_clients_all_get_answers_while_half_sent_requests_are_closed(
    busy: Sandbox,
) -> None:
    users = [uid for uid in busy.world.users if uid != busy.world.owner_id][:CLIENTS]
    start = threading.Event()
    answers: list[list[str]] = [[] for _ in users]
    closed: list[bool] = []
    threads = [
        threading.Thread(target=_client, args=(busy, uid, start, answers[i]))
        for i, uid in enumerate(users)
    ]
    threads += [
        threading.Thread(target=_half_sent, args=(busy, start, closed)) for _ in range(SLOW)
    ]
    for thread in threads:
        thread.start()
    start.set()
    for thread in threads:
        thread.join()
    every = [answer for client in answers for answer in client]
    assert len(every) == CLIENTS * REQUESTS
    assert sorted(set(every)) == ["GET 200", "POST 201"]
    assert closed == [True] * SLOW
    for _ in range(500):  # the handler threads unregister just after closing
        if busy.open_connections == 0:
            break
        time.sleep(0.01)
    assert busy.open_connections == 0
