"""Water tariff configuration (DOMAIN.md §3): every price and percentage lives here as data.

:class:`TariffConfig` is built from a plain mapping (as parsed from TOML or JSON) with
:meth:`TariffConfig.from_mapping`. Multipliers and percentages are decimal strings (never
floats); money is integer rials. :data:`DEFAULT_TARIFF_MAPPING` holds demo values in the
shape of a 1405 tariff — they are illustrative, not the utility's approved prices.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from pishkhan.domain.money import to_fraction
from pishkhan.domain.persian import to_ascii_digits


class TariffConfigError(ValueError):
    """The tariff mapping is incomplete or malformed."""


class Use(enum.Enum):
    """Use (کاربری) of a connection."""

    RESIDENTIAL = "residential"
    COMMERCIAL = "commercial"
    INDUSTRIAL = "industrial"
    PUBLIC = "public"
    RELIGIOUS = "religious"
    CONSTRUCTION = "construction"

    @property
    def title(self) -> str:
        return _USE_TITLES[self]

    @classmethod
    def parse(cls, value: str | Use) -> Use:
        """``"commercial"``, ``"COMMERCIAL"`` or ``Use.COMMERCIAL`` → Use.COMMERCIAL."""
        if isinstance(value, Use):
            return value
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise TariffConfigError(f"کاربری ناشناخته: {value!r}") from None


_USE_TITLES = {
    Use.RESIDENTIAL: "مسکونی",
    Use.COMMERCIAL: "تجاری",
    Use.INDUSTRIAL: "صنعتی",
    Use.PUBLIC: "عمومی و دولتی",
    Use.RELIGIOUS: "مذهبی",
    Use.CONSTRUCTION: "ساختمانی",
}

#: Line codes of a bill; surcharges use ``"surcharge:<code>"``.
LINE_WATER = "water"
LINE_FIXED = "fixed"
LINE_SEWAGE = "sewage"
LINE_SEWER_FIXED = "sewer_fixed"
SURCHARGE_PREFIX = "surcharge:"

_DIAMETER_NOISE = re.compile(r'["″”\s]|inch|اینچ')


def parse_diameter(text: str | int) -> Fraction:
    """Connection diameter in inches: «1/2», «۳/۴», «1», «1.5», «1 1/2», «2"» → Fraction."""
    return _parse_diameter_text(str(text))


@functools.lru_cache(maxsize=256)  # every bill looks its diameter up; a desk has a few
def _parse_diameter_text(text: str) -> Fraction:
    raw = to_ascii_digits(text).strip().lower()
    mixed = re.fullmatch(r"(\d+)\s+(\d+)/(\d+)", _DIAMETER_NOISE.sub(" ", raw).strip())
    try:
        if mixed:
            whole, num, den = (int(g) for g in mixed.groups())
            value = whole + Fraction(num, den)
        else:
            cleaned = _DIAMETER_NOISE.sub("", raw)
            if not re.fullmatch(r"\d+(?:/\d+|\.\d+)?", cleaned):
                raise ValueError(cleaned)
            value = Fraction(cleaned)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"قطر انشعاب نامعتبر است: {text}") from None
    if value <= 0:
        raise ValueError(f"قطر انشعاب نامعتبر است: {text}")
    return value


@dataclass(frozen=True)
class Tier:
    """One block of a tier table: up to ``upper_m3`` m³/month (``None`` = no limit)."""

    upper_m3: Fraction | None
    multiplier: Fraction


@dataclass(frozen=True)
class Surcharge:
    """A local surcharge: ``percent`` per cent of the water charge line."""

    code: str
    title: str
    percent: Fraction


@dataclass(frozen=True)
class TariffConfig:
    """A complete water tariff. Build it with :meth:`from_mapping`."""

    base_price_rials: int
    pattern_m3_per_month: Fraction
    within_pattern_tiers: tuple[Tier, ...]
    above_pattern_tiers: tuple[Tier, ...]
    use_multipliers: Mapping[Use, Fraction]
    fixed_charges: Mapping[Fraction, Mapping[Use, int]]
    sewage_share: Mapping[Use, Fraction]
    surcharges: tuple[Surcharge, ...]
    vat_by_year: tuple[tuple[int, Fraction], ...]
    vat_applies_to: frozenset[str]

    def vat_percent(self, jalali_year: int) -> Fraction:
        """VAT percent for bills of ``jalali_year`` (the latest entry not after it)."""
        applicable = [pct for start, pct in self.vat_by_year if start <= jalali_year]
        if not applicable:
            raise ValueError(f"نرخ مالیات بر ارزش افزوده برای سال {jalali_year} تعریف نشده است")
        return applicable[-1]

    def fixed_charge(self, use: Use, diameter: str | int) -> int:
        """آبونمان in rials per unit per month for ``use`` and connection ``diameter``."""
        table = self.fixed_charges.get(parse_diameter(diameter))
        if table is None:
            raise ValueError(f"برای قطر انشعاب {diameter} آبونمانی تعریف نشده است")
        return table[use]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> TariffConfig:
        """Validate and convert a plain mapping shaped like :data:`DEFAULT_TARIFF_MAPPING`."""
        try:
            return _from_mapping(data)
        except TariffConfigError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise TariffConfigError(f"پیکربندی تعرفه نامعتبر است: {exc}") from exc


def _money(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TariffConfigError(f"{name} باید عدد صحیح نامنفی (ریال) باشد")
    return value


def _rate(value: object, name: str) -> Fraction:
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise TariffConfigError(f"{name} باید رشته اعشاری یا عدد صحیح باشد، نه {value!r}")
    result = to_fraction(value)
    if result < 0:
        raise TariffConfigError(f"{name} نباید منفی باشد")
    return result


_NO_LIMIT = {"inf", "", "∞", "none", "null"}


def _tiers(rows: Sequence[Sequence[object]], name: str) -> tuple[Tier, ...]:
    tiers: list[Tier] = []
    previous = Fraction(0)
    for row in rows:
        # [upper, multiplier]; the unbounded last row may be [null, m] (JSON), or, since TOML
        # has no null, ["inf", m] or just [m].
        upper_raw, mult_raw = (None, row[0]) if len(row) == 1 else row
        unbounded = upper_raw is None or (
            isinstance(upper_raw, str) and upper_raw.strip().lower() in _NO_LIMIT
        )
        upper = None if unbounded else _rate(upper_raw, name)
        if tiers and tiers[-1].upper_m3 is None:
            raise TariffConfigError(f"{name}: پله بی‌سقف باید آخرین پله باشد")
        if upper is not None and upper <= previous:
            raise TariffConfigError(f"{name}: سقف پله‌ها باید صعودی باشد")
        tiers.append(Tier(upper, _rate(mult_raw, name)))
        previous = upper if upper is not None else previous
    if not tiers:
        raise TariffConfigError(f"{name} خالی است")
    return tuple(tiers)


def _per_use(data: Mapping[str, object], name: str, uses: Sequence[Use]) -> dict[Use, object]:
    default = data.get("default")
    table = {Use.parse(k): v for k, v in data.items() if k != "default"}
    for use in uses:
        if use not in table:
            if default is None:
                raise TariffConfigError(f"{name}: مقدار برای کاربری {use.value} تعریف نشده است")
            table[use] = default
    return table


def _from_mapping(data: Mapping[str, Any]) -> TariffConfig:
    pattern = _rate(data["pattern_m3_per_month"], "pattern_m3_per_month")
    within = _tiers(data["within_pattern_tiers"], "within_pattern_tiers")
    above = _tiers(data["above_pattern_tiers"], "above_pattern_tiers")
    last_within = within[-1].upper_m3
    if last_within is not None and last_within < pattern:
        raise TariffConfigError("پله‌های داخل الگو باید تا سقف الگو را پوشش دهند")
    if above[-1].upper_m3 is not None:
        raise TariffConfigError("آخرین پله خارج از الگو باید بی‌سقف (null) باشد")
    others = [u for u in Use if u is not Use.RESIDENTIAL]
    multipliers = {
        u: _rate(v, "use_multipliers")
        for u, v in _per_use(data["use_multipliers"], "use_multipliers", others).items()
    }
    fixed: dict[Fraction, Mapping[Use, int]] = {}
    for diameter, per_use in data["fixed_charges"].items():
        row = _per_use(per_use, f"fixed_charges[{diameter}]", list(Use))
        fixed[parse_diameter(diameter)] = MappingProxyType(
            {u: _money(v, f"fixed_charges[{diameter}]") for u, v in row.items()}
        )
    shares = {
        u: _rate(v, "sewage_share")
        for u, v in _per_use(data["sewage_share"], "sewage_share", list(Use)).items()
    }
    surcharges = tuple(
        Surcharge(str(s["code"]), str(s["title"]), _rate(s["percent"], "surcharges"))
        for s in data.get("surcharges", ())
    )
    vat = data["vat"]
    vat_years = tuple(
        sorted((int(y), _rate(p, "vat.percent_by_year")) for y, p in vat["percent_by_year"])
    )
    known = {LINE_WATER, LINE_FIXED, LINE_SEWAGE, LINE_SEWER_FIXED}
    known |= {SURCHARGE_PREFIX + s.code for s in surcharges}
    applies = frozenset(str(code) for code in vat["applies_to"])
    if not applies <= known:
        raise TariffConfigError(f"vat.applies_to: کد ناشناخته {sorted(applies - known)}")
    return TariffConfig(
        base_price_rials=_money(data["base_price_rials"], "base_price_rials"),
        pattern_m3_per_month=pattern,
        within_pattern_tiers=within,
        above_pattern_tiers=above,
        use_multipliers=MappingProxyType(multipliers),
        fixed_charges=MappingProxyType(fixed),
        sewage_share=MappingProxyType(shares),
        surcharges=surcharges,
        vat_by_year=vat_years,
        vat_applies_to=applies,
    )


def _fixed_row(residential: int) -> dict[str, int]:
    """Demo fixed charges per use as simple multiples of the residential one."""
    return {
        "residential": residential,
        "commercial": residential * 2,
        "industrial": residential * 3,
        "public": residential * 2,
        "religious": residential // 2,
        "construction": residential * 2,
    }


#: Demo tariff (illustrative 1405-style numbers). Tier rows are [upper m³/month or "inf",
#: multiplier of the base price C] (TOML has no null, so the open tier is "inf");
#: percentages are per cent; money is rials; rates are decimal strings, never floats.
DEFAULT_TARIFF_MAPPING: dict[str, Any] = {
    "base_price_rials": 40_000,
    "pattern_m3_per_month": 15,
    "within_pattern_tiers": [[5, "0.25"], [10, "0.4"], [15, "0.7"]],
    "above_pattern_tiers": [
        [5, "0.7"],
        [10, "0.8"],
        [15, "1"],
        [22, "2"],
        [30, "3"],
        [45, "3.5"],
        [60, "4"],
        ["inf", "5"],
    ],
    "use_multipliers": {
        "commercial": "2",
        "industrial": "1.5",
        "public": "1.2",
        "religious": "0.5",
        "construction": "2.5",
    },
    "fixed_charges": {
        "1/2": _fixed_row(30_000),
        "3/4": _fixed_row(45_000),
        "1": _fixed_row(80_000),
        "1.5": _fixed_row(180_000),
        "2": _fixed_row(320_000),
    },
    "sewage_share": {"residential": "0.7", "default": "1"},
    "surcharges": [
        {"code": "municipal", "title": "عوارض شهرداری", "percent": "2"},
        {"code": "water_resources", "title": "عوارض منابع آب", "percent": "1"},
    ],
    "vat": {
        "percent_by_year": [[0, "9"], [1403, "10"]],
        "applies_to": [LINE_WATER, LINE_FIXED, LINE_SEWAGE, LINE_SEWER_FIXED],
    },
}
