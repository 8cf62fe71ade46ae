"""Water bill (DOMAIN.md §3). Every expected number is worked by hand in the comments.

Default demo tariff: C = 40,000 rials/m³; pattern 15 m³/month; within pattern
0–5 ×0.25, 5–10 ×0.4, 10–15 ×0.7; above pattern 0–5 ×0.7, 5–10 ×0.8, 10–15 ×1, 15–22 ×2, …;
fixed charge (1/2", residential) 30,000 per unit per month; 1" commercial 160,000;
sewage 70 % residential / 100 % other; surcharges 2 % + 1 % of water; VAT 9 % before 1403,
10 % from 1403 on water + fixed + sewage + sewer fixed.
"""

from __future__ import annotations

import copy
import tomllib
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pishkhan.domain.tariff import (
    DEFAULT_TARIFF_MAPPING,
    BillCalculation,
    TariffConfig,
    TariffConfigError,
    Use,
    compute_bill,
    consumption_between,
    is_implausible,
    line_title,
    parse_diameter,
)

CFG = TariffConfig.from_mapping(DEFAULT_TARIFF_MAPPING)


def amounts(bill: BillCalculation) -> dict[str, int]:
    return {line.code: line.amount_rials for line in bill.lines}


def test_residential_within_pattern_with_sewer_and_debt() -> None:
    # 24 m³ in 60 days, 1 unit → m = 24 / 1 / 60 × 30 = 12 m³/month ≤ 15 → within pattern.
    # per month: 5×0.25C + 5×0.4C + 2×0.7C = (1.25 + 2 + 1.4)C = 4.65 × 40,000 = 186,000
    # water = 186,000 × 60/30 × 1 = 372,000
    # fixed = 30,000 × 1 × 2 = 60,000; sewage = 70 % × 372,000 = 260,400; sewer fixed = 60,000
    # surcharges 2 % × 372,000 = 7,440 and 1 % = 3,720
    # subtotal = 372,000 + 60,000 + 260,400 + 60,000 + 7,440 + 3,720 = 763,560
    # VAT 10 % (1405) of 372,000 + 60,000 + 260,400 + 60,000 = 752,400 → 75,240
    # total 838,800; + debt 1,234 = 840,034 → payable 840,000, adjustment −34
    bill = compute_bill(24, 60, 1, Use.RESIDENTIAL, "1/2", True, 1405, CFG, debt_rials=1234)
    assert bill.monthly_use_per_unit == 12
    assert not bill.above_pattern
    assert amounts(bill) == {
        "water": 372_000,
        "fixed": 60_000,
        "sewage": 260_400,
        "sewer_fixed": 60_000,
        "surcharge:municipal": 7_440,
        "surcharge:water_resources": 3_720,
    }
    assert bill.subtotal == 763_560
    assert bill.vat_percent == 10
    assert bill.vat == 75_240
    assert bill.total == 838_800
    assert bill.rounding_adjustment == -34
    assert bill.payable == 840_000
    assert [t.rials_per_unit_month for t in bill.tiers] == [50_000, 80_000, 56_000]


def test_residential_above_pattern_prices_everything_with_above_table() -> None:
    # 40 m³ / 60 days / 1 unit → m = 20 > 15 → the above-pattern table from 0 m³:
    # 5×0.7 + 5×0.8 + 5×1 + 5×2 = 3.5 + 4 + 5 + 10 = 22.5 C = 900,000 per month
    # water = 900,000 × 2 = 1,800,000; fixed 60,000; no sewer
    # surcharges 36,000 + 18,000; VAT 9 % (1402) of 1,860,000 = 167,400
    # subtotal 1,914,000; total 2,081,400 → payable 2,081,000 (−400)
    bill = compute_bill(40, 60, 1, Use.RESIDENTIAL, "1/2", False, 1402, CFG)
    assert bill.above_pattern
    assert amounts(bill) == {
        "water": 1_800_000,
        "fixed": 60_000,
        "surcharge:municipal": 36_000,
        "surcharge:water_resources": 18_000,
    }
    assert bill.vat_percent == 9
    assert bill.vat == 167_400
    assert bill.total == 2_081_400
    assert (bill.payable, bill.rounding_adjustment) == (2_081_000, -400)


def test_pattern_boundary() -> None:
    # exactly 15 m³/month (30 m³ in 60 days) is within: 6.75 C × 2 months = 540,000
    # 15.5 m³/month (31 m³): above: 3.5 + 4 + 5 + 0.5×2 = 13.5 C × 2 = 1,080,000
    at = compute_bill(30, 60, 1, Use.RESIDENTIAL, "1/2", False, 1405, CFG)
    over = compute_bill(31, 60, 1, Use.RESIDENTIAL, "1/2", False, 1405, CFG)
    assert (at.above_pattern, amounts(at)["water"]) == (False, 540_000)
    assert (over.above_pattern, amounts(over)["water"]) == (True, 1_080_000)


def test_several_units_and_odd_days() -> None:
    # 3 units, 45 days, 50 m³ → m = 50 / 3 / 45 × 30 = 100/9 ≈ 11.11 m³ → within pattern
    # per unit-month: 5×0.25 + 5×0.4 + (100/9 − 10)×0.7 = 13/4 + 7/9 = 145/36 C
    # water = 145/36 × 40,000 × 3 units × 45/30 = 145/36 × 40,000 × 4.5 = 725,000
    # fixed (3/4", 45,000) × 3 × 1.5 = 202,500
    bill = compute_bill(50, 45, 3, Use.RESIDENTIAL, "3/4", False, 1405, CFG)
    assert bill.monthly_use_per_unit == Fraction(100, 9)
    assert amounts(bill)["water"] == 725_000
    assert amounts(bill)["fixed"] == 202_500


def test_line_rounding_is_half_up() -> None:
    # C = 10,002; 5 m³ in 30 days: 5 × 0.25 × 10,002 = 12,502.5 → 12,503 (half up; banker's
    # rounding would give 12,502). Sewage 70 % × 12,503 = 8,752.1 → 8,752.
    # fixed 30,000 × 31/30 days = 31,000 for a 31-day period.
    mapping = copy.deepcopy(DEFAULT_TARIFF_MAPPING)
    mapping["base_price_rials"] = 10_002
    cfg = TariffConfig.from_mapping(mapping)
    bill = compute_bill(5, 30, 1, Use.RESIDENTIAL, "1/2", True, 1405, cfg)
    assert amounts(bill)["water"] == 12_503
    assert amounts(bill)["sewage"] == 8_752
    month_and_a_day = compute_bill(0, 31, 1, Use.RESIDENTIAL, "1/2", False, 1405, cfg)
    assert amounts(month_and_a_day)["fixed"] == 31_000


def test_commercial_flat_rate() -> None:
    # commercial ×2: water = 20 × 40,000 × 2 = 1,600,000; 1" commercial fixed 160,000 × 2
    # months = 320,000; sewage 100 % = 1,600,000; sewer fixed 320,000; surcharges
    # 32,000 + 16,000; VAT 10 % of 3,840,000 = 384,000; subtotal 3,888,000; total 4,272,000.
    bill = compute_bill(20, 60, 1, Use.COMMERCIAL, "1", True, 1405, CFG)
    assert amounts(bill) == {
        "water": 1_600_000,
        "fixed": 320_000,
        "sewage": 1_600_000,
        "sewer_fixed": 320_000,
        "surcharge:municipal": 32_000,
        "surcharge:water_resources": 16_000,
    }
    assert bill.lines[0].rate == 80_000
    assert (bill.vat, bill.total, bill.payable, bill.rounding_adjustment) == (
        384_000,
        4_272_000,
        4_272_000,
        0,
    )
    assert bill.tiers == []


def test_zero_consumption_pays_fixed_charges() -> None:
    # water 0; fixed 60,000 + sewer fixed 60,000; VAT 12,000; total 132,000
    bill = compute_bill(0, 60, 1, Use.RESIDENTIAL, "۱/۲", True, 1405, CFG)
    assert amounts(bill)["water"] == 0
    assert bill.total == 132_000
    assert bill.payable == 132_000


def test_credit_larger_than_total() -> None:
    bill = compute_bill(0, 60, 1, Use.RESIDENTIAL, "1/2", False, 1405, CFG, debt_rials=-100_000)
    # total 60,000 + 6,000 VAT = 66,000; credit 100,000 → nothing to pay, 34,000 carried
    assert (bill.total, bill.payable, bill.credit_rials, bill.rounding_adjustment) == (
        66_000,
        0,
        34_000,
        0,
    )


def test_vat_lines_are_configurable() -> None:
    mapping = copy.deepcopy(DEFAULT_TARIFF_MAPPING)
    mapping["vat"]["applies_to"] = ["water", "surcharge:municipal"]
    cfg = TariffConfig.from_mapping(mapping)
    # 24 m³/60 days: water 372,000; municipal 7,440 → VAT 10 % of 379,440 = 37,944
    assert compute_bill(24, 60, 1, Use.RESIDENTIAL, "1/2", True, 1405, cfg).vat == 37_944
    mapping["vat"]["applies_to"] = ["stamp_duty"]
    with pytest.raises(TariffConfigError):
        TariffConfig.from_mapping(mapping)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 60, 1), "منفی"),
        ((10, 0, 1), "روز"),
        ((10, 60, 0), "واحد"),
        ((10.0, 60, 1), "صحیح"),
        ((True, 60, 1), "صحیح"),
    ],
)
def test_input_validation(args: tuple[object, object, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        compute_bill(*args, Use.RESIDENTIAL, "1/2", False, 1405, CFG)  # type: ignore[arg-type]


def test_unknown_diameter() -> None:
    with pytest.raises(ValueError, match="قطر"):
        compute_bill(10, 60, 1, Use.RESIDENTIAL, "5", False, 1405, CFG)
    assert parse_diameter('1 1/2"') == parse_diameter("1.5") == Fraction(3, 2)
    assert parse_diameter("۳/۴ اینچ") == Fraction(3, 4)
    for bad in ("", "abc", "1/0", "0", "-1"):
        with pytest.raises(ValueError):
            parse_diameter(bad)


# --------------------------------------------------------------------------------------------
# Configuration

TOML_TARIFF = """
base_price_rials = 40000
pattern_m3_per_month = 15
within_pattern_tiers = [[5, "0.25"], [10, "0.4"], [15, "0.7"]]
above_pattern_tiers = [[5, "0.7"], [10, "0.8"], [15, "1"], [22, "2"], [30, "3"],
                       [45, "3.5"], [60, "4"], ["inf", "5"]]
sewage_share = { residential = "0.7", default = "1" }
surcharges = [
  { code = "municipal", title = "عوارض شهرداری", percent = "2" },
  { code = "water_resources", title = "عوارض منابع آب", percent = "1" },
]
[use_multipliers]
commercial = "2"
industrial = "1.5"
public = "1.2"
religious = "0.5"
construction = "2.5"
[fixed_charges."1/2"]
residential = 30000
default = 60000
[vat]
percent_by_year = [[0, "9"], [1403, "10"]]
applies_to = ["water", "fixed", "sewage", "sewer_fixed"]
"""


def test_config_from_toml() -> None:
    cfg = TariffConfig.from_mapping(tomllib.loads(TOML_TARIFF))
    assert cfg.above_pattern_tiers == CFG.above_pattern_tiers
    assert cfg.fixed_charge(Use.INDUSTRIAL, "1/2") == 60_000
    a = compute_bill(40, 60, 1, Use.RESIDENTIAL, "1/2", True, 1405, cfg)
    b = compute_bill(40, 60, 1, Use.RESIDENTIAL, "1/2", True, 1405, CFG)
    assert a == b


@pytest.mark.parametrize(
    "mutate",
    [
        lambda m: m.__setitem__("base_price_rials", 40000.0),
        lambda m: m["within_pattern_tiers"].__setitem__(0, [5, 0.25]),
        lambda m: m["above_pattern_tiers"].__setitem__(1, [4, "0.8"]),
        lambda m: m["above_pattern_tiers"].pop(),
        lambda m: m["within_pattern_tiers"].pop(),
        lambda m: m["use_multipliers"].pop("public"),
        lambda m: m["fixed_charges"]["1/2"].pop("religious"),
        lambda m: m["sewage_share"].pop("default"),
        lambda m: m.pop("vat"),
        lambda m: m["use_multipliers"].__setitem__("spaceport", "9"),
    ],
)
def test_config_rejects_bad_mappings(mutate: object) -> None:
    mapping = copy.deepcopy(DEFAULT_TARIFF_MAPPING)
    mutate(mapping)  # type: ignore[operator]
    with pytest.raises(TariffConfigError):
        TariffConfig.from_mapping(mapping)


def test_vat_by_year() -> None:
    assert CFG.vat_percent(1402) == 9
    assert CFG.vat_percent(1403) == 10
    assert CFG.vat_percent(1410) == 10


# --------------------------------------------------------------------------------------------
# Properties


@given(
    st.integers(0, 2000),
    st.integers(1, 120),
    st.integers(1, 20),
    st.sampled_from(list(Use)),
    st.sampled_from(["1/2", "3/4", "1", "1.5", "2"]),
    st.booleans(),
    st.integers(-(10**7), 10**8),
)
def test_bill_invariants(
    m3: int, days: int, units: int, use: Use, diameter: str, sewer: bool, debt: int
) -> None:
    bill = compute_bill(m3, days, units, use, diameter, sewer, 1405, CFG, debt_rials=debt)
    assert all(line.amount_rials >= 0 for line in bill.lines)
    assert bill.subtotal == sum(line.amount_rials for line in bill.lines)
    assert bill.total == bill.subtotal + bill.vat
    assert bill.payable % 1000 == 0 and bill.payable >= 0
    gross = bill.total + debt
    if gross > 0:
        assert 0 <= gross - bill.payable < 1000
        assert bill.payable + (-bill.rounding_adjustment) == gross
    else:
        assert bill.payable == 0 and bill.credit_rials == -gross
    more = compute_bill(m3 + 1, days, units, use, diameter, sewer, 1405, CFG, debt_rials=debt)
    assert more.total >= bill.total  # more water never costs less


# --------------------------------------------------------------------------------------------
# Readings


def test_consumption_between() -> None:
    assert consumption_between(1200, 1224, 5).m3 == 24
    assert not consumption_between(1200, 1224, 5).rolled_over
    assert consumption_between(1200, 1200, 5).m3 == 0
    # 5-digit meter: 99,990 → 00,005 is 10 + 5 = 15 m³ after rollover
    rolled = consumption_between(99_990, 5, 5)
    assert (rolled.m3, rolled.rolled_over) == (15, True)
    with pytest.raises(ValueError):
        consumption_between(100_000, 5, 5)  # previous does not fit a 5-digit meter
    with pytest.raises(ValueError):
        consumption_between(5, -1, 5)
    with pytest.raises(ValueError):
        consumption_between(5, 6, 0)


@given(st.integers(1, 9), st.data())
def test_consumption_rollover_property(digits: int, data: st.DataObject) -> None:
    limit = 10**digits
    previous = data.draw(st.integers(0, limit - 1))
    used = data.draw(st.integers(0, limit - 1))
    current = (previous + used) % limit
    result = consumption_between(previous, current, digits)
    assert result.m3 == used
    assert result.rolled_over == (previous + used >= limit)


def test_is_implausible() -> None:
    assert is_implausible(30, [10, 12, 14]) is None  # 30 ≤ 3 × 12
    reason = is_implausible(37, [10, 12, 14])  # 37 > 36
    assert reason is not None and "میانگین" in reason
    assert is_implausible(37, [10, 12, 14], factor="3.5") is None
    assert is_implausible(500, [], absolute_limit_m3=400) is not None
    assert is_implausible(500, []) is None
    assert is_implausible(5, [0, 0]) is None
    assert is_implausible(-1) is not None
    # a "rollover" from a misread is caught: 500 → 400 on a 5-digit meter is 99,900 m³
    huge = consumption_between(500, 400, 5)
    assert huge.rolled_over and is_implausible(huge.m3, [20, 25]) is not None


def test_line_titles_come_back_from_codes_alone() -> None:
    config = TariffConfig.from_mapping(DEFAULT_TARIFF_MAPPING)
    bill = compute_bill(
        consumption_m3=20,
        days=60,
        units=1,
        use=Use.RESIDENTIAL,
        diameter="1/2",
        has_sewer=True,
        jalali_year=1404,
        config=config,
    )
    # A stored bill keeps [code, amount] pairs; the titles printed later must be the same.
    assert [line_title(line.code, config) for line in bill.lines] == [
        line.title for line in bill.lines
    ]
    assert line_title("surcharge:unknown", config) == "surcharge:unknown"
