"""Persian text: digit sets, search keys and display helpers (DOMAIN.md §5).

One shared normaliser serves every numeric field, the barcode detector and the name search.
"""

from __future__ import annotations

import re
import unicodedata

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"

#: Persian thousands separator (ARABIC THOUSANDS SEPARATOR, U+066C).
THOUSANDS_SEPARATOR = "٬"
#: LEFT-TO-RIGHT MARK, used to keep a minus sign on the left of a number in RTL text.
LRM = "\u200e"

_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, ASCII_DIGITS * 2)
_TO_PERSIAN = str.maketrans(ASCII_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)

# Letters folded for search (DOMAIN.md §5; alef wasla «ٱ» is folded too).
_LETTER_FOLD = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
    }
)

# Invisible format characters: ZWNJ/ZWJ, LRM/RLM, embeddings/overrides, isolates, ALM, BOM.
_INVISIBLE = "\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff"
# Diacritics U+064B–U+065F, superscript alef U+0670, tatweel, and the invisible characters.
_DROP = re.compile(f"[\u064b-\u065f\u0670\u0640{_INVISIBLE}]")
_SPACES = re.compile(r"\s+")

# Characters removed from numeric input: whitespace, invisible marks, dashes and the
# thousands separators «٬» (U+066C), «,» and the Persian comma «،» (the comma key on a
# Persian keyboard). Decimal marks «. ٫ /» are NOT removed: in a whole-number field they
# signal a mistake, and silently dropping them would turn «۱۲٫۵» into 125.
_NUMBER_NOISE = re.compile(f"[\\s{_INVISIBLE}\\-‐‑‒–—−٬,،]")
_LAYOUT_NOISE = re.compile(f"[\\s{_INVISIBLE}]")
_GROUP_SEPARATORS = "٬,،"


def _strip_format(text: str) -> str:
    """Remove every invisible format character (Unicode category Cf: ZWNJ, ZWSP, soft hyphen,
    word joiner, direction marks, BOM, ...): a pasted or scanned value often carries them."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def to_ascii_digits(text: str) -> str:
    """Replace Persian and Arabic-Indic digits with ASCII digits; everything else is kept."""
    return text.translate(_TO_ASCII)


def to_persian_digits(text: str | int) -> str:
    """Replace ASCII and Arabic-Indic digits with Persian digits."""
    return str(text).translate(_TO_PERSIAN)


def normalize_digits(text: str) -> str:
    """ASCII digits, with whitespace, ZWNJ/ZWJ and direction marks removed.

    Punctuation (dashes, separators, slashes, dots) is kept: callers decide what it means.
    Only ASCII, Persian and Arabic-Indic digits are converted; other digit sets (full-width,
    Devanagari, …) are left as they are so that validators reject them.
    """
    return _LAYOUT_NOISE.sub("", _strip_format(to_ascii_digits(text)))


def clean_number_input(text: str) -> str:
    """Normalise a typed or scanned number: ASCII digits, no spaces, marks, dashes or ``٬ , ،``.

    The result may still contain other characters (letters, «.», «/», full-width digits);
    identifier parsers reject anything that is not ``[0-9]`` afterwards.
    """
    return _NUMBER_NOISE.sub("", _strip_format(to_ascii_digits(text)))


class _CharFold(dict[int, str | None]):
    """Per-character steps of the search key, composed and remembered code point by code point.

    After NFKC every step but the final space collapsing and case folding maps one character to
    at most one: drop diacritics, tatweel and invisible marks; fold letters (DOMAIN.md §5);
    every Unicode decimal digit (category Nd) to its ASCII digit; punctuation, symbols,
    controls, private-use, unassigned and surrogate code points (P*, S*, Cc, Co, Cn, Cs) to a
    space; every other format character and combining mark (Cf, Mn, Mc, Me) dropped, so what
    a search index tokenises equals what the key shows on every database. ``str.translate``
    looks each code point up in C; a code point is worked out in Python only the first time.
    """

    def __missing__(self, code: int) -> str | None:
        found = _fold_char(chr(code))
        self[code] = found
        return found


def _fold_char(ch: str) -> str | None:
    if _DROP.fullmatch(ch):
        return None
    ch = ch.translate(_LETTER_FOLD)
    if ch.isdecimal() and not ("0" <= ch <= "9"):
        ch = str(unicodedata.decimal(ch, 0))
    cat = unicodedata.category(ch)
    if cat in ("Cf", "Mn", "Mc", "Me"):
        return None
    return " " if cat[0] in "PSC" else ch


_SEARCH_FOLD = _CharFold()


def _search_key_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_SEARCH_FOLD)
    return _SPACES.sub(" ", text).strip().casefold()


def search_key(text: str) -> str:
    """The normalised form of ``text`` used for search: «علي» and «علی» share one key.

    DOMAIN.md §5: NFKC; ي ى ئ → ی; ك → ک; ة ۀ → ه; أ إ آ (and ٱ) → ا; ؤ → و; every decimal
    digit → ASCII; diacritics (U+064B–U+065F, U+0670), tatweel, ZWNJ/ZWJ and direction marks
    dropped; spaces collapsed. Beyond the spec: every other format character and combining mark
    is dropped too, punctuation, symbols and control characters become spaces, and Latin
    letters are case-folded. The pipeline is repeated until stable so the key is idempotent
    (case folding can produce text that NFKC changes again).
    """
    if not text:
        return ""
    key = _search_key_once(text)
    for _ in range(4):
        again = _search_key_once(key)
        if again == key:
            break
        key = again
    return key


def compact_key(text: str) -> str:
    """The search key without spaces, so «عبدالله» and «عبد الله» meet."""
    return search_key(text).replace(" ", "")


# --------------------------------------------------------------------------------------------
# Amounts


class AmountError(ValueError):
    """An amount typed by a clerk could not be read; ``str()`` is a Persian message."""


def format_rials(amount: int, *, persian_digits: bool = True) -> str:
    """``12345000`` → «۱۲٬۳۴۵٬۰۰۰».

    Negative amounts start with LRM, «-», LRM: the marks make the minus sign a left-to-right
    character next to the digits, so it stays on the left of the number inside right-to-left
    text (a bare «-» would be resolved right-to-left and drift to the right side).
    """
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("amount must be an int number of rials")
    grouped = f"{abs(amount):,}".replace(",", THOUSANDS_SEPARATOR)
    if persian_digits:
        grouped = to_persian_digits(grouped)
    return f"{LRM}-{LRM}{grouped}" if amount < 0 else grouped


_MINUS_SIGNS = "-−‐‑–"
_AMOUNT_RE = re.compile(r"[0-9]+")


def parse_amount(text: str) -> int:
    """Read a whole number of rials typed in any of ASCII, Persian or Arabic-Indic digits.

    Accepts spaces, direction marks, a leading minus sign and the thousands separators
    «٬ , ،»; when separators are used they must group digits by three («۱٬۲۵۰٬۰۰۰»).
    Anything else (decimal marks, letters, other digit sets) raises :class:`AmountError`.
    """
    if not isinstance(text, str):
        raise AmountError("مبلغ باید به صورت متن وارد شود")
    cleaned = _LAYOUT_NOISE.sub("", to_ascii_digits(text))
    if not cleaned:
        raise AmountError("مبلغ وارد نشده است")
    negative = cleaned[0] in _MINUS_SIGNS
    if negative:
        cleaned = cleaned[1:]
    if any(sep in cleaned for sep in "٫./"):
        raise AmountError("مبلغ باید عدد صحیح به ریال باشد، بدون ممیز")
    groups = re.split(f"[{_GROUP_SEPARATORS}]", cleaned)
    if not all(_AMOUNT_RE.fullmatch(g) for g in groups):
        raise AmountError("مبلغ فقط می‌تواند شامل رقم و جداکننده هزارگان باشد")
    if len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        raise AmountError("جداکننده هزارگان در جای درست نیست")
    value = int("".join(groups))
    return -value if negative else value


# --------------------------------------------------------------------------------------------
# Number words

_ONES = ("صفر", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه")
_TEENS = (
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
)
_TENS = ("", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود")
_HUNDREDS = (
    "",
    "صد",
    "دویست",
    "سیصد",
    "چهارصد",
    "پانصد",
    "ششصد",
    "هفتصد",
    "هشتصد",
    "نهصد",
)
# Short scale as used in Iran: میلیارد = 10⁹, تریلیون = 10¹².
_SCALES = ("", "هزار", "میلیون", "میلیارد", "تریلیون", "کوادریلیون", "کوینتیلیون")
_AND = " و "
#: Largest magnitude :func:`amount_in_words` can spell.
MAX_WORDS_VALUE = 10 ** (3 * len(_SCALES)) - 1


def _below_thousand(n: int) -> str:
    parts: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        parts.append(_HUNDREDS[hundreds])
    if 10 <= rest < 20:
        parts.append(_TEENS[rest - 10])
    else:
        tens, ones = divmod(rest, 10)
        if tens:
            parts.append(_TENS[tens])
        if ones:
            parts.append(_ONES[ones])
    return _AND.join(parts)


def amount_in_words(n: int) -> str:
    """Persian words for an integer: ``1250000`` → «یک میلیون و دویست و پنجاه هزار».

    ``0`` → «صفر»; negatives start with «منفی». Scale words always take a count
    («یک هزار», «یک میلیون»), as on cheques and receipts; «صد» is itself a number word.
    Spells magnitudes up to :data:`MAX_WORDS_VALUE` (below 10²¹); larger raises ValueError.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("n must be an int")
    if n == 0:
        return _ONES[0]
    if n < 0:
        return "منفی " + amount_in_words(-n)
    if n > MAX_WORDS_VALUE:
        raise ValueError("عدد برای نوشتن به حروف بیش از حد بزرگ است")
    parts: list[str] = []
    scale = 0
    while n:
        n, chunk = divmod(n, 1000)
        if chunk:
            words = _below_thousand(chunk)
            parts.append(f"{words} {_SCALES[scale]}" if scale else words)
        scale += 1
    return _AND.join(reversed(parts))
