"""Fixed Persian wording of printed documents.

Printed bills, receipts and reports are official Persian documents whatever language the desk
window runs in, so their wording is kept here rather than in the Qt translation files (which
serve the window). Keeping it in one module lets a utility change a term in one place.
"""

from __future__ import annotations

RIAL = "ریال"
PAYMENT_METHODS: dict[str, str] = {
    "cash": "نقدی",
    "card": "کارت",
    "pos": "کارت‌خوان",
    "bank": "بانک",
    "portal": "درگاه اینترنتی",
}
RECORD_TYPES: dict[str, str] = {
    "payment": "پرداخت",
    "reading": "قرائت کنتور",
    "request": "درخواست",
    "document": "مدرک",
}
#: Suffixes of the SMS command codes (DOMAIN.md §7).
SMS_DEBT = "010"
SMS_READING = "110"
SMS_BILL = "210"


def method_title(code: str) -> str:
    return PAYMENT_METHODS.get(code, code)


def record_type_title(code: str) -> str:
    return RECORD_TYPES.get(code, code)


def sms_command(subscription_no: str, computer_code: str, suffix: str) -> str:
    """The SMS text of a command: subscription number, computer code and the command suffix.

    DOMAIN.md §7 says the codes are built from the computer code and the subscription number and
    end in 010 / 110 / 210; the separator is the utility's choice: ``*`` here.
    """
    return f"{subscription_no}*{computer_code}*{suffix}"
