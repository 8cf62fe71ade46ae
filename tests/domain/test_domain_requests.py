"""Request catalogue and lifecycle (DOMAIN.md §4)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pishkhan.domain.ids import InvalidId, mod11_check_digit
from pishkhan.domain.requests import (
    CHAINS,
    DEFAULT_FEE_MAPPING,
    TERMINAL_STAGES,
    DocumentKind,
    FeeConfig,
    InvalidTransition,
    Precondition,
    RequestProgress,
    RequestType,
    Stage,
    can_transition,
    check_preconditions,
    make_tracking_code,
    missing_documents,
    next_stage,
    parse_tracking_code,
    quote_fees,
    transition,
)

T, S, D = RequestType, Stage, DocumentKind
FULL_CHAIN = [
    S.REGISTERED,
    S.DOCUMENTS_CHECKED,
    S.SURVEY_ASSIGNED,
    S.SURVEY_DONE,
    S.INVOICED,
    S.PAID,
    S.EXCAVATION_PERMIT,
    S.INSTALLED,
    S.SUBSCRIPTION_ASSIGNED,
    S.CLOSED,
]


def is_persian(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def test_catalogue_complete() -> None:
    assert len(RequestType) == 13 and len(DocumentKind) == 9 and len(Stage) == 12
    for member in [*RequestType, *DocumentKind, *Stage]:
        assert is_persian(member.title)
    assert T.NEW_WATER.title == "فروش انشعاب آب"
    assert set(CHAINS) == set(RequestType)
    assert RequestType("meter_test") is T.METER_TEST


def walk(rtype: RequestType) -> list[Stage]:
    stages = [S.REGISTERED]
    while (nxt := next_stage(rtype, stages[-1])) is not None:
        stages.append(nxt)
    return stages


@pytest.mark.parametrize("rtype", [T.NEW_WATER, T.NEW_SEWER])
def test_connection_requests_full_chain(rtype: RequestType) -> None:
    assert walk(rtype) == FULL_CHAIN


def test_after_sales_chains_are_shorter() -> None:
    assert walk(T.CHANGE_BILL_INFO) == [S.REGISTERED, S.DOCUMENTS_CHECKED, S.CLOSED]
    assert walk(T.METER_TEST) == [
        S.REGISTERED,
        S.DOCUMENTS_CHECKED,
        S.SURVEY_ASSIGNED,
        S.SURVEY_DONE,
        S.CLOSED,
    ]
    assert walk(T.CHANGE_USE)[-3:] == [S.INVOICED, S.PAID, S.CLOSED]
    assert walk(T.METER_REPLACEMENT)[-3:] == [S.PAID, S.INSTALLED, S.CLOSED]
    for rtype in RequestType:
        if not rtype.is_connection:
            chain = walk(rtype)
            assert len(chain) < len(FULL_CHAIN)
            assert S.SUBSCRIPTION_ASSIGNED not in chain and S.EXCAVATION_PERMIT not in chain


def test_forward_only_one_step() -> None:
    assert can_transition(T.NEW_WATER, S.REGISTERED, S.DOCUMENTS_CHECKED)
    assert not can_transition(T.NEW_WATER, S.REGISTERED, S.SURVEY_ASSIGNED)  # skip
    assert not can_transition(T.NEW_WATER, S.PAID, S.INVOICED)  # backwards
    assert not can_transition(T.NEW_WATER, S.PAID, S.PAID)
    assert not can_transition(T.CHANGE_BILL_INFO, S.DOCUMENTS_CHECKED, S.INVOICED)
    assert not can_transition(T.CHANGE_BILL_INFO, S.INVOICED, S.PAID)  # not in this chain
    with pytest.raises(InvalidTransition) as info:
        transition(T.NEW_WATER, S.REGISTERED, S.PAID)
    assert isinstance(info.value, ValueError) and is_persian(str(info.value))


@pytest.mark.parametrize("rtype", list(RequestType))
def test_rejection_from_any_open_stage_needs_reason(rtype: RequestType) -> None:
    for stage in [*CHAINS[rtype][:-1], S.AWAITING_DOCUMENTS]:
        came_from = S.REGISTERED if stage is S.AWAITING_DOCUMENTS else None
        assert can_transition(rtype, stage, S.REJECTED, came_from=came_from)
        with pytest.raises(InvalidTransition, match="دلیل"):
            transition(rtype, stage, S.REJECTED, came_from=came_from)
        with pytest.raises(InvalidTransition):
            transition(rtype, stage, S.REJECTED, "   ", came_from=came_from)
        assert transition(rtype, stage, S.REJECTED, "سند ناقص", came_from=came_from) is (S.REJECTED)


def test_terminal_stages_are_final() -> None:
    for stage in TERMINAL_STAGES:
        for target in Stage:
            assert not can_transition(T.NEW_WATER, stage, target)
        assert next_stage(T.NEW_WATER, stage) is None


def test_awaiting_documents_returns_where_it_came_from() -> None:
    assert can_transition(T.NEW_WATER, S.SURVEY_DONE, S.AWAITING_DOCUMENTS)
    assert can_transition(T.NEW_WATER, S.AWAITING_DOCUMENTS, S.SURVEY_DONE, came_from=S.SURVEY_DONE)
    assert not can_transition(
        T.NEW_WATER, S.AWAITING_DOCUMENTS, S.INVOICED, came_from=S.SURVEY_DONE
    )
    assert not can_transition(T.NEW_WATER, S.AWAITING_DOCUMENTS, S.SURVEY_DONE)  # unknown origin
    assert not can_transition(
        T.NEW_WATER, S.AWAITING_DOCUMENTS, S.AWAITING_DOCUMENTS, came_from=S.SURVEY_DONE
    )
    assert next_stage(T.NEW_WATER, S.AWAITING_DOCUMENTS, came_from=S.PAID) is S.PAID

    progress = RequestProgress(T.NEW_WATER).advance().advance()
    assert progress.stage is S.SURVEY_ASSIGNED
    waiting = progress.to(S.AWAITING_DOCUMENTS)
    assert waiting.came_from is S.SURVEY_ASSIGNED
    resumed = waiting.advance()
    assert (resumed.stage, resumed.came_from) == (S.SURVEY_ASSIGNED, None)
    assert resumed.advance().stage is S.SURVEY_DONE
    with pytest.raises(InvalidTransition):
        waiting.to(S.SURVEY_DONE)
    rejected = waiting.to(S.REJECTED, "مدارک ارائه نشد")
    assert rejected.reason == "مدارک ارائه نشد"
    with pytest.raises(InvalidTransition):
        rejected.advance()


@settings(max_examples=200)
@given(st.sampled_from(list(RequestType)), st.lists(st.sampled_from(list(Stage)), max_size=30))
def test_random_walks_stay_on_the_graph(rtype: RequestType, targets: list[Stage]) -> None:
    progress = RequestProgress(rtype)
    visited = [progress.stage]
    for target in targets:
        try:
            progress = progress.to(target, reason="دلیل")
        except InvalidTransition:
            continue
        visited.append(progress.stage)
    forward = [s for s in visited if s not in (S.AWAITING_DOCUMENTS, S.REJECTED)]
    # forward stages only ever appear in chain order, each step +0 (resume) or +1
    chain = CHAINS[rtype]
    positions = [chain.index(s) for s in forward]
    assert all(b - a in (0, 1) for a, b in itertools.pairwise(positions))
    if progress.stage is S.CLOSED:
        assert sorted(set(positions)) == list(range(len(chain)))
    if S.REJECTED in visited:
        assert visited[-1] is S.REJECTED and visited.count(S.REJECTED) == 1


# --------------------------------------------------------------------------------------------
# Documents, preconditions, fees


def test_missing_documents_connection() -> None:
    missing = missing_documents(T.NEW_WATER, set(), in_village=False)
    titles = [req.title for req in missing]
    assert len(missing) == 4 and not any(req.village_only for req in missing)
    assert "سند مالکیت یا پروانه ساختمان یا مبایعه‌نامه" in titles
    full = {D.BIRTH_CERTIFICATE, D.NATIONAL_ID_CARD, D.SALE_AGREEMENT, D.REQUEST_FORM}
    assert missing_documents(T.NEW_WATER, full, in_village=False) == []
    for alt in (D.PROPERTY_DEED, D.BUILDING_PERMIT):
        docs = (full - {D.SALE_AGREEMENT}) | {alt}
        assert missing_documents(T.NEW_WATER, docs, in_village=False) == []
    in_village = missing_documents(T.NEW_WATER, full, in_village=True)
    assert [r.alternatives for r in in_village] == [frozenset({D.VILLAGE_COUNCIL_LETTER})]
    assert missing_documents(T.NEW_SEWER, full | {D.VILLAGE_COUNCIL_LETTER}, True) == []


def test_missing_documents_after_sales() -> None:
    base = {D.REQUEST_FORM, D.NATIONAL_ID_CARD, D.LATEST_PAID_BILL}
    assert missing_documents(T.METER_TEST, base) == []
    assert [r.alternatives for r in missing_documents(T.METER_TEST, {D.REQUEST_FORM})] == [
        frozenset({D.NATIONAL_ID_CARD}),
        frozenset({D.LATEST_PAID_BILL}),
    ]
    (name_change,) = missing_documents(T.CHANGE_SUBSCRIBER_DETAILS, base | {D.BUILDING_PERMIT})
    assert name_change.alternatives == {D.PROPERTY_DEED, D.SALE_AGREEMENT}
    assert missing_documents(T.OWNERSHIP_INQUIRY, {D.OTHER}) != []


def test_preconditions() -> None:
    assert check_preconditions(T.NEW_WATER, has_water_connection=False) == []
    assert check_preconditions(T.NEW_SEWER, has_water_connection=False) == [
        Precondition.WATER_CONNECTION_REQUIRED
    ]
    assert check_preconditions(T.NEW_SEWER, has_water_connection=True) == []
    assert check_preconditions(T.METER_TEST, has_water_connection=False) == [
        Precondition.WATER_CONNECTION_REQUIRED
    ]
    name = T.CHANGE_SUBSCRIBER_DETAILS
    assert check_preconditions(name, True, is_name_change=True) == [
        Precondition.METER_TEST_REQUIRED
    ]
    assert check_preconditions(name, True, is_name_change=True, meter_test_done=True) == []
    assert check_preconditions(name, True, is_name_change=False) == []
    assert all(is_persian(p.title) for p in Precondition)


def test_fees() -> None:
    cfg = FeeConfig.from_mapping(DEFAULT_FEE_MAPPING)
    quote = quote_fees(T.METER_TEST, cfg)
    assert (quote.service_fee_rials, quote.counter_fee_rials, quote.total_rials) == (
        400_000,
        150_000,
        550_000,
    )
    custom = FeeConfig.from_mapping({"counter_fee_rials": 10_000, "fees": {"meter_test": 5}})
    assert quote_fees(T.METER_TEST, custom).total_rials == 10_005
    assert quote_fees(T.NEW_WATER, custom).total_rials == 10_000
    for bad in (
        {"fees": {"teleport": 1}},
        {"fees": {"METER_TEST": 1.5}},
        {"counter_fee_rials": -1},
    ):
        with pytest.raises(ValueError):
            FeeConfig.from_mapping(bad)


# --------------------------------------------------------------------------------------------
# Tracking code


def test_tracking_code_shape() -> None:
    code = make_tracking_code(12, 345)
    assert code == "00120000345" + str(mod11_check_digit("00120000345"))
    assert len(code) == 12
    assert parse_tracking_code(code) == code
    assert (
        parse_tracking_code(" " + code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))) == code
    )
    for branch, serial in ((0, 1), (10_000, 1), (1, 0), (1, 10_000_000)):
        with pytest.raises(InvalidId):
            make_tracking_code(branch, serial)
    zeros = "00000000000" + str(mod11_check_digit("00000000000"))
    for bad in ("", code[:-1], code + "0", zeros, code[:-1] + str((int(code[-1]) + 1) % 10)):
        with pytest.raises(InvalidId) as info:
            parse_tracking_code(bad)
        assert info.value.field == "tracking_code"


@given(st.integers(1, 9999), st.integers(1, 9_999_999), st.integers(0, 10), st.integers(1, 9))
def test_tracking_code_round_trip(branch: int, serial: int, pos: int, delta: int) -> None:
    code = make_tracking_code(branch, serial)
    assert parse_tracking_code(code) == code
    assert int(code[:4]) == branch and int(code[4:11]) == serial
    # a changed check digit is always caught
    wrong = code[:-1] + str((int(code[-1]) + delta) % 10)
    with pytest.raises(InvalidId):
        parse_tracking_code(wrong)


@given(st.text(max_size=40))
def test_tracking_code_only_invalid_id(text: str) -> None:
    try:
        code = parse_tracking_code(text)
    except InvalidId:
        return
    assert len(code) == 12 and code.isascii() and code.isdigit()
