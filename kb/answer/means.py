"""Questions asking the means of doing something — where or how to apply, sign up or collect (去哪儿办？
找哪个窗口？ 咋申请？ 要交哪些材料？): only a sentence stating such a means (申请, 报名, 窗口, 材料) answers them; a
sentence naming the thing (配建公租房, 开展电商培训) or the department leading its measure does not."""

from __future__ import annotations

import re

from kb.answer.lexicon import config
from kb.answer.sentences import Scored

MEANS_RE = re.compile(config()["means"]["asks"])


def asks_means(text: str) -> bool:
    """The question asks where or how to do something (frames.yaml means.asks)."""
    return MEANS_RE.search(text) is not None


def stating_means(text: str, good: list[Scored]) -> list[Scored]:
    """The sentences that answer the question: all of them, unless it asks a means; then those stating one."""
    if not asks_means(text):
        return good
    return [x for x in good if any(w in x.sentence.text for w in config()["means"]["states"])]
