"""Chinese numerals as used in clause numbering (一 … 九十九) and in quantities (一年, 半年)."""

from __future__ import annotations

from kb.corpus.data import corpus_data

_NUMERALS = corpus_data()["numerals"]
DIGITS: dict[str, int] = dict(_NUMERALS["digits"])
TEN: str = _NUMERALS["ten"]
NAMES: str = _NUMERALS["names"]  # the digit characters for 0 … 9, in order
NUMERAL_CHARS = "".join(DIGITS) + TEN


def cn_to_int(text: str) -> int:
    """Convert 一 … 九十九 to an int. Raises ValueError on anything else."""
    if not text or any(ch not in DIGITS and ch != TEN for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if TEN not in text:
        if len(text) != 1:
            raise ValueError(f"not a Chinese numeral: {text!r}")
        return DIGITS[text]
    tens, _, ones = text.partition(TEN)
    if len(tens) > 1 or len(ones) > 1 or TEN in ones:
        raise ValueError(f"not a Chinese numeral: {text!r}")
    return (DIGITS[tens] if tens else 1) * 10 + (DIGITS[ones] if ones else 0)


def int_to_cn(number: int) -> str:
    """Convert 1 … 99 to 一 … 九十九."""
    if not 0 < number < 100:
        raise ValueError(f"out of range: {number}")
    tens, ones = divmod(number, 10)
    if tens == 0:
        return NAMES[ones]
    return (NAMES[tens] if tens > 1 else "") + TEN + (NAMES[ones] if ones else "")
