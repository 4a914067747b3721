"""GoToSocial, a real Mastodon-client-API server, for engage's tests and benchmarks.

``prepare`` unpacks the ready-built server once into the project's cache folder
(``~/.cache/engage-dev/gotosocial-0.19.2``): the binary, its web templates
(the OAuth sign-in page is rendered from them) and stub ``ffmpeg``/``ffprobe``
(the build only checks that they exist; engage sends no media). It comes from
``../shared/mastodon/`` beside the checkout, or from the binary named by
``ENGAGE_GOTOSOCIAL`` (GoToSocial's own release of the same version, whose
tarball holds ``web/`` beside the binary).

``Server`` runs it on 127.0.0.1 on a free port with a fresh database, and makes
accounts the way an admin would (the ``admin
account`` commands, after the server has started: creating one first leaves it
half-made), then gets each a token through the real OAuth code flow over HTTP
(sign-in form, authorize, code, token), as a person would in a browser.

The database is a private PostgreSQL cluster (the one scripts/bluesky/stack.py
starts for the Bluesky network), not SQLite: this build's SQLite is WebAssembly
that every ``gotosocial`` process compiles at start, 1.2 s of CPU for each
``admin account create``; on PostgreSQL that command takes 0.3 s.

    python3 scripts/mastodon/gotosocial.py prepare   # unpack (what `make test` runs)
    python3 scripts/mastodon/gotosocial.py run       # start one, print an account's email,
                                                     # password and token; Ctrl-C stops it
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import http.cookiejar
import importlib.util
import json
import os
import secrets
import shutil
import socket
import string
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

VERSION = "0.19.2"
SHA256 = "a95fb624e2ce3aaf1d7ece216b58e450ad8dcaf32892004d0b6e00b6935101c0"
ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "mastodon"
ENV_BINARY = "ENGAGE_GOTOSOCIAL"
OOB = "urn:ietf:wg:oauth:2.0:oob"
READY_WAIT_S = 60.0
HOW_TO_PROVIDE = (
    f"GoToSocial {VERSION} is needed for the Mastodon tests: put the ready-built server in "
    f"{SHARED} (gotosocial-{VERSION}-linux-amd64.gz and gotosocial-{VERSION}-web.tar.gz), or "
    f"set {ENV_BINARY}=/path/to/gotosocial (GoToSocial's own v{VERSION} release binary, with "
    "its web/ folder beside it), or skip them with ENGAGE_SKIP_MASTODON=1."
)


class Unavailable(RuntimeError):
    """GoToSocial cannot be had here; the message says how to provide it."""


def _stack() -> ModuleType:
    """scripts/bluesky/stack.py, for its private PostgreSQL cluster."""
    name = "engage_bluesky_stack"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "bluesky" / "stack.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _ensure_postgres(step: Callable[[str], None] | None = None) -> None:
    stack = _stack()
    try:
        stack._ensure_postgres(step)
    except stack.StackError as err:
        raise Unavailable(f"GoToSocial runs on PostgreSQL here, which is missing: {err}") from err


@dataclass(frozen=True)
class Prepared:
    binary: Path
    web: Path  # holds template/ and assets/
    stubs: Path  # a folder with stub ffmpeg and ffprobe, for PATH


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "engage-dev" / f"gotosocial-{VERSION}"


def _stubs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("ffmpeg", "ffprobe"):
        stub = folder / name
        if not stub.exists():
            stub.write_text("#!/bin/sh\nexit 0\n")
            stub.chmod(0o755)
    return folder


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def prepare(step: Callable[[str], None] | None = None) -> Prepared:
    """The server ready to run, unpacked on first use; Unavailable when it cannot be.
    ``step`` hears what a first set-up is doing (`make test` prints it)."""
    say = step or (lambda _: None)
    given = os.environ.get(ENV_BINARY, "").strip()
    cache = cache_dir()
    if given:
        binary = Path(given).expanduser().resolve()
        if not binary.is_file() or not os.access(binary, os.X_OK):
            raise Unavailable(f"{ENV_BINARY}={given} is not an executable file. {HOW_TO_PROVIDE}")
        web = binary.parent / "web"
        if not (web / "template").is_dir():
            raise Unavailable(
                f"{ENV_BINARY}: no web/template folder beside {binary} (the OAuth sign-in page "
                f"needs it). {HOW_TO_PROVIDE}"
            )
        _ensure_postgres(step)
        return Prepared(binary, web, _stubs(cache / "stubs"))
    packed = SHARED / f"gotosocial-{VERSION}-linux-amd64.gz"
    web_tar = SHARED / f"gotosocial-{VERSION}-web.tar.gz"
    binary = cache / "gotosocial"
    web = cache / "web"
    if binary.is_file() and (web / "template").is_dir():
        _ensure_postgres(step)
        return Prepared(binary, web, _stubs(cache / "stubs"))
    if not packed.is_file() or not web_tar.is_file():
        raise Unavailable(f"{packed} is missing. {HOW_TO_PROVIDE}")
    cache.mkdir(parents=True, exist_ok=True)
    # Unpack beside, then rename: a run killed halfway leaves no half binary.
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        part = Path(tmp) / "gotosocial"
        say(f"1/3 unpacking GoToSocial {VERSION} from {packed.name} into {cache}")
        with gzip.open(packed, "rb") as src, part.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        say("2/3 checking its sha256")
        if _sha256(part) != SHA256:
            raise Unavailable(f"{packed} does not unpack to the expected server (sha256 differs).")
        part.chmod(0o755)
        say(f"3/3 unpacking its web templates from {web_tar.name}")
        with tarfile.open(web_tar) as tar:
            tar.extractall(tmp, filter="data")
        unpacked_web = Path(tmp) / "web"
        if not (unpacked_web / "template").is_dir():
            raise Unavailable(f"{web_tar} holds no web/template folder.")
        if web.exists():
            shutil.rmtree(web)
        unpacked_web.rename(web)
        part.rename(binary)
    _ensure_postgres(step)
    return Prepared(binary, web, _stubs(cache / "stubs"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Token:
    username: str
    email: str
    password: str
    access_token: str


class Server:
    """One GoToSocial on 127.0.0.1 with its own PostgreSQL cluster; its media
    and log in ``folder``."""

    def __init__(self, prepared: Prepared, folder: Path, port: int | None = None) -> None:
        self.prepared = prepared
        self.folder = folder
        self.port = port or free_port()
        self.url = f"http://localhost:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None
        self.log = folder / "gotosocial.log"
        self.started_in_s = 0.0
        self._db_work: Path | None = None
        self._db: Any = None  # stack.Postgres
        self._db_port = ""

    def env(self) -> dict[str, str]:
        web = self.prepared.web
        env = {
            k: v for k, v in os.environ.items() if not k.startswith("GTS_") and k != "HTTP_PROXY"
        }
        env.update(
            {
                "PATH": f"{self.prepared.stubs}{os.pathsep}{os.environ.get('PATH', '')}",
                "GTS_HOST": f"localhost:{self.port}",
                "GTS_PROTOCOL": "http",
                "GTS_BIND_ADDRESS": "127.0.0.1",
                "GTS_PORT": str(self.port),
                "GTS_DB_TYPE": "postgres",
                "GTS_DB_ADDRESS": "127.0.0.1",
                "GTS_DB_PORT": self._db_port,
                "GTS_DB_USER": "pg",
                "GTS_DB_PASSWORD": "unused",  # the cluster trusts local connections
                "GTS_DB_DATABASE": "postgres",
                "GTS_DB_TLS_MODE": "disable",
                "GTS_STORAGE_LOCAL_BASE_PATH": str(self.folder / "storage"),
                "GTS_WEB_TEMPLATE_BASE_DIR": f"{web / 'template'}/",
                "GTS_WEB_ASSET_BASE_DIR": f"{web / 'assets'}/",
                "GTS_LETSENCRYPT_ENABLED": "false",
                "GTS_ADVANCED_RATE_LIMIT_REQUESTS": "5000",
                "GTS_ADVANCED_THROTTLING_MULTIPLIER": "0",
                "GTS_INSTANCE_INJECT_MASTODON_VERSION": "true",
                "GTS_LOG_LEVEL": "warn",
                "NO_PROXY": "127.0.0.1,localhost",
            }
        )
        return env

    def start(self) -> str:
        """Start the database, then the server; stops both if either fails."""
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> str:
        began = time.monotonic()
        self.folder.mkdir(parents=True, exist_ok=True)
        stack = _stack()
        # Its own folder in the temp dir: the postgres user must reach it, and
        # a test's folder is private to this user.
        self._db_work = stack.private_work_dir("engage-gts-db-")
        self._db = stack.Postgres(self._db_work)
        try:
            url = self._db.start()
        except stack.StackError as err:
            raise RuntimeError(f"GoToSocial's database did not start: {err}") from err
        self._db_port = str(urllib.parse.urlsplit(url).port)
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                [str(self.prepared.binary), "server", "start"],
                env=self.env(),
                cwd=self.folder,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + READY_WAIT_S
        while True:
            if self._process.poll() is not None:
                raise RuntimeError(f"GoToSocial exited at start:\n{self._tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/instance", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"GoToSocial did not answer in {READY_WAIT_S:.0f} s")
            time.sleep(0.05)
        self.started_in_s = time.monotonic() - began
        return self.url

    def _tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        db, self._db = self._db, None
        if db is not None:
            db.stop()
        if self._db_work is not None:
            shutil.rmtree(self._db_work, ignore_errors=True)
            self._db_work = None

    def admin(self, *args: str) -> None:
        done = subprocess.run(
            [str(self.prepared.binary), "admin", "account", *args],
            env=self.env(),
            cwd=self.folder,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
        if done.returncode != 0:
            out = (done.stdout + done.stderr).decode(errors="replace")[-2000:]
            raise RuntimeError(f"gotosocial admin account {args[0]} failed:\n{out}")

    def create_account(self, username: str | None = None) -> Token:
        """A confirmed, unlocked account that posts in public, with a token."""
        name = username or "u" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))
        email = f"{name}@example.test"
        password = "Pw-" + secrets.token_urlsafe(18)
        # `create` already confirms and approves the account (0.19.2 sets its
        # confirmed_at and approved); `admin account confirm` would cost another
        # process start (1.4 s of CPU) and change nothing.
        self.admin("create", "--username", name, "--email", email, "--password", password)
        token = self.token(email, password)
        # GoToSocial's accounts start locked and unlisted; Mastodon's do not.
        self.request(
            "PATCH",
            "/api/v1/accounts/update_credentials",
            {"locked": "false", "source[privacy]": "public"},
            token=token,
        )
        return Token(name, email, password, token)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, token: str | None = None
    ) -> object:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        req = urllib.request.Request(f"{self.url}{path}", data=data, method=method)
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(req, timeout=30) as answer:
            return json.loads(answer.read() or b"null")

    def register_app(self, scopes: str = "read write") -> tuple[str, str]:
        app = self.request(
            "POST",
            "/api/v1/apps",
            {"client_name": "engage-tests", "redirect_uris": OOB, "scopes": scopes},
        )
        assert isinstance(app, dict)
        return str(app["client_id"]), str(app["client_secret"])

    def authorize(self, email: str, password: str, client_id: str, scopes: str) -> str:
        """The code a person would copy from the browser: the sign-in form,
        then the authorize form, then the code in the out-of-band redirect."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
        query = urllib.parse.urlencode(
            {
                "client_id": client_id,
                "redirect_uri": OOB,
                "response_type": "code",
                "scope": scopes,
            }
        )
        steps: list[tuple[str, dict[str, str] | None]] = [
            (f"/oauth/authorize?{query}", None),
            ("/auth/sign_in", {"username": email, "password": password}),
            ("/oauth/authorize", {}),
        ]
        location = ""
        for path, form in steps:
            data = urllib.parse.urlencode(form).encode() if form is not None else None
            try:
                with opener.open(f"{self.url}{path}", data=data, timeout=30) as answer:
                    body = answer.read().decode(errors="replace")
                    location = answer.headers.get("Location", "")
            except urllib.error.HTTPError as err:
                location = err.headers.get("Location", "")
                body = err.read().decode(errors="replace")
            if "code=" in location or ("code" in body and path == "/oauth/authorize" and form):
                break
        code = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query).get("code", [""])[0]
        if not code:
            # GoToSocial shows an out-of-band code on a page: follow the redirect.
            if location:
                with opener.open(urllib.parse.urljoin(self.url, location), timeout=30) as page:
                    body = page.read().decode(errors="replace")
            code = _code_on_page(body)
        if not code:
            raise RuntimeError("GoToSocial's authorize flow gave no code")
        return code

    def token(self, email: str, password: str, scopes: str = "read write") -> str:
        client_id, client_secret = self.register_app(scopes)
        code = self.authorize(email, password, client_id, scopes)
        answer = self.request(
            "POST",
            "/oauth/token",
            {
                "grant_type": "authorization_code",
                "code": code,
                "client_id": client_id,
                "client_secret": client_secret,
                "redirect_uri": OOB,
                "scope": scopes,
            },
        )
        assert isinstance(answer, dict)
        return str(answer["access_token"])


def _code_on_page(body: str) -> str:
    import re

    found = re.search(r"<code>([A-Za-z0-9_-]{10,})</code>", body)
    return found.group(1) if found else ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # The flow needs to see each redirect's Location (the code is in one).
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="gotosocial.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "command",
        nargs="?",
        default="prepare",
        choices=("prepare", "run"),
        help="prepare (the default): unpack into the cache folder; run: start one until Ctrl-C",
    )
    command = parser.parse_args(argv[1:]).command
    try:
        prepared = prepare(lambda what: print(f"engage: GoToSocial: {what}", flush=True))
    except Unavailable as err:
        print(err, file=sys.stderr)
        # Under CI a missing server fails the run; elsewhere the tests say so.
        return 1 if os.environ.get("CI") == "true" else 0
    if command == "prepare":
        print(f"GoToSocial {VERSION} ready: {prepared.binary}")
        return 0
    if command == "run":
        with tempfile.TemporaryDirectory(prefix="engage-gts-") as tmp:
            server = Server(prepared, Path(tmp))
            print(server.start(), f"(ready in {server.started_in_s:.2f} s)", flush=True)
            began = time.monotonic()
            account = server.create_account()
            print(f"account {account.username} with token in {time.monotonic() - began:.2f} s")
            # A throwaway server's throwaway account: what signing in by hand
            # (the sign-in form) or ENGAGE_MASTODON_TOKEN needs.
            print(f"  email {account.email}  password {account.password}")
            print(f"  ENGAGE_MASTODON_SERVER={server.url}")
            print(f"  ENGAGE_MASTODON_TOKEN={account.access_token}")
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    time.sleep(3600)
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
