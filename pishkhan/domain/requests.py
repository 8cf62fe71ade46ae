"""Request catalogue and lifecycle (DOMAIN.md §4).

Choices where DOMAIN.md is silent:

* **Stage chains.** Both connection requests (NEW_WATER, NEW_SEWER) run the full chain
  REGISTERED → DOCUMENTS_CHECKED → SURVEY_ASSIGNED → SURVEY_DONE → INVOICED → PAID →
  EXCAVATION_PERMIT → INSTALLED → SUBSCRIPTION_ASSIGNED → CLOSED. After-sales services use
  one of four shorter chains (see :data:`CHAINS`): paperwork only (… → DOCUMENTS_CHECKED →
  CLOSED); an inspection (… → SURVEY_ASSIGNED → SURVEY_DONE → CLOSED); invoiced (… → SURVEY_DONE
  → INVOICED → PAID → CLOSED); invoiced work on site (… → PAID → INSTALLED → CLOSED).
  Only single forward steps along the chain are allowed.
* **Side exits.** Any non-terminal stage may go to REJECTED (a non-blank reason is required)
  or to AWAITING_DOCUMENTS. Leaving AWAITING_DOCUMENTS returns to the stage it came from, so
  callers pass ``came_from`` (or keep a :class:`RequestProgress`, which remembers it); from
  AWAITING_DOCUMENTS a request can also be rejected. CLOSED and REJECTED are terminal.
* **Documents.** In a village the council letter is required *in addition to* one of deed /
  permit / sale agreement. After-sales requests need the request form, the owner's ID card
  and the latest paid bill; ownership-changing or property-changing ones also need proof of
  ownership (see :data:`REQUIREMENTS`).
* **Name change needs a meter test first.** Modelled as a precondition: for
  CHANGE_SUBSCRIBER_DETAILS with ``is_name_change`` the caller states whether a meter test is
  done (e.g. a closed METER_TEST request on the subscription); otherwise
  :func:`check_preconditions` reports METER_TEST_REQUIRED. The counter registers the test
  first; the name change is registered after.
* **Tracking code.** 12 digits = branch code (4, zero-padded) + serial (7, zero-padded) +
  mod-11 check digit (the bill-standard check, :func:`~pishkhan.domain.ids.mod11_check_digit`).
  12 differs from the national code (10), legal ID (11), postal code (10), mobile (11) and
  barcode (26); bill and payment IDs vary in length and can be 12 long, so the UI should
  ask which one it is, not guess.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from pishkhan.domain.ids import InvalidId, mod11_check_digit
from pishkhan.domain.persian import clean_number_input
from pishkhan.domain.requests_catalogue import (
    CHAINS,
    DEFAULT_FEE_MAPPING,
    REQUIREMENTS,
    DocumentKind,
    RequestType,
    Requirement,
    Stage,
)

__all__ = [
    "CHAINS",
    "DEFAULT_FEE_MAPPING",
    "REQUIREMENTS",
    "TERMINAL_STAGES",
    "TRACKING_CODE_LENGTH",
    "DocumentKind",
    "FeeConfig",
    "FeeQuote",
    "InvalidTransition",
    "Precondition",
    "RequestProgress",
    "RequestType",
    "Requirement",
    "Stage",
    "can_transition",
    "check_preconditions",
    "make_tracking_code",
    "missing_documents",
    "next_stage",
    "parse_tracking_code",
    "quote_fees",
    "transition",
]

TERMINAL_STAGES = frozenset({Stage.CLOSED, Stage.REJECTED})
TRACKING_CODE_LENGTH = 12


class InvalidTransition(ValueError):
    """A lifecycle move that the rules do not allow; ``str()`` is Persian."""


# --------------------------------------------------------------------------------------------
# Documents and preconditions


def missing_documents(
    request_type: RequestType, provided: Iterable[DocumentKind], in_village: bool = False
) -> list[Requirement]:
    """Requirements of ``request_type`` that ``provided`` does not satisfy, in form order."""
    have = frozenset(provided)
    return [
        req
        for req in REQUIREMENTS[request_type]
        if (in_village or not req.village_only) and not (req.alternatives & have)
    ]


class Precondition(enum.Enum):
    WATER_CONNECTION_REQUIRED = "water_connection_required"
    METER_TEST_REQUIRED = "meter_test_required"

    @property
    def title(self) -> str:
        return {
            Precondition.WATER_CONNECTION_REQUIRED: "ملک باید انشعاب آب داشته باشد",
            Precondition.METER_TEST_REQUIRED: "پیش از تغییر نام باید کنتور آزمایش شود",
        }[self]


def check_preconditions(
    request_type: RequestType,
    has_water_connection: bool,
    *,
    is_name_change: bool = False,
    meter_test_done: bool = False,
) -> list[Precondition]:
    """Unmet preconditions (empty when the request may be registered).

    NEW_SEWER and every after-sales service need an existing water connection; a name change
    (CHANGE_SUBSCRIBER_DETAILS with ``is_name_change``) needs a meter test first.
    """
    unmet: list[Precondition] = []
    if request_type is not RequestType.NEW_WATER and not has_water_connection:
        unmet.append(Precondition.WATER_CONNECTION_REQUIRED)
    if (
        request_type is RequestType.CHANGE_SUBSCRIBER_DETAILS
        and is_name_change
        and not meter_test_done
    ):
        unmet.append(Precondition.METER_TEST_REQUIRED)
    return unmet


# --------------------------------------------------------------------------------------------
# Fees


@dataclass(frozen=True)
class FeeQuote:
    service_fee_rials: int
    counter_fee_rials: int

    @property
    def total_rials(self) -> int:
        return self.service_fee_rials + self.counter_fee_rials


@dataclass(frozen=True)
class FeeConfig:
    """Fees collected at the counter: per request type, plus the office's own fee."""

    counter_fee_rials: int
    fees: Mapping[RequestType, int]

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> FeeConfig:
        """``{"counter_fee_rials": int, "fees": {"METER_TEST": int, …}}``; missing types → 0."""
        counter = data.get("counter_fee_rials", 0)
        raw = data.get("fees", {})
        if not isinstance(raw, Mapping):
            raise ValueError("fees باید جدول نوع درخواست ← مبلغ باشد")
        fees = dict.fromkeys(RequestType, 0)
        for key, value in raw.items():
            try:
                rtype = RequestType[str(key).strip().upper()]
            except KeyError:
                raise ValueError(f"نوع درخواست ناشناخته در تعرفه کارمزد: {key}") from None
            fees[rtype] = _rials(value)
        return cls(_rials(counter), MappingProxyType(fees))


def _rials(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("مبلغ کارمزد باید عدد صحیح نامنفی (ریال) باشد")
    return value


def quote_fees(request_type: RequestType, config: FeeConfig) -> FeeQuote:
    """What the counter collects when registering ``request_type``."""
    return FeeQuote(config.fees.get(request_type, 0), config.counter_fee_rials)


# --------------------------------------------------------------------------------------------
# Lifecycle


def _chain(request_type: RequestType) -> tuple[Stage, ...]:
    return CHAINS[request_type]


def _forward(request_type: RequestType, stage: Stage) -> Stage | None:
    chain = _chain(request_type)
    if stage not in chain or stage in TERMINAL_STAGES:
        return None
    return chain[chain.index(stage) + 1]


def next_stage(
    request_type: RequestType, current: Stage, *, came_from: Stage | None = None
) -> Stage | None:
    """The normal next stage; for AWAITING_DOCUMENTS the stage it came from; None at the end."""
    if current is Stage.AWAITING_DOCUMENTS:
        return came_from if _resumable(request_type, came_from) else None
    return _forward(request_type, current)


def _resumable(request_type: RequestType, stage: Stage | None) -> bool:
    return stage is not None and stage in _chain(request_type) and stage not in TERMINAL_STAGES


def _refusal(
    request_type: RequestType, from_stage: Stage, to_stage: Stage, came_from: Stage | None
) -> str | None:
    """Why the move is not allowed (Persian), or None when it is."""
    if from_stage in TERMINAL_STAGES:
        return f"درخواست در مرحله «{from_stage.title}» پایان یافته است"
    if from_stage is not Stage.AWAITING_DOCUMENTS and from_stage not in _chain(request_type):
        return f"مرحله «{from_stage.title}» در روند «{request_type.title}» وجود ندارد"
    if to_stage is Stage.REJECTED:
        return None
    if from_stage is Stage.AWAITING_DOCUMENTS:
        if not _resumable(request_type, came_from):
            return "مرحله پیش از انتظار مدارک مشخص نیست"
        if to_stage is came_from:
            return None
        assert came_from is not None
        return f"پس از دریافت مدارک، درخواست باید به مرحله «{came_from.title}» بازگردد"
    if to_stage is Stage.AWAITING_DOCUMENTS or to_stage is _forward(request_type, from_stage):
        return None
    return f"رفتن از مرحله «{from_stage.title}» به «{to_stage.title}» مجاز نیست"


def can_transition(
    request_type: RequestType,
    from_stage: Stage,
    to_stage: Stage,
    *,
    came_from: Stage | None = None,
) -> bool:
    """Whether ``from_stage → to_stage`` is allowed (rejection's reason is not checked)."""
    return _refusal(request_type, from_stage, to_stage, came_from) is None


def transition(
    request_type: RequestType,
    from_stage: Stage,
    to_stage: Stage,
    reason: str | None = None,
    *,
    came_from: Stage | None = None,
) -> Stage:
    """Validate the move and return ``to_stage``; raise :class:`InvalidTransition` if not."""
    refusal = _refusal(request_type, from_stage, to_stage, came_from)
    if refusal is not None:
        raise InvalidTransition(refusal)
    if to_stage is Stage.REJECTED and not (reason and reason.strip()):
        raise InvalidTransition("برای رد درخواست باید دلیل آن نوشته شود")
    return to_stage


@dataclass(frozen=True)
class RequestProgress:
    """Where a request is, remembering the stage to resume after AWAITING_DOCUMENTS."""

    request_type: RequestType
    stage: Stage = Stage.REGISTERED
    came_from: Stage | None = None
    reason: str | None = None

    def to(self, stage: Stage, reason: str | None = None) -> RequestProgress:
        """The progress after moving to ``stage`` (InvalidTransition if not allowed)."""
        transition(self.request_type, self.stage, stage, reason, came_from=self.came_from)
        came_from = self.stage if stage is Stage.AWAITING_DOCUMENTS else None
        return RequestProgress(self.request_type, stage, came_from, reason)

    def advance(self) -> RequestProgress:
        """Move to :func:`next_stage`; InvalidTransition at the end of the chain."""
        nxt = next_stage(self.request_type, self.stage, came_from=self.came_from)
        if nxt is None:
            raise InvalidTransition(f"مرحله بعدی برای «{self.stage.title}» وجود ندارد")
        return self.to(nxt)


# --------------------------------------------------------------------------------------------
# Tracking code


def make_tracking_code(branch_code: int, serial: int) -> str:
    """12 digits: branch (4) + serial (7) + mod-11 check digit."""
    for value, name, top, label in (
        (branch_code, "branch_code", 9_999, "کد شعبه باید ۱ تا ۴ رقم باشد"),
        (serial, "serial", 9_999_999, "شماره ردیف باید ۱ تا ۷ رقم باشد"),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
            raise InvalidId(label, field=name)
    body = f"{branch_code:04d}{serial:07d}"
    return body + str(mod11_check_digit(body))


def parse_tracking_code(text: str) -> str:
    """Validate a tracking code typed in any digit set; returns the 12 ASCII digits."""
    field = "tracking_code"
    if not isinstance(text, str):
        raise InvalidId("کد رهگیری باید به صورت متن وارد شود", field=field)
    digits = clean_number_input(text)
    if not (digits.isascii() and digits.isdigit() and len(digits) == TRACKING_CODE_LENGTH):
        raise InvalidId("کد رهگیری باید ۱۲ رقم باشد", field=field)
    if mod11_check_digit(digits[:-1]) != int(digits[-1]):
        raise InvalidId("کد رهگیری نادرست است (رقم کنترل همخوانی ندارد)", field=field)
    if int(digits[:4]) == 0 or int(digits[4:11]) == 0:
        raise InvalidId("کد رهگیری نادرست است (کد شعبه یا شماره ردیف صفر است)", field=field)
    return digits
