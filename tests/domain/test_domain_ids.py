"""Bill ID / payment ID / barcode (DOMAIN.md §1)."""

from __future__ import annotations

import dataclasses
import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pishkhan.domain.ids import (
    BillPayment,
    InvalidId,
    ServiceType,
    is_valid_bill_id,
    is_valid_bill_payment,
    make_bill_id,
    make_new_payment_id,
    make_payment_id,
    mod11_check_digit,
    parse_bill_barcode,
    parse_bill_id,
    parse_bill_payment,
    payment_period_codes,
)

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def ref_check(digits: str) -> int:
    """Independent reference of the standard's mod-11 check (weights 2..7 from the right)."""
    weights = [2, 3, 4, 5, 6, 7]
    total = 0
    for position, ch in enumerate(digits[::-1]):
        total += int(ch) * weights[position % 6]
    r = total % 11
    return 0 if r in (0, 1) else 11 - r


def ref_r(digits: str) -> int:
    return sum(int(c) * (2 + i % 6) for i, c in enumerate(digits[::-1])) % 11


def ref_valid_pair(bill: str, payment: str) -> bool:
    """The standard's rules, written independently of the code under test."""
    b, p = bill.lstrip("0"), payment.lstrip("0")
    if not (6 <= len(b) <= 13 and 6 <= len(p) <= 13 and len(bill) <= 13 and len(payment) <= 13):
        return False
    return (
        ref_check(b[:-1]) == int(b[-1])
        and ref_check(p[:-2]) == int(p[-2])
        and ref_check(b + p[:-1]) == int(p[-1])
    )


# --------------------------------------------------------------------------------------------
# Public vectors

VECTORS = [
    ("7748317800142", "1770160", ServiceType.FIXED_PHONE, 17_000),
    ("2050327604613", "1070189", ServiceType.WATER, 10_000),
    ("1117753200140", "12070160", None, 120_000),
    ("1177809000142", "570108", None, 5_000),
]


@pytest.mark.parametrize(("bill", "payment", "service", "amount"), VECTORS)
def test_public_vectors_valid(
    bill: str, payment: str, service: ServiceType | None, amount: int
) -> None:
    bp = parse_bill_payment(bill, payment)
    assert (bp.bill_id, bp.payment_id) == (bill, payment)
    assert bp.amount_rials == amount
    if service is not None:
        assert bp.service is service
    assert parse_bill_barcode(bp.barcode) == bp


def test_public_vector_fields() -> None:
    bp = parse_bill_payment("2050327604613", "1070189")
    assert bp.service.name == "WATER"
    assert bp.service.title == "آب"
    assert bp.file_number == 20503276
    assert bp.company_code == "046"
    assert bp.year_digit == 7
    assert bp.period == 1


def test_public_barcode() -> None:
    bp = parse_bill_payment("7748317800142", "1770160")
    assert bp.barcode == "77483178001420000001770160"
    assert parse_bill_barcode("77483178001420000001770160") == bp
    assert bp.service.name == "FIXED_PHONE"
    assert bp.company_code == "001"


def test_public_invalid_bill() -> None:
    with pytest.raises(InvalidId) as info:
        parse_bill_id("2234322344613")
    assert info.value.field == "bill_id"
    assert not is_valid_bill_id("2234322344613")
    with pytest.raises(InvalidId):
        parse_bill_payment("2234322344613", "1070189")


def test_service_digits_all_map() -> None:
    assert [ServiceType(d).value for d in range(10)] == list(range(10))
    assert ServiceType(4).name == "FIXED_PHONE"
    assert ServiceType(6).name == "MUNICIPALITY"
    assert ServiceType(7).name == "OTHER_7"
    assert "۷" in ServiceType(7).title


# --------------------------------------------------------------------------------------------
# Input forms


def test_persian_arabic_digits_spaces_and_marks() -> None:
    bp = parse_bill_payment(" ۲۰۵۰ ۳۲۷۶ ۰۴۶۱۳ ", "\u200e١٠٧٠١٨٩\u200f")
    assert bp == BillPayment("2050327604613", "1070189")
    barcode = "7748317800142 0000001770160".translate(PERSIAN)
    assert parse_bill_barcode(barcode).bill_id == "7748317800142"


def test_leading_zeros_are_canonicalised() -> None:
    bill = make_bill_id(123, 46, ServiceType.WATER)
    payment = make_payment_id(bill, 5000, 1405, 1)
    assert len(bill) == 8 and len(payment) == 6
    bp = parse_bill_payment(bill.zfill(13), payment.zfill(13))
    assert (bp.bill_id, bp.payment_id) == (bill, payment)
    assert parse_bill_id("00" + bill) == bill
    # up to 13 characters including the zeros (the barcode field width), not more
    with pytest.raises(InvalidId) as info:
        parse_bill_payment(bill.zfill(14), payment)
    assert info.value.field == "bill_id"
    with pytest.raises(InvalidId) as info:
        parse_bill_payment(bill, payment.zfill(14))
    assert info.value.field == "payment_id"


def test_check_digit_ignores_leading_zeros() -> None:
    assert mod11_check_digit("000774831780014") == mod11_check_digit("774831780014") == 2


def test_lengths() -> None:
    # 5 significant digits: too short even with a correct check digit
    body = "1234"
    short = body + str(mod11_check_digit(body))
    with pytest.raises(InvalidId, match="۶ تا ۱۳"):
        parse_bill_id(short)
    with pytest.raises(InvalidId, match="۶ تا ۱۳"):
        parse_bill_id("1" * 14)


def test_zero_amount_rejected() -> None:
    bill = "2050327604613"
    body = "701"  # thousands field empty, year 7, period 01
    body += str(mod11_check_digit(body))
    payment = body + str(mod11_check_digit(bill + body))
    assert ref_check(body[:-1]) == int(body[-1])
    with pytest.raises(InvalidId, match="مبلغ صفر") as info:
        parse_bill_payment(bill, payment.zfill(13))
    assert info.value.field == "payment_id"
    with pytest.raises(InvalidId):
        parse_bill_barcode(bill.zfill(13) + payment.zfill(13))
    with pytest.raises(InvalidId, match="مبلغ صفر"):
        make_payment_id(bill, 999, 1405, 1)


@pytest.mark.parametrize(
    "text", ["２０５０３２７６０４６１３", "2050327604613x", "20503.27604613", ""]
)
def test_bad_characters(text: str) -> None:
    with pytest.raises(InvalidId) as info:
        parse_bill_payment(text, "1070189")
    assert info.value.field == "bill_id"
    assert isinstance(info.value, ValueError)
    assert any("\u0600" <= ch <= "\u06ff" for ch in str(info.value))


def test_payment_errors_name_the_payment_field() -> None:
    with pytest.raises(InvalidId) as info:
        parse_bill_payment("2050327604613", "1070180")  # C2 wrong
    assert info.value.field == "payment_id"
    with pytest.raises(InvalidId) as info:
        parse_bill_payment("2050327604613", "1070199")  # C1 wrong
    assert info.value.field == "payment_id"
    with pytest.raises(InvalidId) as info:
        parse_bill_barcode("123")
    assert info.value.field == "barcode"


def test_non_string_input() -> None:
    for value in (None, 2050327604613, b"2050327604613"):
        with pytest.raises(InvalidId):
            parse_bill_payment(value, "1070189")  # type: ignore[arg-type]
        with pytest.raises(InvalidId):
            parse_bill_barcode(value)  # type: ignore[arg-type]


def test_bill_payment_value_object() -> None:
    bp = parse_bill_payment("2050327604613", "1070189")
    assert bp == BillPayment("2050327604613", "1070189")
    assert len({bp, BillPayment("2050327604613", "1070189")}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        bp.bill_id = "1"  # type: ignore[misc]
    with pytest.raises(InvalidId):
        BillPayment("2050327604613", "1070180")
    with pytest.raises(InvalidId):
        BillPayment("02050327604613", "1070189")


def test_make_payment_id_limits() -> None:
    bill = make_bill_id(1, 46, ServiceType.WATER)
    top = make_payment_id(bill, 99_999_999_999, 1405, 99)
    assert len(top) == 13
    assert parse_bill_payment(bill, top).amount_rials == 99_999_999_000
    with pytest.raises(InvalidId):
        make_payment_id(bill, 100_000_000_000, 1405, 1)
    with pytest.raises(InvalidId):
        make_payment_id(bill, -5000, 1405, 1)
    with pytest.raises(InvalidId):
        make_payment_id(bill, 5000, 1405, 100)
    with pytest.raises(InvalidId):
        make_payment_id("2234322344613", 5000, 1405, 1)
    with pytest.raises(InvalidId):
        make_bill_id(0, 1, ServiceType.WATER)
    with pytest.raises(InvalidId):
        make_bill_id(100_000_000, 1, ServiceType.WATER)
    with pytest.raises(InvalidId):
        make_bill_id(1, "1000", ServiceType.WATER)


# --------------------------------------------------------------------------------------------
# Properties

file_numbers = st.integers(1, 99_999_999)
companies = st.integers(0, 999)
services = st.sampled_from(list(ServiceType))
amounts = st.integers(1000, 99_999_999_999)
years = st.integers(1300, 1500)
periods = st.integers(0, 99)


@st.composite
def valid_pairs(draw: st.DrawFn) -> tuple[str, str]:
    bill = make_bill_id(draw(file_numbers), draw(companies), draw(services))
    payment = make_payment_id(bill, draw(amounts), draw(years), draw(periods))
    return bill, payment


@given(file_numbers, companies, services, amounts, years, periods)
def test_generated_pairs_round_trip(
    file_number: int, company: int, service: ServiceType, amount: int, year: int, period: int
) -> None:
    bill = make_bill_id(file_number, company, service)
    payment = make_payment_id(bill, amount, year, period)
    assert ref_valid_pair(bill, payment)
    bp = parse_bill_payment(bill, payment)
    assert bp.file_number == file_number
    assert bp.company_code == f"{company:03d}"
    assert bp.service is service
    assert bp.amount_rials == amount // 1000 * 1000
    assert bp.year_digit == year % 10
    assert bp.period == period
    assert len(bp.barcode) == 26 and bp.barcode.isdigit()
    assert parse_bill_barcode(bp.barcode) == bp
    assert parse_bill_barcode(bp.barcode.translate(ARABIC)) == bp
    assert parse_bill_payment(bill.translate(PERSIAN), " ".join(payment)) == bp


@given(st.text(alphabet="0123456789", min_size=1, max_size=30))
def test_mod11_matches_reference_and_ignores_leading_zeros(digits: str) -> None:
    assert mod11_check_digit(digits) == ref_check(digits)
    assert mod11_check_digit("000" + digits) == mod11_check_digit(digits)


@given(valid_pairs(), st.data())
def test_single_digit_change_rejected_unless_standard_accepts(
    pair: tuple[str, str], data: st.DataObject
) -> None:
    """A one-digit change is accepted only when the changed pair is valid under the standard.

    Mod 11 with weights 2..7 changes r for every single substitution (w·Δ ≢ 0 mod 11), and
    11 − r is one-to-one for r ≥ 2, but r = 0 and r = 1 both give check 0. So a change that
    moves r between 0 and 1 keeps the check digit; the pair slips through only when *both*
    checks that cover the changed digit collide that way.
    """
    bill, payment = pair
    in_bill = data.draw(st.booleans())
    target = bill if in_bill else payment
    i = data.draw(st.integers(0, len(target) - 1))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != target[i]]))
    changed = target[:i] + digit + target[i + 1 :]
    new_bill, new_payment = (changed, payment) if in_bill else (bill, changed)
    accepted = is_valid_bill_payment(new_bill, new_payment)
    assert accepted == ref_valid_pair(new_bill, new_payment)
    if accepted:
        # Never a check digit itself, and only through the r ∈ {0, 1} collision.
        check_positions = {len(bill) - 1} if in_bill else {len(payment) - 1, len(payment) - 2}
        assert i not in check_positions
        if in_bill:
            assert {ref_r(bill[:-1]), ref_r(new_bill[:-1])} == {0, 1}
        else:
            assert {ref_r(payment[:-2]), ref_r(new_payment[:-2])} == {0, 1}
        assert {ref_r(bill + payment[:-1]), ref_r(new_bill + new_payment[:-1])} == {0, 1}


@given(valid_pairs(), st.data())
def test_check_digit_changes_always_rejected(pair: tuple[str, str], data: st.DataObject) -> None:
    bill, payment = pair
    which = data.draw(st.sampled_from(["bill", "c1", "c2"]))
    target = bill if which == "bill" else payment
    i = len(target) - (2 if which == "c1" else 1)
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != target[i]]))
    changed = target[:i] + digit + target[i + 1 :]
    with pytest.raises(InvalidId):
        if which == "bill":
            parse_bill_payment(changed, payment)
        else:
            parse_bill_payment(bill, changed)


def test_undetected_single_change_rate_is_measured() -> None:
    """Exhaustive single-digit changes of 300 random pairs: ~0.04 % pass, all standard-valid.

    Concrete cases found this way (both pairs pass the standard's three checks):
    payment 26587550400 → 26587350400 with bill 1735975175611 (amount off by 2,000 rials), and
    bill 6569996402210 → 6369996402210 with payment 63283950190.
    """
    assert is_valid_bill_payment("1735975175611", "26587550400")
    assert is_valid_bill_payment("1735975175611", "26587350400")
    assert is_valid_bill_payment("6569996402210", "63283950190")
    assert is_valid_bill_payment("6369996402210", "63283950190")
    rng = random.Random(20240601)
    changes = accepted = 0
    for _ in range(300):
        bill = make_bill_id(rng.randrange(1, 10**8), rng.randrange(1000), ServiceType.WATER)
        payment = make_payment_id(bill, rng.randrange(1000, 10**11), 1405, rng.randrange(100))
        for in_bill, target in ((True, bill), (False, payment)):
            for i, old in enumerate(target):
                for digit in "0123456789".replace(old, ""):
                    changed = target[:i] + digit + target[i + 1 :]
                    pair = (changed, payment) if in_bill else (bill, changed)
                    changes += 1
                    if is_valid_bill_payment(*pair):
                        assert ref_valid_pair(*pair)
                        accepted += 1
    assert changes > 40_000
    assert accepted / changes < 0.002


weird = st.text(
    alphabet=st.sampled_from(
        list("0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩１２３٫.,٬-/ \u200c\u200e\u00a0\t\n+x²߂०")
    ),
    max_size=40,
)


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=60), weird), st.one_of(st.text(max_size=60), weird))
def test_only_invalid_id_on_arbitrary_text(a: str, b: str) -> None:
    for call in (
        lambda: parse_bill_payment(a, b),
        lambda: parse_bill_barcode(a + b),
        lambda: parse_bill_id(a),
    ):
        try:
            result = call()
        except InvalidId as exc:
            assert exc.field and str(exc)
        else:
            text = result if isinstance(result, str) else result.barcode
            assert text.isascii() and text.isdigit()


def test_only_invalid_id_on_huge_input() -> None:
    for text in ("9" * 100_000, "١" * 50_000, "\u200c" * 10_000, "１" * 26):
        with pytest.raises(InvalidId):
            parse_bill_payment(text, text)
        with pytest.raises(InvalidId):
            parse_bill_barcode(text)


@given(valid_pairs())
def test_full_width_and_other_scripts_rejected(pair: tuple[str, str]) -> None:
    bill, payment = pair
    full_width = bill.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assume(full_width != bill)
    with pytest.raises(InvalidId):
        parse_bill_payment(full_width, payment)
    devanagari = payment.translate(str.maketrans("0123456789", "०१२३४५६७८९"))
    with pytest.raises(InvalidId):
        parse_bill_payment(bill, devanagari)


@settings(max_examples=200)
@given(file_numbers, companies, amounts, years, periods, st.integers(0, 99))
def test_a_new_bill_never_repeats_an_earlier_payment_id(
    file_number: int, company: int, amount: int, year: int, period: int, earlier: int
) -> None:
    bill = make_bill_id(file_number, company, ServiceType.WATER)
    codes = payment_period_codes(period)
    assert codes[:2] == (period, (period + 50) % 100) and sorted(codes) == list(range(100))
    taken = {make_payment_id(bill, amount, year, code) for code in codes[:earlier]}
    found = make_new_payment_id(bill, amount, year, period, taken)
    assert found not in taken
    assert found == make_payment_id(bill, amount, year, codes[earlier])
    pair = parse_bill_payment(bill, found)
    assert pair.amount_rials == amount // 1000 * 1000  # the amount is never what changes


def test_no_payment_id_left_is_a_persian_error() -> None:
    bill = make_bill_id(1234, 476, ServiceType.WATER)
    every = {make_payment_id(bill, 5000, 1405, code) for code in range(100)}
    with pytest.raises(InvalidId, match="شناسه پرداخت"):
        make_new_payment_id(bill, 5000, 1405, 3, every)
    with pytest.raises(InvalidId):
        payment_period_codes(100)
