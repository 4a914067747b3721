"""Every path engage uses, in one place.

Config lives in the platformdirs user config dir; the database (drafts are
user data) in the user *data* dir, never the cache dir. ``ENGAGE_HOME`` puts
both under one folder, for tests and portable use. Folders are created only
when something is written there.

engage's folders are 0700 and its files 0600 whatever the umask: the
database holds drafts, notes and the watchlist, and the log names people.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NamedTuple

APP_NAME = "engage"


class Paths(NamedTuple):
    """Where engage keeps its config and its data.

    A NamedTuple, not a frozen dataclass: `engage` builds the class before
    its first frame, and a dataclass costs about ten times more to create."""

    config_dir: Path
    data_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def state_file(self) -> Path:
        """engage's own record (signed-in accounts): written by engage, not the user."""
        return self.data_dir / "state.toml"

    @property
    def theme_file(self) -> Path:
        """The theme last picked in the command palette (engage's, not the user's file)."""
        return self.data_dir / "theme.toml"

    @property
    def database(self) -> Path:
        return self.data_dir / "engage.db"

    @property
    def demo_dir(self) -> Path:
        return self.data_dir / "demo"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "engage.log"


def default_paths(environ: dict[str, str] | None = None) -> Paths:
    env = os.environ if environ is None else environ
    home = env.get("ENGAGE_HOME")
    if home:
        root = Path(home).expanduser()
        return Paths(config_dir=root / "config", data_dir=root / "data")
    import platformdirs

    return Paths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
    )


def unsaved_words_dirs(database: Path, environ: dict[str, str] | None = None) -> list[Path]:
    """Where words the database would not take are kept, best first: beside
    the database; then, with ``ENGAGE_HOME``, a folder in it (never the
    user's home: another engage there must not announce this one's words);
    else the home folder and the temp folder."""
    import tempfile

    env = os.environ if environ is None else environ
    out = [database.parent / "unsaved"]
    home = env.get("ENGAGE_HOME")
    if home:
        out.append(Path(home).expanduser() / "unsaved")
        return out
    user_home = Path.home()
    if user_home.is_dir():
        out.append(user_home / "engage-unsaved")
    out.append(Path(tempfile.gettempdir()) / f"engage-unsaved-{os.getuid()}")
    return out


def ensure_dir(path: Path) -> Path:
    """``path`` as a private folder: created 0700, an existing one tightened."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    make_private(path)
    return path


def make_private(path: Path) -> None:
    """Take group and other permissions off ``path``, keeping the owner's as
    they are (a folder made read-only on purpose stays read-only). A path
    that is missing or not ours is left alone: opening it says what is wrong."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except OSError:
        pass


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists; then tighten it."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        make_private(path)
