"""National code, legal ID, mobile, postal code (DOMAIN.md §2)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pishkhan.domain.ids import (
    InvalidId,
    is_valid_legal_id,
    is_valid_mobile,
    is_valid_national_code,
    is_valid_postal_code,
    parse_legal_id,
    parse_mobile,
    parse_national_code,
    parse_postal_code,
)


def ref_national_ok(code: str) -> bool:
    """Checksum only (DOMAIN.md §2), independent of the code under test."""
    s = sum(int(code[i - 1]) * (11 - i) for i in range(1, 10))
    r = s % 11
    return int(code[9]) == (r if r < 2 else 11 - r)


# --------------------------------------------------------------------------------------------
# National code


@pytest.mark.parametrize("code", ["0499370899", "0790419904", "0067749828"])
def test_national_valid_vectors(code: str) -> None:
    assert parse_national_code(code) == code
    assert is_valid_national_code(code)


@pytest.mark.parametrize("code", ["0684159415", "0000000000"])
def test_national_invalid_vectors(code: str) -> None:
    with pytest.raises(InvalidId) as info:
        parse_national_code(code)
    assert info.value.field == "national_code"


def test_national_padding_and_digit_sets() -> None:
    assert parse_national_code("67749828") == "0067749828"
    assert parse_national_code("499370899") == "0499370899"
    assert parse_national_code("۰۴۹۹ ۳۷۰ ۸۹۹") == "0499370899"
    assert parse_national_code("٠٤٩٩٣٧٠٨٩٩") == "0499370899"
    assert parse_national_code("049-937089-9") == "0499370899"
    for bad in ("7749828", "00499370899", "04993708٩x", "０４９９３７０８９９"):
        with pytest.raises(InvalidId):
            parse_national_code(bad)


@pytest.mark.parametrize("digit", "0123456789")
def test_repeated_digit_codes_pass_checksum_but_are_rejected(digit: str) -> None:
    code = digit * 10
    assert ref_national_ok(code)  # why the explicit rule is needed
    with pytest.raises(InvalidId, match="یکسان"):
        parse_national_code(code)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_national_generated(body: str) -> None:
    r = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
    code = body + str(r if r < 2 else 11 - r)
    if len(set(code)) == 1:
        assert not is_valid_national_code(code)
    else:
        assert parse_national_code(code) == code
    for i in range(10):
        for d in "0123456789":
            changed = code[:i] + d + code[i + 1 :]
            ok = ref_national_ok(changed) and len(set(changed)) > 1
            assert is_valid_national_code(changed) == ok


# --------------------------------------------------------------------------------------------
# Legal entity ID


def test_legal_id() -> None:
    assert parse_legal_id("10380284790") == "10380284790"
    assert parse_legal_id("۱۰۳۸۰۲۸۴۷۹۰") == "10380284790"
    assert not is_valid_legal_id("10380284791")
    for bad in ("1038028479", "103802847900", "1038028479a"):
        with pytest.raises(InvalidId) as info:
            parse_legal_id(bad)
        assert info.value.field == "legal_id"


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_legal_id_generated(body: str) -> None:
    weights = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)
    k = int(body[9]) + 2
    r = sum((int(d) + k) * w for d, w in zip(body, weights, strict=True)) % 11
    code = body + str(0 if r == 10 else r)
    assert parse_legal_id(code) == code
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert not is_valid_legal_id(wrong)


# --------------------------------------------------------------------------------------------
# Mobile


@pytest.mark.parametrize(
    "text",
    [
        "09121234567",
        "9121234567",
        "+989121234567",
        "00989121234567",
        "989121234567",
        "۰۹۱۲ ۱۲۳ ۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
        "0912-123-4567",
        "+98 912 123 4567",
        " \u200e09121234567\u200f ",
    ],
)
def test_mobile_forms(text: str) -> None:
    assert parse_mobile(text) == "09121234567"


@pytest.mark.parametrize(
    "text",
    [
        "08121234567",
        "0912123456",
        "091212345678",
        "+9809121234567",
        "+1 9121234567",
        "0912(123)4567",
        "",
        "۰۹۱۲۱۲۳۴۵۶x",
        "０９１２１２３４５６７",
    ],
)
def test_mobile_rejected(text: str) -> None:
    with pytest.raises(InvalidId) as info:
        parse_mobile(text)
    assert info.value.field == "mobile"


@given(
    st.text(alphabet="0123456789", min_size=9, max_size=9),
    st.sampled_from(["+98", "0098", "98", "0", ""]),
)
def test_mobile_generated(rest: str, prefix: str) -> None:
    assert parse_mobile(prefix + "9" + rest) == "09" + rest
    assert not is_valid_mobile(prefix + "9" + rest[:-1])


# --------------------------------------------------------------------------------------------
# Postal code

POSTAL_RULE = re.compile(r"^(?!(\d)\1{3})[13-9]{5}\d{5}$")


def test_postal_code() -> None:
    assert parse_postal_code("1357924680") == "1357924680"
    assert parse_postal_code("13579-24680") == "1357924680"
    assert parse_postal_code("۱۳۵۷۹-۲۴۶۸۰") == "1357924680"
    assert parse_postal_code("1113567890") == "1113567890"
    for bad in (
        "1111567890",
        "1235724680",
        "0357924680",
        "135792468",
        "13579246801",
        "12345-67890",
    ):
        with pytest.raises(InvalidId) as info:
            parse_postal_code(bad)
        assert info.value.field == "postal_code"


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_postal_matches_lenient_rule(code: str) -> None:
    assert is_valid_postal_code(code) == bool(POSTAL_RULE.match(code))


# --------------------------------------------------------------------------------------------
# Robustness


@settings(max_examples=300)
@given(st.text(max_size=80))
def test_only_invalid_id_raised(text: str) -> None:
    for parser in (parse_national_code, parse_legal_id, parse_mobile, parse_postal_code):
        try:
            result = parser(text)
        except InvalidId as exc:
            assert exc.field
            assert any("\u0600" <= ch <= "\u06ff" for ch in str(exc))
        else:
            assert result.isascii() and result.isdigit()


def test_non_string_input() -> None:
    for parser in (parse_national_code, parse_legal_id, parse_mobile, parse_postal_code):
        for value in (None, 499370899, ["0499370899"]):
            with pytest.raises(InvalidId):
                parser(value)  # type: ignore[arg-type]
