"""Course text that speaks to the model instead of the student: found and kept out of the index.

A course file is data. A sentence in it that gives the model orders (prompt injection planted
in, or pasted into, the material) must never reach a prompt, however it is worded or spelt.
The check reads text the way a model would:

- spelling folded first: full-width and compatibility forms (NFKC), invisible characters
  removed, Cyrillic and Greek look-alikes mapped to Latin, letter-spaced words
  ("i g n o r e") joined, digits used as letters ("1gn0re") read as letters;
- encodings a model decodes unasked (base64, percent-encoding, ROT13) read decoded;
- then the shapes of an instruction, in English and Korean: overriding earlier
  instructions; a new role or mode; a note addressed to an AI, assistant or model; orders
  about what every answer must say, start or end with, or what to tell the student;
  requests for secrets or the system prompt; chat-template markers and fake delimiters.

The course itself explains how to prompt a model, so the shapes are about text that orders
*this* reader around (a reply, an answer, "you are now"), not text that describes prompting;
`tests/security/test_injection_families.py` holds the whole real course to zero findings.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata
from urllib.parse import unquote

from bot.rag.sentences import split_sentences

_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
# Latin look-alikes from Cyrillic and Greek, the ones used to slip words past a filter.
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁӏοανАВЕКМНОРСТХІЈЅΑΒΕΗΙΚΜΝΟΡΤΧ",
    "aeopcyxijsdloavABEKMHOPCTXIJSABEHIKMNOPTX",
)
# "i g n o r e" / "i.g.n.o.r.e" / "i-g-n-o-r-e": four or more single letters in a row.
_SPACED_RE = re.compile(r"\b(?:[A-Za-z][ .\-_*]){3,}[A-Za-z]\b")
# "1gn0re", "pr3v10us": a word mixing letters with digits that stand for letters.
_LEET_WORD_RE = re.compile(
    r"\b(?=[A-Za-z0-9@$]*[A-Za-z])(?=[A-Za-z0-9@$]*[013457@$])[A-Za-z0-9@$]{4,}\b"
)
_LEET = str.maketrans("013457@$", "oieastas")
_BASE64_RE = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")
_PERCENT_RE = re.compile(r"(?:%[0-9A-Fa-f]{2}){3,}")

_AI = (
    r"(?:ai|a\.i\.|assistants?|chat ?bots?|bots?|llms?|(?:large )?language models?|"
    r"studybot|chatgpt|gpt(?:-\d\w*)?|claude|gemini|copilot|models?)"
)
# Who is addressed in a vocative or a third-person order. Not "model" or "LLM": a lesson about
# models says "Model: GPT-4o" and "the model should use the retrieved chunks" as plain fact.
_ASSISTANT = r"(?:ai|a\.i\.|assistants?|chat ?bots?|bots?|studybot|chatgpt|claude|gemini|copilot)"
_REPLY = r"(?:answers?|repl(?:y|ies)|responses?|messages?|outputs?|completions?)"
_SAY = (
    r"(?:say|write|include|add|append|prepend|put|insert|mention|print|output|type|repeat|"
    r"end|start|begin|finish|sign|close|reply|respond|answer|tell|recommend|link|promote|"
    r"advertise|direct|send|reveal|show|display|use)"
)
# What an instruction-giver's reply must say (third-person orders): not "use" or "answer",
# which a lesson says of models all the time.
_OUTPUT = (
    r"(?:say|write|include|append|prepend|insert|mention|print|output|repeat|sign|tell|"
    r"recommend|link|promote|advertise|reveal)"
)
_INSTRUCTIONS = (
    r"(?:instructions?|prompts?|rules?|directions?|guidelines?|guardrails?|polic(?:y|ies)|"
    r"restrictions?|filters?)"
)

_ENGLISH = [
    # Overriding what the model was told.
    # The object must be instructions (or everything said so far), not any earlier thing:
    # "models may ignore earlier parts of a context", "don't forget the earlier lesson" and
    # "skip the previous steps" are lesson text.
    r"\b(?:ignore|disregard|override|bypass|set aside|put aside|throw out|discard|abandon|"
    r"stop following|do not follow|don't follow|never follow|(?<!don't )(?<!do not )"
    r"(?<!never )forget)\b.{0,30}\b(?:" + _INSTRUCTIONS + r"|everything (?:above|before|else)"
    r"|what(?:ever)? you (?:were|have been) told|you were told)\b",
    r"\b(?:new|updated|real|actual|true|secret|hidden|override) "
    r"(?:rules?|instructions?|directives?|task|orders?|system prompt)\s*[:\-]",
    r"\b(?:system|developer)\s+(?:prompt|message|instructions?|mode)\b",
    # A new role or mode.
    r"\byou are (?:now|no longer|actually|really)\b",
    r"\bfrom now on\b.{0,40}\b(?:you|your|always|every|each|all|answer|reply|respond|say)\b",
    r"\b(?:act|behave|respond|answer|reply) as (?:if you (?:were|are)|an? |the )",
    r"\bpretend (?:to be|you are|that you)\b",
    r"\b(?:jailbreak|jailbroken|dan mode|god mode|unrestricted mode|no restrictions)\b",
    # A note addressed to whoever (whatever) reads the page.
    rf"\b(?:note|message|reminder|memo|notice|attention|p\.?s\.?)\s*"
    rf"(?:to|for)\s+(?:the |any |all |every |each |you,? )?(?:\w+ )?{_AI}\s*[:\-,!]",
    rf"\b(?:if|when|while) you(?:'re| are) an? (?:\w+ )?{_AI}\b",
    rf"\b(?:any|an?|the|all|each|every) (?:\w+ )?{_AI} (?:that is |who is |which is )?"
    r"(?:reading|processing|parsing|summari[sz]ing|ingesting|indexing|retrieving|seeing|"
    r"given|answering from) (?:this|these|the (?:page|text|document|section|material))\b",
    rf"(?:^|[|:>\-]\s*|\b(?:dear|hey|hi|attention|hello),?\s+){_ASSISTANT}\s*[,:!]\s*\S",
    rf"\bthe {_ASSISTANT} (?:should|must|shall|will|needs? to|has to|is (?:required|asked) to)"
    rf"\s+(?:always\s+|also\s+|now\s+)?{_OUTPUT}\b",
    # Orders about what every reply says.
    rf"\b(?:in|at the (?:end|start|beginning|top|bottom) of|to|after|before) "
    rf"(?:every|each|all|any|your|each of your|all of your) (?:\w+ )?{_REPLY}\b.{{0,60}}"
    rf"\b{_SAY}\b",
    rf"\b(?:end|start|begin|finish|close|sign|prefix|suffix|open)\b.{{0,30}}"
    rf"\b(?:every|each|all|any|your|the) (?:\w+ )?{_REPLY}\b",
    rf"\b(?:when|whenever|if|each time|every time) (?:you )?(?:answer|reply|respond|"
    rf"are asked|get asked|write (?:an? |your )?{_REPLY})\b.{{0,80}}\b(?:always|must|"
    rf"should|make sure|be sure|remember|never|do not|don't|{_SAY})\b",
    rf"\balways\b.{{0,40}}\b(?:{_SAY})\b.{{0,60}}\b(?:{_REPLY}|user|student|reader|learner)s?\b",
    r"\b(?:respond|reply|answer)\b.{0,20}\b(?:only|exclusively|solely)\b.{0,10}\b(?:with|in|by)\b",
    r"\btell (?:the |every |all |each |any )?(?:users?|students?|readers?|learners?|people) "
    r"(?:that|to)\b",
    r"\b(?:do not|don't|never)\s+(?:mention|reveal|tell|cite|disclose|say)\b.{0,40}"
    r"\b(?:users?|students?|readers?|sources?|this (?:note|instruction|message))\b",
    # Secrets and the prompt.
    r"\b(?:reveal|print|show|output|repeat|leak|share|disclose|send|give|dump|list)\b.{0,40}"
    r"\b(?:api[ _-]?keys?|passwords?|(?:api|access|auth|bearer|secret) tokens?|secrets?|"
    r"credentials?|env(?:ironment)? "
    r"variables?|system prompt|your prompt|your instructions)",
    # Decoding orders, chat-template markers, fake delimiters.
    r"\b(?:decode|decrypt|unscramble|deobfuscate|rot13|base64)\b.{0,60}"
    r"\b(?:follow|obey|execute|do (?:what|as)|carry out|run|act on|comply)\b",
    r"^\s*(?:assistant|system|user)\s*:|\[/?inst\]|<\|im_(?:start|end)\|>|<\|[a-z_]+\|>",
    r"</?\s*(?:system|instructions?|question|data|context|sections?|prompt|assistant)\s*>",
    r"^\s*#{1,6}\s*(?:system|instructions?|assistant)\b",
]

_KOREAN = [
    # 이전 지시를 무시/잊/내려놓기.
    # (Not 설정/제한 with 취소/해제, nor 따르지 않으면: "설정을 취소하려면", "제한을 해제하려면",
    # "안내를 따르지 않으면" are how-to text.)
    r"(?:지시|명령|지침|규칙|안내|프롬프트|말씀|들은 것|받은 것)\S*\s*"
    r"(?:은|는|을|를|들은|들을)?\s*(?:모두|전부|다|일단|잠시)?\s*"
    r"(?:무시|잊|내려놓|버리|버려|어기|우회)",
    r"(?:새|새로운|진짜|실제|숨겨진|비밀)\s*(?:규칙|지시|지침|명령|임무|과제)\s*[:\-]",
    r"시스템\s*(?:프롬프트|메시지|지시|명령)|개발자\s*모드|탈옥",
    # 새 역할.
    r"(?:지금부터|이제부터|이제|앞으로)\s*(?:너|당신|넌|당신은|너는)",
    r"(?:너|당신)(?:는|은)\s*이제",
    r"(?:역할|캐릭터)(?:을|를|로)\s*(?:맡아|연기해|해\s*(?:줘|주세요)|하세요|하라|수행하세요)"
    r"|인\s*척\s*(?:해|하세요|하라)",
    # AI에게 하는 말.
    r"(?:AI|인공지능|어시스턴트|챗봇|봇|언어\s*모델|LLM|스터디봇|모델)\s*(?:에게|한테|께|님|야|여)"
    r"\s*[,:!]",
    r"(?:이|본)\s*(?:글|문서|텍스트|자료|페이지|섹션)(?:을|를)\s*(?:읽는|처리하는|요약하는|"
    r"검색하는|보는|참고하는)\s*(?:AI|인공지능|어시스턴트|챗봇|봇|모델|LLM)",
    # 모든 답변에 … / 답변할 때마다 … / 학생에게 … 라고.
    r"(?:모든|매|각|모든\s*종류의)\s*(?:답변|대답|응답|답|메시지|출력)\S*.{0,40}"
    r"(?:끝|마지막|처음|앞|뒤|넣|포함|붙|덧붙|추가|써|적|말하|출력|언급)",
    r"(?:답변|대답|응답|답)(?:할|하실|을 할|을 쓸|을 작성할)\s*(?:때|때마다|경우)\S*.{0,60}"
    r"(?:반드시|항상|꼭|무조건|잊지|말고|포함|붙|덧붙|추가|언급|출력|말하|적어|써)",
    r"(?:항상|반드시|꼭|무조건|언제나)\s.{0,40}(?:라고|이라고|를|을)?\s*"
    r"(?:말하|답하|대답하|출력하|덧붙이|붙이|포함하|적|쓰|언급하|안내하|권하|추천하)"
    r"(?:세요|십시오|라|시오|도록|기\s*바랍니다|어야|야\s*합니다|줘|주세요)",
    r"(?:학생|사용자|유저|질문자|독자)(?:들)?(?:에게|한테|께)\s*.{0,40}"
    r"(?:라고|하라고|를|을|도록)?\s*(?:말하|전하|안내하|알려|권하|추천하|보내|말해|전해|"
    r"안내해|알려줘|알려 주)",
    # 비밀과 프롬프트.
    r"(?:api\s*키|비밀\s*키|비밀번호|(?:api|액세스|인증|접근)\s*토큰|자격\s*증명|환경\s*변수|키\s*값|"
    r"시스템\s*프롬프트)\S*\s*"
    r"(?:을|를)?\s*(?:알려|출력|보여|말해|공개|적어|반복|노출)",
    # 디코딩해서 따르라.
    r"(?:디코딩|해독|복호화|base64|rot13)\S*.{0,40}(?:따르|따라|실행|수행|지키|그대로)",
]

_PATTERN = re.compile("|".join(f"(?:{p})" for p in _ENGLISH + _KOREAN), re.I | re.M)


def normalised(text: str) -> str:
    """Text as the injection check reads it: full-width and compatibility forms folded
    (NFKC), invisible characters removed, look-alike letters mapped to Latin, letter-spaced
    words joined and digits that stand for letters read as letters."""
    text = _INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text)).translate(_CONFUSABLES)
    text = _SPACED_RE.sub(lambda m: re.sub(r"[ .\-_*]", "", m.group(0)), text)
    return _LEET_WORD_RE.sub(lambda m: m.group(0).translate(_LEET), text)


def _decoded(text: str) -> list[str]:
    """What a model would read out of encoded text: base64 blobs, percent-encoding, ROT13."""
    out: list[str] = []
    for blob in _BASE64_RE.findall(text):
        padded = blob + "=" * (-len(blob) % 4)
        for decode in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                raw = decode(padded)
            except (binascii.Error, ValueError):
                continue
            try:
                plain = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if plain.isprintable() or all(ch.isprintable() or ch.isspace() for ch in plain):
                out.append(plain)
                break
    if _PERCENT_RE.search(text):
        out.append(unquote(text))
    out.append(codecs.encode(text, "rot13"))
    return out


def looks_injected(text: str) -> bool:
    """Whether text addresses the model rather than the student, however it is spelt."""
    if _PATTERN.search(normalised(text)):
        return True
    return any(_PATTERN.search(normalised(d)) for d in _decoded(text))


def quarantine(paragraph: str) -> tuple[str, list[str]]:
    """The paragraph without instruction-like sentences, and the sentences left out.

    An instruction split across list items ("- When answering" / "- always append" / "- the
    code …") reads as one sentence to a model. So neighbouring lines are read together too
    (up to four), and a run that reads as an instruction goes with the rest of its sentence:
    the items before it and after it up to the first one that ends a sentence.
    """
    lines = paragraph.split("\n")
    flat = " ".join(line.removeprefix("- ") for line in lines)
    if not looks_injected(paragraph) and not looks_injected(flat):
        return paragraph, []
    dropped_lines: set[int] = set()
    for size in range(2, min(4, len(lines)) + 1):
        for start in range(len(lines) - size + 1):
            window = range(start, start + size)
            if any(i in dropped_lines for i in window):
                continue
            parts = [lines[i] for i in window]
            joined = " ".join(p.removeprefix("- ") for p in parts)
            if looks_injected(joined) and not any(looks_injected(p) for p in parts):
                first, last = start, start + size - 1
                while first > 0 and not _ends_sentence(lines[first - 1]):
                    first -= 1
                while last < len(lines) - 1 and not _ends_sentence(lines[last]):
                    last += 1
                dropped_lines.update(range(first, last + 1))
    kept: list[str] = []
    dropped: list[str] = []
    for i, line in enumerate(lines):
        if i in dropped_lines:
            dropped.append(line)
            continue
        parts = split_sentences(line) or [line]
        good = [p for p in parts if not looks_injected(p)]
        dropped += [p for p in parts if looks_injected(p)]
        if good:
            kept.append(" ".join(good))
    return "\n".join(kept), dropped


# A line that completes a sentence: end punctuation, or a Korean sentence ending.
_SENTENCE_DONE_RE = re.compile(r"(?:[.!?。]|(?:다|요|까|죠|오|라))[\"')\]]*\s*$")


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_DONE_RE.search(line))
