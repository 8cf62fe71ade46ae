"""Request catalogue data: types, documents, stages, stage chains, demo fees (DOMAIN.md §4).

Pure data with Persian titles; the rules that use it live in :mod:`pishkhan.domain.requests`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class _Titled(enum.Enum):
    """Enum with a Persian ``title``; values are stable lower-case keys for storage."""

    @property
    def title(self) -> str:
        return _TITLES[self]


class RequestType(_Titled):
    NEW_WATER = "new_water"
    NEW_SEWER = "new_sewer"
    CHANGE_SUBSCRIBER_DETAILS = "change_subscriber_details"
    CHANGE_BILL_INFO = "change_bill_info"
    CHANGE_USE = "change_use"
    CHANGE_UNITS = "change_units"
    CHANGE_CAPACITY = "change_capacity"
    METER_REPLACEMENT = "meter_replacement"
    METER_RELOCATION = "meter_relocation"
    METER_TEST = "meter_test"
    BILL_CORRECTION = "bill_correction"
    MERGE_SPLIT = "merge_split"
    OWNERSHIP_INQUIRY = "ownership_inquiry"

    @property
    def is_connection(self) -> bool:
        """New water or sewer connection (as opposed to an after-sales service)."""
        return self in (RequestType.NEW_WATER, RequestType.NEW_SEWER)


class DocumentKind(_Titled):
    BIRTH_CERTIFICATE = "birth_certificate"
    NATIONAL_ID_CARD = "national_id_card"
    PROPERTY_DEED = "property_deed"
    BUILDING_PERMIT = "building_permit"
    SALE_AGREEMENT = "sale_agreement"
    VILLAGE_COUNCIL_LETTER = "village_council_letter"
    REQUEST_FORM = "request_form"
    LATEST_PAID_BILL = "latest_paid_bill"
    OTHER = "other"


class Stage(_Titled):
    REGISTERED = "registered"
    DOCUMENTS_CHECKED = "documents_checked"
    SURVEY_ASSIGNED = "survey_assigned"
    SURVEY_DONE = "survey_done"
    INVOICED = "invoiced"
    PAID = "paid"
    EXCAVATION_PERMIT = "excavation_permit"
    INSTALLED = "installed"
    SUBSCRIPTION_ASSIGNED = "subscription_assigned"
    CLOSED = "closed"
    REJECTED = "rejected"
    AWAITING_DOCUMENTS = "awaiting_documents"


_TITLES: dict[enum.Enum, str] = {
    RequestType.NEW_WATER: "فروش انشعاب آب",
    RequestType.NEW_SEWER: "فروش انشعاب فاضلاب",
    RequestType.CHANGE_SUBSCRIBER_DETAILS: "تغییر مشخصات مشترک",
    RequestType.CHANGE_BILL_INFO: "تغییر اطلاعات قبض",
    RequestType.CHANGE_USE: "تغییر کاربری",
    RequestType.CHANGE_UNITS: "تغییر تعداد واحد",
    RequestType.CHANGE_CAPACITY: "تغییر ظرفیت قراردادی یا قطر انشعاب",
    RequestType.METER_REPLACEMENT: "تعویض کنتور",
    RequestType.METER_RELOCATION: "جابه‌جایی کنتور",
    RequestType.METER_TEST: "آزمایش کنتور",
    RequestType.BILL_CORRECTION: "اصلاح قبض",
    RequestType.MERGE_SPLIT: "ادغام یا تفکیک انشعاب",
    RequestType.OWNERSHIP_INQUIRY: "استعلام مالکیت",
    DocumentKind.BIRTH_CERTIFICATE: "شناسنامه",
    DocumentKind.NATIONAL_ID_CARD: "کارت ملی",
    DocumentKind.PROPERTY_DEED: "سند مالکیت",
    DocumentKind.BUILDING_PERMIT: "پروانه ساختمان",
    DocumentKind.SALE_AGREEMENT: "مبایعه‌نامه",
    DocumentKind.VILLAGE_COUNCIL_LETTER: "نامه شورای اسلامی روستا",
    DocumentKind.REQUEST_FORM: "فرم درخواست",
    DocumentKind.LATEST_PAID_BILL: "آخرین قبض پرداخت‌شده",
    DocumentKind.OTHER: "سایر مدارک",
    Stage.REGISTERED: "ثبت درخواست",
    Stage.DOCUMENTS_CHECKED: "بررسی مدارک",
    Stage.SURVEY_ASSIGNED: "ارجاع برای بازدید",
    Stage.SURVEY_DONE: "نتیجه بازدید",
    Stage.INVOICED: "صدور صورت‌حساب",
    Stage.PAID: "پرداخت",
    Stage.EXCAVATION_PERMIT: "مجوز حفاری",
    Stage.INSTALLED: "اجرا و نصب",
    Stage.SUBSCRIPTION_ASSIGNED: "تخصیص شماره اشتراک",
    Stage.CLOSED: "پایان کار",
    Stage.REJECTED: "رد درخواست",
    Stage.AWAITING_DOCUMENTS: "در انتظار تکمیل مدارک",
}


@dataclass(frozen=True)
class Requirement:
    """Satisfied by any one of ``alternatives``; ``village_only`` applies only in villages."""

    alternatives: frozenset[DocumentKind]
    title: str
    village_only: bool = False


def _req(title: str, *kinds: DocumentKind, village_only: bool = False) -> Requirement:
    return Requirement(frozenset(kinds), title, village_only)


D = DocumentKind
_FORM = _req("فرم درخواست", D.REQUEST_FORM)
_ID_CARD = _req("کارت ملی", D.NATIONAL_ID_CARD)
_BIRTH = _req("شناسنامه", D.BIRTH_CERTIFICATE)
_LAST_BILL = _req("آخرین قبض پرداخت‌شده", D.LATEST_PAID_BILL)
_OWNERSHIP = _req(
    "سند مالکیت یا پروانه ساختمان یا مبایعه‌نامه",
    D.PROPERTY_DEED,
    D.BUILDING_PERMIT,
    D.SALE_AGREEMENT,
)
_NEW_OWNER = _req("سند مالکیت یا مبایعه‌نامه", D.PROPERTY_DEED, D.SALE_AGREEMENT)
_VILLAGE = _req("نامه شورای اسلامی روستا", D.VILLAGE_COUNCIL_LETTER, village_only=True)

_CONNECTION_DOCS = (_BIRTH, _ID_CARD, _OWNERSHIP, _VILLAGE, _FORM)
_AFTER_SALES_DOCS = (_FORM, _ID_CARD, _LAST_BILL)
_PROPERTY_CHANGE_DOCS = (*_AFTER_SALES_DOCS, _OWNERSHIP)

T = RequestType
#: Required documents per request type, in the order the form lists them.
REQUIREMENTS: dict[RequestType, tuple[Requirement, ...]] = {
    T.NEW_WATER: _CONNECTION_DOCS,
    T.NEW_SEWER: _CONNECTION_DOCS,
    T.CHANGE_SUBSCRIBER_DETAILS: (*_AFTER_SALES_DOCS, _NEW_OWNER),
    T.CHANGE_BILL_INFO: _AFTER_SALES_DOCS,
    T.CHANGE_USE: _PROPERTY_CHANGE_DOCS,
    T.CHANGE_UNITS: _PROPERTY_CHANGE_DOCS,
    T.CHANGE_CAPACITY: _PROPERTY_CHANGE_DOCS,
    T.METER_REPLACEMENT: _AFTER_SALES_DOCS,
    T.METER_RELOCATION: _AFTER_SALES_DOCS,
    T.METER_TEST: _AFTER_SALES_DOCS,
    T.BILL_CORRECTION: _AFTER_SALES_DOCS,
    T.MERGE_SPLIT: _PROPERTY_CHANGE_DOCS,
    T.OWNERSHIP_INQUIRY: (_FORM, _ID_CARD, _OWNERSHIP),
}

S = Stage
_HEAD = (S.REGISTERED, S.DOCUMENTS_CHECKED)
_SURVEY = (S.SURVEY_ASSIGNED, S.SURVEY_DONE)
CONNECTION_CHAIN = (
    *_HEAD,
    *_SURVEY,
    S.INVOICED,
    S.PAID,
    S.EXCAVATION_PERMIT,
    S.INSTALLED,
    S.SUBSCRIPTION_ASSIGNED,
    S.CLOSED,
)
PAPERWORK_CHAIN = (*_HEAD, S.CLOSED)
INSPECTION_CHAIN = (*_HEAD, *_SURVEY, S.CLOSED)
INVOICED_CHAIN = (*_HEAD, *_SURVEY, S.INVOICED, S.PAID, S.CLOSED)
SITE_WORK_CHAIN = (*_HEAD, *_SURVEY, S.INVOICED, S.PAID, S.INSTALLED, S.CLOSED)

#: The forward stage chain of each request type (side exits are added by the rules).
CHAINS: dict[RequestType, tuple[Stage, ...]] = {
    T.NEW_WATER: CONNECTION_CHAIN,
    T.NEW_SEWER: CONNECTION_CHAIN,
    T.CHANGE_SUBSCRIBER_DETAILS: PAPERWORK_CHAIN,
    T.CHANGE_BILL_INFO: PAPERWORK_CHAIN,
    T.OWNERSHIP_INQUIRY: PAPERWORK_CHAIN,
    T.METER_TEST: INSPECTION_CHAIN,
    T.BILL_CORRECTION: INSPECTION_CHAIN,
    T.CHANGE_USE: INVOICED_CHAIN,
    T.CHANGE_UNITS: INVOICED_CHAIN,
    T.MERGE_SPLIT: INVOICED_CHAIN,
    T.CHANGE_CAPACITY: SITE_WORK_CHAIN,
    T.METER_REPLACEMENT: SITE_WORK_CHAIN,
    T.METER_RELOCATION: SITE_WORK_CHAIN,
}

#: Demo counter fees in rials (the utility's own charges for connections are invoiced later).
DEFAULT_FEE_MAPPING: dict[str, Any] = {
    "counter_fee_rials": 150_000,
    "fees": {
        "NEW_WATER": 0,
        "NEW_SEWER": 0,
        "CHANGE_SUBSCRIBER_DETAILS": 200_000,
        "CHANGE_BILL_INFO": 100_000,
        "CHANGE_USE": 300_000,
        "CHANGE_UNITS": 300_000,
        "CHANGE_CAPACITY": 300_000,
        "METER_REPLACEMENT": 250_000,
        "METER_RELOCATION": 250_000,
        "METER_TEST": 400_000,
        "BILL_CORRECTION": 0,
        "MERGE_SPLIT": 300_000,
        "OWNERSHIP_INQUIRY": 150_000,
    },
}

del D, S, T
