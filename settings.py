"""Settings: one frozen object built from the environment (prefix CC_); nothing else reads os.environ."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Every field is documented in .env.example (a test checks it)."""

    database_url: str = f"sqlite:///{ROOT / 'var' / 'city.db'}"
    redis_url: str = ""
    cache_dir: str = str(ROOT / "var" / "cache")
    secret_key: str = "dev-only-change-me"
    release: str = ""
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    lang: str = "zh"
    timezone: str = "Asia/Shanghai"
    refresh_seconds: int = 5
    simulate: bool = True
    sim_speed: float = 1.0
    sim_seed: int = 1
    sim_scale: float = 1.0
    wall_playlist: str = str(ROOT / "var" / "playlist.json")
    wall_dim_hours: str = "23-6"
    wall_sound: bool = False
    tile_url: str = ""
    tile_attribution: str = ""
    city_3d_url: str = ""
    stream_url_template: str = "/media/mjpeg/{camera_id}"
    osd_font: str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    stream_max_per_client: int = 8
    public_grid_m: int = 150
    open311_api_keys: str = "demo-key"
    open311_jurisdiction: str = "lingwu.gov.cn"
    public_base_url: str = ""
    oidc_key_file: str = str(ROOT / "var" / "oidc_key.pem")
    demo_users: bool = True
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    env: str = "development"
    lockout_minutes: int = 15
    audit_key: str = ""
    audit_anchor_path: str = str(ROOT / "var" / "audit_anchor.log")
    session_cookie_secure: bool = False
    access_log: str = "-"
    rate_limits: bool = True
    require_postgres: bool = False
    test_postgres_url: str = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    test_redis_url: str = "redis://127.0.0.1:6379/15"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load(env: dict[str, str] | None = None) -> Settings:
    """Build Settings from CC_* variables; unknown or malformed values raise ValueError."""
    env = dict(os.environ if env is None else env)
    values: dict[str, Any] = {}  # each value parsed to its field's type
    for f in fields(Settings):
        raw = env.get(f"CC_{f.name.upper()}")
        if raw is None or raw == "":  # an empty line in .env means "use the default"
            continue
        kind: type = type(f.default)  # every field has a default of its own type
        try:
            values[f.name] = _bool(raw) if kind is bool else kind(raw)
        except ValueError as exc:
            raise ValueError(f"CC_{f.name.upper()}={raw!r}: expected {kind.__name__}") from exc
    return Settings(**values)


SETTINGS = load()
