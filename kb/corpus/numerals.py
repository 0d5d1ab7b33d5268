"""Chinese numerals as used in clause numbering (一 … 九十九) and in quantities (一年, 半年)."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUMERAL_CHARS = "".join(DIGITS) + "十"


def cn_to_int(text: str) -> int:
    """Convert 一 … 九十九 to an int. Raises ValueError on anything else."""
    if not text or any(ch not in DIGITS and ch != "十" for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if "十" not in text:
        if len(text) != 1:
            raise ValueError(f"not a Chinese numeral: {text!r}")
        return DIGITS[text]
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        raise ValueError(f"not a Chinese numeral: {text!r}")
    return (DIGITS[tens] if tens else 1) * 10 + (DIGITS[ones] if ones else 0)


def int_to_cn(number: int) -> str:
    """Convert 1 … 99 to 一 … 九十九."""
    if not 0 < number < 100:
        raise ValueError(f"out of range: {number}")
    names = "零一二三四五六七八九"
    tens, ones = divmod(number, 10)
    if tens == 0:
        return names[ones]
    return (names[tens] if tens > 1 else "") + "十" + (names[ones] if ones else "")
