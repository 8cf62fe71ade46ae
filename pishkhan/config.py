"""The one declared, versioned configuration layer (``config.toml`` in the data folder).

Every rate and price lives here, never in code: the tariff table, VAT, request fees. A missing file
or a missing key falls back to the defaults below; unknown keys are kept but ignored. The file is
written once, on first start, with every default spelled out so an administrator can edit it.
"""

from __future__ import annotations

import copy
import logging
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from pishkhan.domain.requests import DEFAULT_FEE_MAPPING, FeeConfig
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
        # A PEM file of the certificate authority to trust (a utility's private CA); empty: the
        # system's trust store.
        "ca_file": "",
        "timeout_seconds": 10.0,
    },
    "scan": {
        # Save scanned documents as PDF/A-1b (archival PDF with an sRGB output intent).
        "pdfa": False,
    },
    "tariff": DEFAULT_TARIFF_MAPPING,
    # Request fees in rials: the counter's own fee plus one fee per request type (missing: 0).
    "fees": DEFAULT_FEE_MAPPING,
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
    def ca_file(self) -> str:
        return str(self.raw["central"]["ca_file"]).strip()

    @property
    def scan_pdfa(self) -> bool:
        return bool(self.raw["scan"]["pdfa"])

    @property
    def tariff(self) -> TariffConfig:
        return TariffConfig.from_mapping(self.raw["tariff"])

    @property
    def fees(self) -> FeeConfig:
        return FeeConfig.from_mapping(self.raw["fees"])


# Sections taken whole from the file when present, never merged key by key with the defaults:
# a tariff is one table set by the utility, and a demo rate must never leak into a real bill.
WHOLE_SECTIONS = frozenset({"tariff", "fees"})

# Declared types of the scalar settings: (section, key) -> type.
_TYPES: dict[tuple[str, str], type] = {
    ("desk", "company_code"): str,
    ("desk", "company_name"): str,
    ("desk", "branch_code"): int,
    ("desk", "branch_name"): str,
    ("desk", "desk_no"): int,
    ("desk", "idle_lock_minutes"): int,
    ("desk", "page_size"): str,
    ("store", "url"): str,
    ("central", "url"): str,
    ("central", "verify_tls"): bool,
    ("central", "ca_file"): str,
    ("central", "timeout_seconds"): float,
    ("scan", "pdfa"): bool,
}


def _merge(base: dict[str, Any], override: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        whole = depth == 0 and key in WHOLE_SECTIONS
        if isinstance(value, dict) and isinstance(merged.get(key), dict) and not whole:
            merged[key] = _merge(merged[key], value, depth + 1)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _check(raw: dict[str, Any], path: Path) -> None:
    """Refuse wrong types up front, with a Persian message naming the setting."""
    version = raw.get("version")
    if type(version) is not int or not 1 <= version <= CONFIG_VERSION:
        raise ConfigError(f"نسخه پرونده تنظیمات {path} ({version!r}) برای این برنامه ناشناخته است")
    for section in ("desk", "store", "central", "scan", "tariff", "fees"):
        if not isinstance(raw.get(section), dict):
            raise ConfigError(f"در پرونده تنظیمات {path} بخش [{section}] باید یک جدول باشد")
    for (section, key), kind in _TYPES.items():
        value = raw[section].get(key)
        ok = type(value) is kind or (kind is float and type(value) is int)
        if not ok:
            raise ConfigError(
                f"در پرونده تنظیمات {path} مقدار {section}.{key} نادرست است: {value!r}"
            )
    if raw["desk"]["desk_no"] < 1 or raw["desk"]["idle_lock_minutes"] < 1:
        raise ConfigError(f"در پرونده تنظیمات {path} شماره باجه و زمان قفل باید مثبت باشند")
    if not (str(raw["desk"]["company_code"]).isdigit() and len(raw["desk"]["company_code"]) == 3):
        raise ConfigError(f"در پرونده تنظیمات {path} کد شرکت باید سه رقم باشد")
    try:
        TariffConfig.from_mapping(raw["tariff"])
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ConfigError(f"جدول تعرفه در پرونده تنظیمات {path} نادرست است: {exc}") from exc
    try:
        FeeConfig.from_mapping(raw["fees"])
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"جدول کارمزد درخواست‌ها در پرونده تنظیمات {path} نادرست است: {exc}"
        ) from exc


def load_config(paths: DataPaths, *, write_default: bool = True) -> Config:
    """Read ``config.toml``; write the defaults there first if it does not exist."""
    path = paths.config_file
    if not path.exists():
        if write_default:
            save_config(paths, Config())
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"پرونده تنظیمات {path} خوانده نشد ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"پرونده تنظیمات {path} با UTF-8 نوشته نشده است") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"پرونده تنظیمات {path} خوانا نیست ({exc})") from exc
    data.setdefault("version", CONFIG_VERSION)
    raw = _merge(DEFAULTS, data)
    _check(raw, path)
    return Config(raw)


def save_config(paths: DataPaths, config: Config) -> None:
    """Write atomically: a crash mid-write leaves the old file whole."""
    path = paths.config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".toml.tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        out.write(tomli_w.dumps(config.raw))
        out.flush()
        os.fsync(out.fileno())
    tmp.replace(path)
