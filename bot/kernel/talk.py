"""Talk that opens a message and says nothing by itself ("hi!", "ok", "i'm new here",
"처음 왔는데"): what follows it is the message."""

from __future__ import annotations

import re

# "hi! i'm new here, what can you do?" asks what the bot can do, "ㅇㅋ 고마워" thanks (both
# had been searched: the first got the fine-tuning section, the second "not in the course
# material"); "저 이번에 처음 들어왔는데 이 강의 뭐 배우는 거예요?" asks what the lesson teaches
# (its "처음" had found training "처음부터", from scratch).
_OPENING = re.compile(
    r"^(hi|hello|hey|hiya|yo|ok|okay|cool|great|thanks|thank you|thx|so|um+|uh+"
    r"|i'?m new( here| to this)?|new here|first time here"
    r"|안녕(하세요)?|하이|ㅎㅇ|ㅇㅋ|ㅇㅇ|오케이|네|넵|응|좋아(요)?|고마워(요)?|감사(합니다|해요)?"
    r"|(저 )?(이번에 )?처음 (왔|와서|왔는데|왔어요|들어왔는데|들어왔어요)"
    # Politeness before a question ("여쭤보기 조심스럽지만 Whisper는 어떤 용도로 소개되었나요?"
    # was refused, "바쁘신데 죄송하지만 LLM을 분류하는 기준이…" answered off the point).
    r"|혹시|실례지만|실례가 안 된다면|실례가 되지 않는다면|죄송하지만|죄송한데|죄송합니다만"
    r"|말씀 중에 죄송한데|바쁘시겠지만|바쁘신데|괜찮으시다면|여쭤보기 조심스럽지만"
    r"|조심스럽게 여쭤보는데|궁금한 게 있는데|궁금한 게 있어요|질문이 있는데|질문 있어요"
    r"|sorry to bother you|sorry|excuse me|if you don'?t mind|quick question|a quick question"
    r"|i have a question|can i ask (you )?(something|a question))"
    r"( there| studybot| bot| 스터디봇)?[\s!.,~^ㅎㅋ]+",
    re.I,
)


def without_opening(text: str) -> str:
    """`text` without the talk it opens with, or `text` itself when nothing follows the talk
    ("hi!" alone is a greeting, not an empty question)."""
    rest = text
    while (opening := _OPENING.match(rest)) is not None and opening.end() < len(rest):
        rest = rest[opening.end() :]
    return rest
