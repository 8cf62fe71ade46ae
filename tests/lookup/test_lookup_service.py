"""The search box's detector and the search against a demo database."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pishkhan.domain.ids import ServiceType, make_bill_id, make_payment_id, mod11_check_digit
from pishkhan.domain.persian import to_persian_digits
from pishkhan.domain.requests import make_tracking_code
from pishkhan.services.auth import PermissionDenied
from pishkhan.services.context import AppContext
from pishkhan.services.lookup import QueryKind, detect, search
from pishkhan.store.models import Property, Request, Subscriber

from .conftest import OPERATOR

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


# --- generators of valid identifiers --------------------------------------------------------


@st.composite
def national_codes(draw: st.DrawFn) -> str:
    body = draw(st.text("0123456789", min_size=9, max_size=9))
    r = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
    code = body + str(r if r < 2 else 11 - r)
    if len(set(code)) == 1:
        code = "0499370899"
    return code


@st.composite
def postal_codes(draw: st.DrawFn) -> str:
    head = draw(st.text("13456789", min_size=5, max_size=5).filter(lambda t: len(set(t[:4])) > 1))
    return head + draw(st.text("0123456789", min_size=5, max_size=5))


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(["0", "+98", "0098", "98", ""]))
    return prefix + "9" + draw(st.text("0123456789", min_size=9, max_size=9))


bill_ids = st.builds(
    make_bill_id,
    st.integers(1, 99_999_999),
    st.integers(0, 999),
    st.sampled_from(list(ServiceType)),
)
tracking_codes = st.builds(make_tracking_code, st.integers(1, 9999), st.integers(1, 9_999_999))
plain_numbers = st.text("0123456789", min_size=1, max_size=16)


@st.composite
def barcodes(draw: st.DrawFn) -> str:
    bill = draw(bill_ids)
    payment = make_payment_id(bill, draw(st.integers(1000, 10**9)), 1405, draw(st.integers(1, 6)))
    return bill.zfill(13) + payment.zfill(13)


def typed(draw: st.DrawFn, digits: str) -> str:
    """``digits`` as a clerk might type them: any digit set, a stray space or dash."""
    style = draw(st.sampled_from(["ascii", "persian", "arabic"]))
    text = {"ascii": digits, "persian": to_persian_digits(digits)}.get(
        style, digits.translate(ARABIC)
    )
    if len(text) > 4 and draw(st.booleans()):
        cut = draw(st.integers(1, len(text) - 1))
        if text[cut - 1] != "+":
            text = text[:cut] + draw(st.sampled_from([" ", "-", " - "])) + text[cut:]
    return draw(st.sampled_from(["", " "])) + text


KINDS = [
    (QueryKind.NATIONAL_CODE, national_codes()),
    (QueryKind.POSTAL_CODE, postal_codes()),
    (QueryKind.MOBILE, mobiles()),
    (QueryKind.BILL_ID, bill_ids),
    (QueryKind.TRACKING_CODE, tracking_codes),
    (QueryKind.BILL_BARCODE, barcodes()),
    (QueryKind.SUBSCRIPTION_NO, plain_numbers),
    (QueryKind.COMPUTER_CODE, plain_numbers),
]


@pytest.mark.parametrize(("kind", "strategy"), KINDS, ids=[k.name or "" for k, _ in KINDS])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_every_valid_identifier_is_detected_as_its_kind(
    kind: QueryKind, strategy: st.SearchStrategy[str], data: st.DataObject
) -> None:
    value = data.draw(strategy)
    text = typed(data.draw, value)  # type: ignore[arg-type]
    assert kind in detect(text), (text, detect(text))


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_detect_never_raises(text: str) -> None:
    kind = detect(text)
    assert isinstance(kind, QueryKind)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ابپتثجحخدذرزسشصضطظعغفقکگلمنوهیيكۀة ‌", min_size=1).filter(str.strip))
def test_persian_words_are_names(text: str) -> None:
    assert detect(text) in (QueryKind.NAME, QueryKind.NONE)


def test_detect_examples() -> None:
    assert detect("") is QueryKind.NONE
    assert detect("  - ") is QueryKind.NONE
    assert detect("علي رضايي") is QueryKind.NAME
    assert detect("۰۹۱۲ ۳۴۵ ۶۷۸۹") == (
        QueryKind.MOBILE | QueryKind.SUBSCRIPTION_NO | QueryKind.COMPUTER_CODE
    )
    both = detect("0499370899")
    assert QueryKind.NATIONAL_CODE in both and QueryKind.POSTAL_CODE not in both
    assert QueryKind.TRACKING_CODE not in detect("110100000010")  # wrong check digit
    code = make_tracking_code(1101, 1)
    assert QueryKind.TRACKING_CODE in detect(code)
    assert mod11_check_digit(code[:-1]) == int(code[-1])
    assert detect("+989121234567") is QueryKind.MOBILE


# --- search on the demo database ------------------------------------------------------------


def _some(ctx: AppContext) -> tuple[Subscriber, Property]:
    with ctx.sessions() as s:
        row = s.execute(
            select(Subscriber, Property)
            .join(Property, Subscriber.property_id == Property.id)
            .where(
                Subscriber.national_code.is_not(None),
                Subscriber.mobile.is_not(None),
                Property.postal_code.is_not(None),
            )
            .order_by(Subscriber.id)
            .limit(1)
        ).one()
        return row[0], row[1]


def test_search_by_each_identifier_kind(ctx: AppContext) -> None:
    sub, prop = _some(ctx)
    assert sub.national_code and prop.postal_code
    queries = {
        QueryKind.SUBSCRIPTION_NO: to_persian_digits(sub.subscription_no),
        QueryKind.BILL_ID: sub.bill_id.translate(ARABIC),
        QueryKind.COMPUTER_CODE: sub.computer_code,
        QueryKind.NATIONAL_CODE: f"{sub.national_code[:3]}-{sub.national_code[3:]}",
        QueryKind.MOBILE: "+98" + (sub.mobile or "")[1:],
        QueryKind.POSTAL_CODE: to_persian_digits(f"{prop.postal_code[:5]} {prop.postal_code[5:]}"),
    }
    with ctx.sessions() as s:
        for kind, text in queries.items():
            hits = search(s, OPERATOR, text)
            mine = [h for h in hits if h.subscriber_id == sub.id]
            assert mine, (kind, text)
            assert kind in mine[0].matched
            assert mine[0].subscription_no == sub.subscription_no
            assert mine[0].address == prop.address


def test_search_by_tracking_code(ctx: AppContext) -> None:
    with ctx.sessions() as s:
        linked = s.scalars(select(Request).where(Request.subscriber_id.is_not(None))).first()
        new = s.scalars(select(Request).where(Request.subscriber_id.is_(None))).first()
        assert linked is not None and new is not None
        hits = search(s, OPERATOR, to_persian_digits(linked.tracking_code))
        assert [h.subscriber_id for h in hits][:1] == [linked.subscriber_id]
        assert hits[0].matched & QueryKind.TRACKING_CODE
        hits = search(s, OPERATOR, new.tracking_code)
        assert hits[0].subscriber_id is None
        assert hits[0].tracking_code == new.tracking_code
        assert hits[0].full_name == new.applicant_name


def test_search_by_name_with_arabic_letters(ctx: AppContext) -> None:
    with ctx.sessions() as s:
        sub = s.scalars(
            select(Subscriber).where(Subscriber.last_name.contains("ی")).order_by(Subscriber.id)
        ).first()
        assert sub is not None
        arabic = f"{sub.first_name} {sub.last_name}".replace("ی", "ي").replace("ک", "ك")
        hits = search(s, OPERATOR, arabic)
        assert sub.id in [h.subscriber_id for h in hits]
        assert all(h.matched is QueryKind.NAME for h in hits)


def test_nothing_found_and_permission(ctx: AppContext) -> None:
    with ctx.sessions() as s:
        assert search(s, OPERATOR, "ژژژژژ") == []
        assert search(s, OPERATOR, "   ") == []
        with pytest.raises(PermissionDenied) as err:
            search(s, None, "علی")
        assert "اجازه" in str(err.value)
