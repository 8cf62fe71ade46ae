"""Identifiers: bill ID, payment ID, barcode, national code, legal ID, mobile, postal code.

DOMAIN.md §1 and §2. Every parser takes text typed by a clerk or a barcode scanner (ASCII,
Persian or Arabic-Indic digits, stray spaces and direction marks) and raises only
:class:`InvalidId`. Digits of any other script (full-width «１», Devanagari, …) are rejected:
the standard only knows the three digit sets a keyboard in Iran can produce.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from pishkhan.domain.persian import clean_number_input, to_persian_digits

_DIGITS = re.compile(r"[0-9]+")


class InvalidId(ValueError):
    """An identifier failed validation.

    ``str()`` is a Persian message naming the field; ``field`` is a short English key
    (``"bill_id"``, ``"payment_id"``, ``"barcode"``, ``"national_code"``, …) for the UI.
    """

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return self.message


class ServiceType(enum.Enum):
    """Service digit of a bill ID (second digit from the right).

    Codes 0 and 7–9 are used differently by different sources: they are accepted and shown,
    never relied on.
    """

    OTHER_0 = 0
    WATER = 1
    ELECTRICITY = 2
    GAS = 3
    FIXED_PHONE = 4
    MOBILE = 5
    MUNICIPALITY = 6
    OTHER_7 = 7
    OTHER_8 = 8
    OTHER_9 = 9

    @property
    def title(self) -> str:
        """Persian name for display."""
        return _SERVICE_TITLES.get(self) or f"سایر ({to_persian_digits(self.value)})"


_SERVICE_TITLES = {
    ServiceType.WATER: "آب",
    ServiceType.ELECTRICITY: "برق",
    ServiceType.GAS: "گاز",
    ServiceType.FIXED_PHONE: "تلفن ثابت",
    ServiceType.MOBILE: "تلفن همراه",
    ServiceType.MUNICIPALITY: "شهرداری",
}


def mod11_check_digit(digits: str) -> int:
    """The bill-standard check digit of ASCII ``digits`` (DOMAIN.md §1).

    Weights 2,3,4,5,6,7,2,3,… from the rightmost digit; r = Σ mod 11; 0 if r < 2 else 11 − r.
    Leading zeros never change it. Raises ValueError for an empty or non-ASCII-digit string.
    """
    if not digits or not _DIGITS.fullmatch(digits):
        raise ValueError("digits must be a non-empty string of ASCII digits")
    total = sum(int(ch) * (2 + i % 6) for i, ch in enumerate(reversed(digits)))
    r = total % 11
    return 0 if r < 2 else 11 - r


def _digits(text: object, field: str, label: str) -> str:
    """Clean ``text`` to ASCII digits or raise InvalidId."""
    if not isinstance(text, str):
        raise InvalidId(field=field, message=f"{label} باید به صورت متن وارد شود")
    cleaned = clean_number_input(text)
    if not cleaned:
        raise InvalidId(field=field, message=f"{label} وارد نشده است")
    if not _DIGITS.fullmatch(cleaned):
        raise InvalidId(field=field, message=f"{label} فقط باید شامل رقم باشد")
    return cleaned


def _bill_payment_digits(text: object, field: str, label: str) -> str:
    """6–13 significant digits; up to 13 characters including leading zeros."""
    raw = _digits(text, field, label)
    value = raw.lstrip("0")
    if len(raw) > 13 or not 6 <= len(value) <= 13:
        if field == "payment_id" and len(raw) >= 6 and len(value) < 6 and len(raw) <= 13:
            # Zero-padded (e.g. from a barcode) but the thousands field is empty: amount 0.
            raise InvalidId(field=field, message="مبلغ صفر: قبض با مبلغ صفر قابل پرداخت نیست")
        raise InvalidId(field=field, message=f"{label} باید ۶ تا ۱۳ رقم باشد")
    return value


def parse_bill_id(bill_id: str) -> str:
    """Validate a bill ID alone; returns it canonical (ASCII, no leading zeros)."""
    value = _bill_payment_digits(bill_id, "bill_id", "شناسه قبض")
    if mod11_check_digit(value[:-1]) != int(value[-1]):
        raise InvalidId(field="bill_id", message="شناسه قبض نادرست است (رقم کنترل همخوانی ندارد)")
    return value


def _check_payment(bill: str, payment: str) -> None:
    if mod11_check_digit(payment[:-2]) != int(payment[-2]):
        raise InvalidId(
            field="payment_id", message="شناسه پرداخت نادرست است (رقم کنترل اول همخوانی ندارد)"
        )
    if mod11_check_digit(bill + payment[:-1]) != int(payment[-1]):
        raise InvalidId(field="payment_id", message="شناسه پرداخت با شناسه قبض همخوانی ندارد")


@dataclass(frozen=True)
class BillPayment:
    """A validated (bill ID, payment ID) pair, both canonical: ASCII digits, no leading zeros.

    Construct it with :func:`parse_bill_payment` or :func:`parse_bill_barcode`; the
    constructor re-validates, so an invalid instance cannot exist.

    Zero amounts: a payment ID whose thousands field is empty (amount 0) is rejected. With the
    thousands field empty the ID has at most 5 significant digits, below the standard's 6, so
    the standard itself excludes it; a zero-padded one (e.g. from a barcode) gets the specific
    message «مبلغ صفر».
    """

    bill_id: str
    payment_id: str

    def __post_init__(self) -> None:
        for value, field, label in (
            (self.bill_id, "bill_id", "شناسه قبض"),
            (self.payment_id, "payment_id", "شناسه پرداخت"),
        ):
            if not isinstance(value, str) or not re.fullmatch(r"[1-9][0-9]{5,12}", value):
                message = f"{label} باید ۶ تا ۱۳ رقم لاتین و بدون صفر ابتدایی باشد"
                raise InvalidId(field=field, message=message)
        if mod11_check_digit(self.bill_id[:-1]) != int(self.bill_id[-1]):
            raise InvalidId(
                field="bill_id", message="شناسه قبض نادرست است (رقم کنترل همخوانی ندارد)"
            )
        _check_payment(self.bill_id, self.payment_id)

    @property
    def amount_rials(self) -> int:
        """Payable amount: the thousands field × 1000."""
        return int(self.payment_id[:-5]) * 1000

    @property
    def year_digit(self) -> int:
        """Last digit of the Jalali year the bill was issued in."""
        return int(self.payment_id[-5])

    @property
    def period(self) -> int:
        """The company's own two-digit period number."""
        return int(self.payment_id[-4:-2])

    @property
    def service(self) -> ServiceType:
        return ServiceType(int(self.bill_id[-2]))

    @property
    def company_code(self) -> str:
        """Three-digit company code, zero-padded as printed (e.g. ``"046"``)."""
        return self.bill_id[-5:-2]

    @property
    def file_number(self) -> int:
        """Subscriber file number: the bill ID without its last five digits."""
        return int(self.bill_id[:-5])

    @property
    def barcode(self) -> str:
        """26 digits: bill ID and payment ID, each left-padded with zeros to 13."""
        return self.bill_id.zfill(13) + self.payment_id.zfill(13)


def parse_bill_payment(bill_id: str, payment_id: str) -> BillPayment:
    """Validate a bill ID and a payment ID typed by a clerk (any digit set, spaces)."""
    bill = parse_bill_id(bill_id)
    payment = _bill_payment_digits(payment_id, "payment_id", "شناسه پرداخت")
    _check_payment(bill, payment)
    return BillPayment(bill, payment)


def parse_bill_barcode(code: str) -> BillPayment:
    """Read the 26-digit bill barcode: bill ID (13, zero-padded) + payment ID (13)."""
    digits = _digits(code, "barcode", "بارکد قبض")
    if len(digits) != 26:
        raise InvalidId(field="barcode", message="بارکد قبض باید ۲۶ رقم باشد")
    return parse_bill_payment(digits[:13], digits[13:])


def make_bill_id(file_number: int, company_code: int | str, service: ServiceType) -> str:
    """Build a bill ID: file number (1–8 digits) + company code (3) + service + check digit."""
    if isinstance(file_number, bool) or not isinstance(file_number, int):
        raise InvalidId(field="file_number", message="شماره پرونده باید عدد باشد")
    if not 1 <= file_number <= 99_999_999:
        raise InvalidId(
            field="file_number", message="شماره پرونده باید ۱ تا ۸ رقم و بزرگ‌تر از صفر باشد"
        )
    if isinstance(company_code, bool) or not isinstance(company_code, int | str):
        raise InvalidId(field="company_code", message="کد شرکت باید حداکثر ۳ رقم باشد")
    code = str(company_code) if isinstance(company_code, int) else clean_number_input(company_code)
    if not re.fullmatch(r"[0-9]{1,3}", code):
        raise InvalidId(field="company_code", message="کد شرکت باید حداکثر ۳ رقم باشد")
    if not isinstance(service, ServiceType):
        raise InvalidId(field="service", message="نوع خدمت نامعتبر است")
    body = f"{file_number}{int(code):03d}{service.value}"
    return body + str(mod11_check_digit(body))


def make_payment_id(bill_id: str, amount_rials: int, year: int, period: int) -> str:
    """Build the payment ID for ``amount_rials`` (rounded DOWN to thousands).

    ``year`` is the Jalali year (only its last digit is kept), ``period`` 0–99. Raises
    InvalidId for a bad bill ID, an amount below 1,000 rials (zero thousands) or one needing
    more than 8 digits of thousands (≥ 100,000,000,000 rials).
    """
    bill = parse_bill_id(bill_id)
    if isinstance(amount_rials, bool) or not isinstance(amount_rials, int):
        raise InvalidId(field="amount", message="مبلغ باید عدد صحیح به ریال باشد")
    thousands = amount_rials // 1000 if amount_rials > 0 else 0
    if thousands == 0:
        raise InvalidId(field="amount", message="مبلغ صفر: مبلغ قبض باید دست‌کم ۱٬۰۰۰ ریال باشد")
    if thousands > 99_999_999:
        raise InvalidId(field="amount", message="مبلغ بیش از حد شناسه پرداخت (۸ رقم هزار ریال) است")
    if isinstance(year, bool) or not isinstance(year, int) or year < 0:
        raise InvalidId(field="year", message="سال باید عدد مثبت باشد")
    if isinstance(period, bool) or not isinstance(period, int) or not 0 <= period <= 99:
        raise InvalidId(field="period", message="دوره باید عددی از ۰ تا ۹۹ باشد")
    body = f"{thousands}{year % 10}{period:02d}"
    body += str(mod11_check_digit(body))
    return body + str(mod11_check_digit(bill + body))


def payment_period_codes(period: int) -> tuple[int, ...]:
    """The period codes to try, in order, for a new bill's payment ID.

    The period digits are the company's own numbering (DOMAIN.md §1), and a payment ID must be
    new for every bill: a second bill in one period for the same amount (a re-read with no
    use, a correction) would otherwise repeat the first one's ID, and a bank or a desk would
    refuse to take it as already paid. So: the period itself, then the same plus 50, then
    every other code.
    """
    if isinstance(period, bool) or not isinstance(period, int) or not 0 <= period <= 99:
        raise InvalidId(field="period", message="دوره باید عددی از ۰ تا ۹۹ باشد")
    first = (period, (period + 50) % 100)
    return first + tuple(code for code in range(100) if code not in first)


def make_new_payment_id(
    bill_id: str, amount_rials: int, year: int, period: int, taken: Collection[str]
) -> str:
    """``make_payment_id`` with the first period code whose ID is not in ``taken`` (the payment
    IDs of the subscriber's earlier bills)."""
    for code in payment_period_codes(period):
        found = make_payment_id(bill_id, amount_rials, year, code)
        if found not in taken:
            return found
    raise InvalidId(field="payment_id", message="شناسه پرداخت تازه‌ای برای این قبض نماند")


# --------------------------------------------------------------------------------------------
# Personal and other identifiers (DOMAIN.md §2)

_REPEATED = re.compile(r"(\d)\1*")
_MOBILE = re.compile(r"(?:\+98|0098|98|0)?(9[0-9]{9})")
_POSTAL = re.compile(r"(?!(\d)\1{3})[13-9]{5}[0-9]{5}")
_LEGAL_WEIGHTS = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)


def parse_national_code(text: str) -> str:
    """کد ملی → 10 ASCII digits; 8–9 digit input is left-padded with zeros."""
    digits = _digits(text, "national_code", "کد ملی")
    if not 8 <= len(digits) <= 10:
        raise InvalidId(field="national_code", message="کد ملی باید ۱۰ رقم باشد")
    code = digits.zfill(10)
    if _REPEATED.fullmatch(code):
        raise InvalidId(field="national_code", message="کد ملی نامعتبر است (همه ارقام یکسان‌اند)")
    r = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    if int(code[9]) != (r if r < 2 else 11 - r):
        raise InvalidId(
            field="national_code", message="کد ملی نادرست است (رقم کنترل همخوانی ندارد)"
        )
    return code


def parse_legal_id(text: str) -> str:
    """شناسه ملی اشخاص حقوقی → 11 ASCII digits."""
    digits = _digits(text, "legal_id", "شناسه ملی")
    if len(digits) != 11:
        raise InvalidId(field="legal_id", message="شناسه ملی باید ۱۱ رقم باشد")
    k = int(digits[9]) + 2
    total = sum((int(d) + k) * w for d, w in zip(digits[:10], _LEGAL_WEIGHTS, strict=True))
    r = total % 11
    if int(digits[10]) != (0 if r == 10 else r):
        raise InvalidId(field="legal_id", message="شناسه ملی نادرست است (رقم کنترل همخوانی ندارد)")
    return digits


def parse_mobile(text: str) -> str:
    """Iranian mobile number → ``09xxxxxxxxx``; accepts +98, 0098, 98 or 0 prefixes."""
    if not isinstance(text, str):
        raise InvalidId(field="mobile", message="شماره همراه باید به صورت متن وارد شود")
    cleaned = clean_number_input(text)
    match = _MOBILE.fullmatch(cleaned)
    if not match:
        raise InvalidId(field="mobile", message="شماره همراه باید به شکل ۰۹xxxxxxxxx باشد")
    return "0" + match.group(1)


def parse_postal_code(text: str) -> str:
    """Postal code → 10 ASCII digits (a dash in the middle is allowed)."""
    digits = _digits(text, "postal_code", "کد پستی")
    if len(digits) != 10:
        raise InvalidId(field="postal_code", message="کد پستی باید ۱۰ رقم باشد")
    if not _POSTAL.fullmatch(digits):
        raise InvalidId(field="postal_code", message="کد پستی نامعتبر است")
    return digits


def _is_valid(parser: Callable[..., object], *args: str) -> bool:
    try:
        parser(*args)
    except InvalidId:
        return False
    return True


def is_valid_bill_id(bill_id: str) -> bool:
    return _is_valid(parse_bill_id, bill_id)


def is_valid_bill_payment(bill_id: str, payment_id: str) -> bool:
    return _is_valid(parse_bill_payment, bill_id, payment_id)


def is_valid_bill_barcode(code: str) -> bool:
    return _is_valid(parse_bill_barcode, code)


def is_valid_national_code(text: str) -> bool:
    return _is_valid(parse_national_code, text)


def is_valid_legal_id(text: str) -> bool:
    return _is_valid(parse_legal_id, text)


def is_valid_mobile(text: str) -> bool:
    return _is_valid(parse_mobile, text)


def is_valid_postal_code(text: str) -> bool:
    return _is_valid(parse_postal_code, text)
