"""Persian text helpers (DOMAIN.md §5)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pishkhan.domain.persian import (
    LRM,
    AmountError,
    amount_in_words,
    clean_number_input,
    compact_key,
    format_rials,
    normalize_digits,
    parse_amount,
    search_key,
    to_ascii_digits,
    to_persian_digits,
)

persianish = st.text(
    alphabet=st.sampled_from(
        [
            *"ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةۀأإآؤئءٱ ۰۱۲٣٤0123456789\u064e\u0651\u0640",
            *("\u200c", "\u200d", "\u200e", "\u200f", "\u2067", "\u2069", "-", "،", "A", "b"),
        ]
    ),
    max_size=30,
)


# --------------------------------------------------------------------------------------------
# Digits


def test_digit_conversion() -> None:
    assert to_ascii_digits("۱۲۳٤٥٦ abc") == "123456 abc"
    assert to_persian_digits("12٣") == "۱۲۳"
    assert to_persian_digits(405) == "۴۰۵"


def test_clean_number_input() -> None:
    assert clean_number_input(" ۱۲٬۳۴۵,۶۷۸ ") == "12345678"
    assert clean_number_input("0912-123\u200c4567\u200e") == "09121234567"
    assert clean_number_input("13579 – 24680") == "1357924680"
    # decimal marks and foreign digits survive, so validators can reject them
    assert clean_number_input("۱۲٫۵") == "12٫5"
    assert clean_number_input("12.5/3") == "12.5/3"
    assert clean_number_input("１２") == "１２"


def test_normalize_digits() -> None:
    assert normalize_digits(" ۱۴۰۵/۰۹/۰۴ \u200e") == "1405/09/04"
    assert normalize_digits("۱۲٬۳۴۵") == "12٬345"


# --------------------------------------------------------------------------------------------
# Search keys


def test_search_key_spec_examples() -> None:
    assert search_key("علي") == search_key("علی")
    assert search_key("كريم") == search_key("کریم")
    assert search_key("فاطمة") == search_key("فاطمه")
    assert search_key("خانۀ") == search_key("خانه")
    assert search_key("أحمد") == search_key("احمد") == search_key("إحمد")
    assert search_key("آب") == search_key("اب")
    assert search_key("مؤمن") == search_key("مومن")
    assert search_key("رئیس") == search_key("رییس")
    assert search_key("مُحَمَّد") == "محمد"
    assert search_key("مـــحمد") == "محمد"
    assert search_key("می\u200cروم") == "میروم"
    assert search_key("  علی   رضا \n") == "علی رضا"
    assert search_key("پلاک ۱۲") == search_key("پلاک 12") == "پلاک 12"
    assert search_key("ﻋﻠﻲ") == "علی"  # presentation forms via NFKC
    assert search_key("") == ""


def test_compact_key() -> None:
    assert compact_key("عبد الله") == compact_key("عبدالله")
    assert compact_key("عبد\u200cالله") == compact_key("عبدالله")
    assert compact_key("علی رضا") == "علیرضا"


@given(persianish)
def test_search_key_idempotent(text: str) -> None:
    key = search_key(text)
    assert search_key(key) == key
    assert compact_key(key) == compact_key(text)


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_search_key_idempotent_any_unicode(text: str) -> None:
    key = search_key(text)
    assert search_key(key) == key
    assert "\u200c" not in key and "  " not in key and key == key.strip()


@given(persianish)
def test_search_key_digit_set_invariant(text: str) -> None:
    ascii_text = to_ascii_digits(text)
    assert search_key(ascii_text) == search_key(to_persian_digits(ascii_text))
    arabic = ascii_text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert search_key(arabic) == search_key(ascii_text)


@given(persianish)
def test_search_key_folds_arabic_yeh_and_kaf(text: str) -> None:
    arabic = text.replace("ی", "ي").replace("ک", "ك")
    assert search_key(arabic) == search_key(text)
    assert "ي" not in search_key(text) and "ك" not in search_key(text)


@given(persianish, st.integers(0, 30))
def test_zwnj_dropped(text: str, position: int) -> None:
    i = min(position, len(text))
    assert search_key(text[:i] + "\u200c" + text[i:]) == search_key(text)


# --------------------------------------------------------------------------------------------
# Amounts


def test_format_rials() -> None:
    assert format_rials(12_345_000) == "۱۲٬۳۴۵٬۰۰۰"
    assert format_rials(0) == "۰"
    assert format_rials(999) == "۹۹۹"
    assert format_rials(1000) == "۱٬۰۰۰"
    assert format_rials(1000, persian_digits=False) == "1٬000"
    assert format_rials(-5000) == f"{LRM}-{LRM}۵٬۰۰۰"
    with pytest.raises(TypeError):
        format_rials(12.5)  # type: ignore[arg-type]


@given(st.integers(-(10**18), 10**18))
def test_format_parse_round_trip(n: int) -> None:
    text = format_rials(n)
    assert parse_amount(text) == n
    assert parse_amount(format_rials(n, persian_digits=False)) == n
    assert not any(ch.isascii() and ch.isdigit() for ch in text)


def test_parse_amount() -> None:
    assert parse_amount("۱۲٬۳۴۵٬۰۰۰") == 12_345_000
    assert parse_amount("12,345,000") == 12_345_000
    assert parse_amount("١٢٬٣٤٥") == 12_345
    assert parse_amount(" 1 250 000 ") == 1_250_000
    assert parse_amount("-۵۰۰") == -500
    assert parse_amount("0") == 0
    for bad in ("", "abc", "12.5", "۱۲٫۵", "1/2", "1,23", "12,3456", ",123", "--5", "１２", "5-"):
        with pytest.raises(AmountError) as info:
            parse_amount(bad)
        assert isinstance(info.value, ValueError)
        assert any("\u0600" <= ch <= "\u06ff" for ch in str(info.value))


@settings(max_examples=300)
@given(st.text(max_size=30))
def test_parse_amount_only_amount_error(text: str) -> None:
    try:
        value = parse_amount(text)
    except AmountError:
        return
    assert isinstance(value, int)


# --------------------------------------------------------------------------------------------
# Number words

WORD_CASES = {
    0: "صفر",
    1: "یک",
    10: "ده",
    11: "یازده",
    19: "نوزده",
    20: "بیست",
    21: "بیست و یک",
    99: "نود و نه",
    100: "صد",
    101: "صد و یک",
    110: "صد و ده",
    250: "دویست و پنجاه",
    999: "نهصد و نود و نه",
    1000: "یک هزار",
    1001: "یک هزار و یک",
    12_000: "دوازده هزار",
    1_250_000: "یک میلیون و دویست و پنجاه هزار",
    2_000_300: "دو میلیون و سیصد",
    10**9: "یک میلیارد",
    10**12: "یک تریلیون",
    10**15: "یک کوادریلیون",
    -5: "منفی پنج",
}


@pytest.mark.parametrize(("n", "words"), WORD_CASES.items())
def test_amount_in_words(n: int, words: str) -> None:
    assert amount_in_words(n) == words


def words_to_number(words: str) -> int:
    """Reference reader of the words, for the round-trip property."""
    small = {
        w: v
        for v, w in enumerate(["صفر", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"])
    }
    small |= dict(
        zip(
            [
                "ده",
                "یازده",
                "دوازده",
                "سیزده",
                "چهارده",
                "پانزده",
                "شانزده",
                "هفده",
                "هجده",
                "نوزده",
            ],
            range(10, 20),
            strict=True,
        )
    )
    small |= dict(
        zip(
            ["بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"],
            range(20, 100, 10),
            strict=True,
        )
    )
    small |= dict(
        zip(
            ["صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد"],
            range(100, 1000, 100),
            strict=True,
        )
    )
    scales = {"هزار": 10**3, "میلیون": 10**6, "میلیارد": 10**9, "تریلیون": 10**12}
    scales |= {"کوادریلیون": 10**15, "کوینتیلیون": 10**18}
    sign = 1
    if words.startswith("منفی "):
        sign, words = -1, words[len("منفی ") :]
    total = chunk = 0
    for part in words.split(" و "):
        tokens = part.split(" ")
        chunk += small[tokens[0]]
        if len(tokens) == 2:  # a scale word closes the three-digit group
            total += chunk * scales[tokens[1]]
            chunk = 0
    return sign * (total + chunk)


@given(st.integers(-(10**21) + 1, 10**21 - 1))
def test_amount_in_words_round_trip(n: int) -> None:
    words = amount_in_words(n)
    assert words_to_number(words) == n
    assert not any(ch.isdigit() for ch in words)


def test_amount_in_words_limits() -> None:
    with pytest.raises(ValueError):
        amount_in_words(10**21)
    with pytest.raises(TypeError):
        amount_in_words(1.5)  # type: ignore[arg-type]


# Invisible characters that a paste or a scanner may carry: they must neither split a word nor
# survive into the key (FTS5 and PostgreSQL would otherwise tokenise the key differently).
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u200bعلی", "علی"),
        ("علی\u00adرضا", "علیرضا"),
        ("علی\u2060رضا", "علیرضا"),
        ("ر\u0300ضا", "رضا"),
        ("a\x00b", "a b"),
        ("محمد\ue000رضا", "محمد رضا"),
    ],
)
def test_search_key_drops_format_characters_and_marks(raw: str, expected: str) -> None:
    assert search_key(raw) == expected


@given(st.text())
def test_search_key_leaves_only_letters_digits_and_single_spaces(text: str) -> None:
    key = search_key(text)
    for ch in key:
        assert ch == " " or unicodedata.category(ch)[0] in "LN", repr(ch)
    assert "  " not in key and key == key.strip()


def _reference_key_once(text: str) -> str:
    """The search key's steps one after another over the whole text, as DOMAIN.md §5 lists
    them: what the fast per-code-point table must equal."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(
        "[\u064b-\u065f\u0670\u0640\u200c-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]", "", text
    )
    text = text.translate(str.maketrans("يىئكةۀأإآٱؤ", "یییکههاااا" + "و"))
    text = "".join(
        str(unicodedata.decimal(c, 0)) if c.isdecimal() and not "0" <= c <= "9" else c for c in text
    )
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat not in ("Cf", "Mn", "Mc", "Me"):
            kept.append(" " if cat[0] in "PSC" else ch)
    return re.sub(r"\s+", " ", "".join(kept)).strip().casefold()


def _reference_key(text: str) -> str:
    key = _reference_key_once(text) if text else ""
    for _ in range(4):
        again = _reference_key_once(key)
        if again == key:
            break
        key = again
    return key


_EVERY_KIND = st.characters(
    categories=("Lu", "Ll", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "No", "P", "S", "Zs", "Cc", "Cf")
)


@settings(max_examples=400)
@given(st.text(_EVERY_KIND, max_size=40) | st.text("يىئكةۀأإآٱؤ ۱٣x\u064e\u200c.", max_size=20))
def test_search_key_equals_the_steps_applied_one_by_one(text: str) -> None:
    assert search_key(text) == _reference_key(text)


def test_search_key_of_every_single_code_point_equals_the_steps() -> None:
    for code in range(0x30000):
        ch = chr(code)
        assert search_key(f"a{ch}b") == _reference_key(f"a{ch}b"), hex(code)
