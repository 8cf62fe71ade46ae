"""Registering a meter reading at the counter (issue 4 item 5, DOMAIN.md §3).

The new value is checked against the previous reading of the subscriber's meter:

* a value below the previous one is a **rollover** past ``10**digits − 1`` when the consumption
  it implies is plausible (not above the hard cap); otherwise it is refused as a misreading;
* an **implausible jump** — more than :data:`JUMP_FACTOR` × the subscriber's average daily use
  × the days since the last reading, or more than the hard cap — raises
  :class:`NeedsConfirmation` carrying the figures; the clerk confirms and the call is repeated
  with ``confirm_jump=True``.

The bill is estimated locally with the domain tariff (the central system issues the real one
when the reading reaches it) and stored with ``is_estimate=True``. The reading, the estimate,
the subscriber's new balance, the outbox row that carries the reading to the central system and
the audit event are written in ONE transaction: a crash leaves all or nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pishkhan.domain.ids import InvalidId, make_new_payment_id
from pishkhan.domain.jalali import period_of, to_jalali
from pishkhan.domain.money import round_half_up
from pishkhan.domain.persian import to_persian_digits
from pishkhan.domain.tariff import TariffConfig, compute_bill
from pishkhan.domain.tariff_config import TariffConfigError, Use
from pishkhan.services.auth import Permission, SignedIn, require
from pishkhan.services.payments import business_day
from pishkhan.services.subscriber_file import BillView, bill_view
from pishkhan.store import repo
from pishkhan.store.dialect import begin_write
from pishkhan.store.models import Bill, Reading, Subscriber, utcnow
from pishkhan.sync.schemas import ReadingItem

READING_RECORD = "reading"
SOURCE_COUNTER = "counter"
JUMP_FACTOR = 3  # × average daily use × days
HARD_CAP_M3_PER_UNIT_DAY = 10  # no household or shop draws 10 m³ a day per unit
HARD_CAP_MIN_M3 = 100
HISTORY_BILLS = 6  # bills the average daily use is taken from
DUE_DAYS = 14  # as the central system and the demo data


class ReadingRefused(ValueError):
    """The reading cannot be recorded; ``str()`` is a Persian message, ``field`` says which
    input it concerns (``value`` or ``read_on``; empty for neither)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class NeedsConfirmation(Exception):
    """The consumption looks implausible; ask the clerk, then call again with confirm_jump."""

    def __init__(
        self,
        *,
        consumption_m3: int,
        days: int,
        expected_m3: int | None,
        limit_m3: int | None,
        hard_cap_m3: int,
        rolled_over: bool,
    ) -> None:
        self.consumption_m3 = consumption_m3
        self.days = days
        self.expected_m3 = expected_m3
        self.limit_m3 = limit_m3
        self.hard_cap_m3 = hard_cap_m3
        self.rolled_over = rolled_over
        fa = to_persian_digits
        text = f"مصرف {fa(consumption_m3)} مترمکعب در {fa(days)} روز"
        if rolled_over:
            text += " (با گذشتن کنتور از صفر)"
        if consumption_m3 > hard_cap_m3:
            text += f" بیش از سقف {fa(hard_cap_m3)} مترمکعب است"
        else:
            text += (
                f" بیش از {fa(JUMP_FACTOR)} برابر مصرف معمول این مشترک "
                f"(حدود {fa(expected_m3 or 0)} مترمکعب) است"
            )
        super().__init__(text + "؛ اگر رقم کنتور درست خوانده شده، آن را تأیید کنید.")


@dataclass(frozen=True, slots=True)
class ReadingResult:
    reading_uuid: str
    subscriber_id: int
    subscription_no: str
    previous_value: int
    previous_read_on: dt.date
    value: int
    read_on: dt.date
    days: int
    consumption_m3: int
    rolled_over: bool
    confirmed_jump: bool
    bill: BillView  # the local estimate


@dataclass(frozen=True, slots=True)
class Previous:
    value: int
    read_on: dt.date


def consumption_with_rollover(previous: int, current: int, digits: int) -> tuple[int, bool]:
    """(m³, rolled_over) between two readings of a ``digits``-digit meter.

    Below the previous value the meter is taken to have passed ``10**digits − 1``.
    """
    limit = 10**digits
    if current >= previous:
        return current - previous, False
    return limit - previous + current, True


def hard_cap_m3(units: int, days: int) -> int:
    return max(HARD_CAP_MIN_M3, HARD_CAP_M3_PER_UNIT_DAY * max(1, units) * max(1, days))


def average_daily_m3(bills: list[Bill]) -> Fraction | None:
    """Average daily use over ``bills`` (None without usable history)."""
    days = sum(b.days for b in bills if b.days > 0)
    if days <= 0:
        return None
    return Fraction(sum(b.consumption_m3 for b in bills if b.days > 0), days)


def _previous(session: Session, sub: Subscriber, meter_id: int, initial: Previous) -> Previous:
    last = repo.latest_reading(session, sub.id, meter_id=meter_id)
    if last is not None:
        return Previous(last.value, last.read_on)
    return initial


def record_reading(
    session: Session,
    who: SignedIn | None,
    subscriber_id: int,
    value: int,
    read_on: dt.date,
    confirm_jump: bool = False,
    *,
    tariff: TariffConfig,
    today: dt.date | None = None,
) -> ReadingResult:
    """Check and record a reading, estimate its bill and queue it for the central system.

    Raises ``PermissionDenied``, :class:`ReadingRefused` (Persian message) or
    :class:`NeedsConfirmation` (nothing is written in these cases).
    """
    require(who, Permission.READING)
    assert who is not None
    try:
        begin_write(session)  # reads the previous reading, then writes: take the lock first
        result = _record(session, who, subscriber_id, value, read_on, confirm_jump, tariff, today)
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise ReadingRefused("این قرائت با قبضی که پیش‌تر صادر شده همخوانی ندارد") from exc
    except BaseException:
        session.rollback()
        raise
    return result


def _record(
    session: Session,
    who: SignedIn,
    subscriber_id: int,
    value: int,
    read_on: dt.date,
    confirm_jump: bool,
    tariff: TariffConfig,
    today: dt.date | None,
) -> ReadingResult:
    sub = session.get(Subscriber, subscriber_id)
    if sub is None:
        raise ReadingRefused("مشترک یافت نشد")
    if sub.status == "closed":
        raise ReadingRefused("اشتراک بسته شده است و قرائت نمی‌پذیرد")
    meter = repo.current_meter(session, subscriber_id)
    if meter is None:
        raise ReadingRefused("برای این اشتراک کنتور فعالی ثبت نشده است")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ReadingRefused("رقم کنتور باید عدد صحیح باشد", "value")
    top = 10**meter.digits - 1
    if not 0 <= value <= top:
        raise ReadingRefused(
            f"کنتور {to_persian_digits(meter.digits)} رقمی است: رقم باید از ۰ تا "
            f"{to_persian_digits(top)} باشد",
            "value",
        )
    today = today or business_day(dt.datetime.now(dt.UTC))
    if read_on > today:
        raise ReadingRefused("تاریخ قرائت نمی‌تواند در آینده باشد", "read_on")
    start = meter.installed_on or read_on
    prev = _previous(session, sub, meter.id, Previous(meter.initial_reading, start))
    if read_on <= prev.read_on:
        raise ReadingRefused("تاریخ قرائت باید پس از تاریخ قرائت قبلی باشد", "read_on")
    days = (read_on - prev.read_on).days
    prop = sub.property
    m3, rolled = consumption_with_rollover(prev.value, value, meter.digits)
    cap = hard_cap_m3(prop.units, days)
    if rolled and m3 > cap:
        raise ReadingRefused(
            f"رقم {to_persian_digits(value)} کمتر از قرائت قبلی "
            f"({to_persian_digits(prev.value)}) است و گذشتن کنتور از صفر هم نیست؛ "
            "رقم کنتور را دوباره بخوانید",
            "value",
        )
    average = average_daily_m3(repo.recent_bills(session, sub.id, HISTORY_BILLS))
    expected = round_half_up(average * days) if average else None
    limit = round_half_up(average * days * JUMP_FACTOR) if average else None
    if not confirm_jump and (m3 > cap or (limit is not None and m3 > limit)):
        raise NeedsConfirmation(
            consumption_m3=m3,
            days=days,
            expected_m3=expected,
            limit_m3=limit,
            hard_cap_m3=cap,
            rolled_over=rolled,
        )
    reading_uuid = str(uuid.uuid4())  # chosen before the first write: the sync's idempotency key
    reading = Reading(
        uuid=reading_uuid,
        subscriber_id=sub.id,
        meter_id=meter.id,
        read_on=read_on,
        value=value,
        consumption_m3=m3,
        rolled_over=rolled,
        source=SOURCE_COUNTER,
        created_by=who.user_id,
        created_at=utcnow(),
    )
    session.add(reading)
    session.flush()
    bill = _estimate(session, sub, reading, prev, days, tariff, today)
    payload = ReadingItem.model_validate(
        {
            "uuid": reading_uuid,
            "subscription_no": sub.subscription_no,
            "read_on": read_on,
            "value": value,
        }
    ).model_dump(mode="json")
    repo.outbox_add(session, READING_RECORD, reading_uuid, payload)
    repo.add_audit_event(
        session,
        action="reading_recorded",
        user_id=who.user_id,
        username=who.username,
        target=sub.subscription_no,
        details={
            "reading_uuid": reading_uuid,
            "value": value,
            "previous": prev.value,
            "consumption_m3": m3,
            "rolled_over": rolled,
            "confirmed_jump": bool(confirm_jump),
            "estimate_payable_rials": bill.payable_rials,
        },
    )
    session.flush()
    return ReadingResult(
        reading_uuid=reading_uuid,
        subscriber_id=sub.id,
        subscription_no=sub.subscription_no,
        previous_value=prev.value,
        previous_read_on=prev.read_on,
        value=value,
        read_on=read_on,
        days=days,
        consumption_m3=m3,
        rolled_over=rolled,
        confirmed_jump=bool(confirm_jump),
        bill=bill_view(bill, tariff),
    )


def _estimate(
    session: Session,
    sub: Subscriber,
    reading: Reading,
    prev: Previous,
    days: int,
    tariff: TariffConfig,
    today: dt.date,
) -> Bill:
    """Price the reading with the local tariff; the previous unpaid bill's debt is carried."""
    prop = sub.property
    conns = repo.subscriber_connections(session, sub.id)
    water = next((c for c in conns if c.kind == "water"), None)
    has_sewer = any(c.kind == "sewer" and c.status == "active" for c in conns)
    try:
        use = Use.parse(prop.use)
    except TariffConfigError as exc:
        raise ReadingRefused(str(exc)) from exc
    debt = int(sub.balance_rials)  # negative: a credit
    try:
        calc = compute_bill(
            reading.consumption_m3,
            days,
            max(1, prop.units),
            use,
            water.diameter if water else "1/2",
            has_sewer,
            to_jalali(reading.read_on).year,
            tariff,
            debt,
        )
    except ValueError as exc:
        raise ReadingRefused(f"برآورد قبض ممکن نشد: {exc}") from exc
    period = period_of(reading.read_on)
    payment_id = ""
    if calc.payable >= 1000:
        try:
            taken = repo.payment_ids_of(session, sub.id)
            payment_id = make_new_payment_id(
                sub.bill_id, calc.payable, period.year, period.number, taken
            )
        except InvalidId as exc:
            raise ReadingRefused(f"برآورد قبض ممکن نشد: {exc}") from exc
    previous_bill = repo.latest_bill(session, sub.id)
    if previous_bill is not None and previous_bill.status == "issued" and debt > 0:
        previous_bill.status = "replaced"  # its debt moves into the new bill
    bill = Bill(
        uuid=str(uuid.uuid4()),
        subscriber_id=sub.id,
        reading_id=reading.id,
        bill_id=sub.bill_id,
        payment_id=payment_id,
        period_year=period.year,
        period_no=period.number,
        prev_read_on=prev.read_on,
        curr_read_on=reading.read_on,
        prev_reading=prev.value,
        curr_reading=reading.value,
        days=days,
        consumption_m3=reading.consumption_m3,
        lines=[[line.code, line.amount_rials] for line in calc.lines],
        vat_rials=calc.vat,
        amount_rials=calc.total,
        debt_carried_rials=debt,
        payable_rials=calc.payable,
        issued_on=today,
        due_on=today + dt.timedelta(days=DUE_DAYS),
        is_estimate=True,
        status="issued",
    )
    session.add(bill)
    sub.balance_rials = calc.payable
    sub.updated_at = utcnow()
    session.flush()
    return bill
