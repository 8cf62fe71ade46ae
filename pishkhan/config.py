"""The one declared, versioned configuration layer (``config.toml`` in the data folder).

Every rate and price lives here, never in code: the tariff table, VAT, request fees. A missing file
or a missing key falls back to the defaults below; unknown keys are kept but ignored. The file is
written once, on first start, with every default spelled out so an administrator can edit it.
"""

from __future__ import annotations

import copy
import logging
import tomllib
from dataclasses import dataclass, field
from typing import Any

import tomli_w

from pishkhan.domain.tariff import DEFAULT_TARIFF_MAPPING, TariffConfig
from pishkhan.paths import DataPaths

log = logging.getLogger(__name__)

CONFIG_VERSION = 1

DEFAULTS: dict[str, Any] = {
    "version": CONFIG_VERSION,
    "desk": {
        "company_code": "476",
        "company_name": "شرکت آب و فاضلاب استان کرمان",
        "branch_code": 1101,
        "branch_name": "دفتر پیشخوان کرمان ۱۱۰۱",
        "desk_no": 1,
        "idle_lock_minutes": 10,
        "page_size": "A4",
        "margins_mm": [12, 12, 12, 12],
    },
    "store": {
        # Empty: the SQLite file in the data folder. A PostgreSQL URL serves a multi-desk branch.
        "url": "",
    },
    "central": {
        # Empty: start the bundled reference central server on a loopback port (demo mode).
        "url": "",
        "verify_tls": True,
        "timeout_seconds": 10.0,
    },
    "tariff": DEFAULT_TARIFF_MAPPING,
}


class ConfigError(ValueError):
    """The configuration file cannot be used; the message says where and why (Persian)."""


@dataclass(frozen=True, slots=True)
class Config:
    raw: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(DEFAULTS))

    @property
    def company_code(self) -> str:
        return str(self.raw["desk"]["company_code"])

    @property
    def company_name(self) -> str:
        return str(self.raw["desk"]["company_name"])

    @property
    def branch_code(self) -> int:
        return int(self.raw["desk"]["branch_code"])

    @property
    def branch_name(self) -> str:
        return str(self.raw["desk"]["branch_name"])

    @property
    def desk_no(self) -> int:
        return int(self.raw["desk"]["desk_no"])

    @property
    def idle_lock_minutes(self) -> int:
        return int(self.raw["desk"]["idle_lock_minutes"])

    @property
    def store_url(self) -> str:
        return str(self.raw["store"]["url"]).strip()

    @property
    def central_url(self) -> str:
        return str(self.raw["central"]["url"]).strip()

    @property
    def verify_tls(self) -> bool:
        return bool(self.raw["central"]["verify_tls"])

    @property
    def tariff(self) -> TariffConfig:
        return TariffConfig.from_mapping(self.raw["tariff"])


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def load_config(paths: DataPaths, *, write_default: bool = True) -> Config:
    """Read ``config.toml``; write the defaults there first if it does not exist."""
    path = paths.config_file
    if not path.exists():
        if write_default:
            save_config(paths, Config())
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"پرونده تنظیمات {path} خوانا نیست: {exc}") from exc
    version = data.get("version", CONFIG_VERSION)
    if not isinstance(version, int) or version > CONFIG_VERSION:
        raise ConfigError(f"نسخه پرونده تنظیمات {path} ({version}) برای این برنامه ناشناخته است")
    config = Config(_merge(DEFAULTS, data))
    try:
        config.tariff  # noqa: B018 - validate the tariff table now, not at the first bill
        int(config.raw["desk"]["branch_code"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"مقدار نادرست در پرونده تنظیمات {path}: {exc}") from exc
    return config


def save_config(paths: DataPaths, config: Config) -> None:
    """Write atomically: a crash mid-write leaves the old file whole."""
    path = paths.config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(tomli_w.dumps(config.raw), encoding="utf-8")
    tmp.replace(path)
