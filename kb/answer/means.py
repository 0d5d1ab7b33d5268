"""Questions asking the means of doing something — where or how to apply, sign up or collect (去哪儿办？
找哪个窗口？ 咋申请？ 要交哪些材料？): only a sentence stating such a means (申请, 报名, 窗口, 材料) answers them; a
sentence naming the thing (配建公租房, 开展电商培训) or the department leading its measure does not."""

from __future__ import annotations

import re

from kb.answer.lexicon import config
from kb.answer.sentences import Scored

MEANS_RE = re.compile(config()["means"]["asks"])
BENEFITS = config()["asked_benefits"]["kinds"]
BENEFIT_RE = re.compile(config()["asked_benefits"]["asks"].format(kinds="|".join(map(re.escape, BENEFITS))))


def asks_means(text: str) -> bool:
    """The question asks where or how to do something (frames.yaml means.asks)."""
    return MEANS_RE.search(text) is not None


def stating_means(text: str, good: list[Scored]) -> list[Scored]:
    """The sentences that answer the question: all of them, unless it asks a means (then those stating one) or
    which benefit of a kind (有啥奖励？ then those naming that kind of benefit)."""
    if asks_means(text):
        good = [x for x in good if any(w in x.sentence.text for w in config()["means"]["states"])]
    for m in BENEFIT_RE.finditer(text):
        good = [x for x in good if any(w in x.sentence.text for w in BENEFITS[m.group(1)])]
    return good
