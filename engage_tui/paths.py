"""Every path engage uses, in one place.

Config lives in the platformdirs user config dir; the database (drafts are
user data) in the user *data* dir, never the cache dir. ``ENGAGE_HOME`` puts
both under one folder, for tests and portable use. Folders are created only
when something is written there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "engage"


@dataclass(frozen=True, slots=True)
class Paths:
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


def ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
