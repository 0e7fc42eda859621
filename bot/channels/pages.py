"""The pages Teams links from the app's manifest: home, privacy and terms, in Korean and English.

`studybot teams-package` points the manifest's websiteUrl, privacyUrl and termsOfUseUrl at
the bot's own host; these are what a teacher or a student finds there. They describe what
this code actually does (see README, "What is stored about students").
"""

from __future__ import annotations

from html import escape

from aiohttp import web

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.55;color:#222}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}"
    "section+section{border-top:1px solid #ddd;margin-top:2.5rem}"
)

PRIVACY = {
    "en": (
        "Privacy",
        [
            (
                "What StudyBot is",
                "A study assistant for lesson 02 of “Generative AI for "
                "Beginners”, run by your school. It answers questions from the lesson and runs "
                "quizzes in Microsoft Teams and Discord.",
            ),
            (
                "What is stored",
                "Keyed by your Teams or Discord id: your quiz attempts, answers "
                "and scores; your review schedule; how much your questions to AI models cost "
                "(time, model, tokens, cost; never the question's text); in Teams, your display "
                "name (shown on leaderboards) and, for personal chats, where to send you "
                "messages. No message text is kept: a Teams message is held only until it is "
                "answered (seconds), and only its id is kept for 24 hours so that a repeated "
                "delivery is recognised.",
            ),
            (
                "Who sees it",
                "You see your own data. Your class sees leaderboards and quiz "
                "results with your display name. Teachers see the class's spending by student. "
                "One class never sees another's data.",
            ),
            (
                "AI models",
                "When your school has configured an AI model, your question and "
                "the lesson passages that answer it are sent to that model's provider to write "
                "the answer. Without one, answers are quoted from the lesson and nothing leaves "
                "the server.",
            ),
            (
                "Getting and deleting your data",
                "Send `mydata` to StudyBot in a personal chat "
                "(Teams) or use `/mydata` (Discord) to receive everything stored about you as a "
                "file. Send `forget` (Teams) or `/forget` (Discord) and confirm to delete it. "
                "Spending records stay for your class's accounting, with your id removed. "
                "Teachers can delete their whole class's data with `forget class`.",
            ),
            (
                "How long",
                "Quiz data is kept until you or your teacher delete it. Conversation "
                "memory in Discord threads is read from Discord when needed, never stored, and "
                "only messages younger than the configured number of days (7 by default) are "
                "used.",
            ),
        ],
    ),
    "ko": (
        "개인정보 처리방침",
        [
            (
                "StudyBot 소개",
                "학교에서 운영하는 학습 도우미로, “생성형 AI 입문” 2강의 내용을 "
                "답하고 Microsoft Teams와 Discord에서 퀴즈를 진행합니다.",
            ),
            (
                "저장하는 정보",
                "Teams 또는 Discord 아이디를 기준으로 퀴즈 응시 기록, 답과 점수, "
                "복습 일정, AI 모델 사용 비용(시간, 모델, 토큰, 비용 — 질문 내용은 저장하지 않음), "
                "Teams 표시 이름(순위표에 표시)과 개인 채팅으로 메시지를 보낼 위치를 저장합니다. "
                "메시지 내용은 보관하지 않습니다. Teams 메시지는 답변할 때까지(몇 초)만 보관하고, "
                "같은 메시지가 다시 전달되었는지 알기 위해 아이디만 24시간 보관합니다.",
            ),
            (
                "볼 수 있는 사람",
                "본인은 자신의 데이터를 볼 수 있습니다. 같은 반은 표시 이름과 "
                "함께 순위표와 퀴즈 결과를 봅니다. 선생님은 학생별 사용 비용을 봅니다. 다른 반의 "
                "데이터는 보이지 않습니다.",
            ),
            (
                "AI 모델",
                "학교가 AI 모델을 설정한 경우, 질문과 답에 필요한 강의 내용이 답변 "
                "작성을 위해 해당 모델 제공자에게 전송됩니다. 설정하지 않은 경우 강의 자료에서 "
                "인용해 답하며 서버 밖으로 나가는 정보가 없습니다.",
            ),
            (
                "내 데이터 받기와 삭제",
                "개인 채팅에서 `mydata`(Teams) 또는 `/mydata`(Discord)를 "
                "보내면 저장된 모든 정보를 파일로 받을 수 있습니다. `forget`(Teams) 또는 "
                "`/forget`(Discord)을 보내고 확인하면 삭제됩니다. 사용 비용 기록은 반의 회계를 "
                "위해 아이디를 지운 채 남습니다. 선생님은 `forget class`로 반 전체 데이터를 "
                "삭제할 수 있습니다.",
            ),
            (
                "보관 기간",
                "퀴즈 데이터는 본인이나 선생님이 삭제할 때까지 보관합니다. Discord "
                "스레드의 대화 기억은 필요할 때 Discord에서 읽어 오며 저장하지 않고, 설정된 기간"
                "(기본 7일)보다 오래된 메시지는 사용하지 않습니다.",
            ),
        ],
    ),
}

TERMS = {
    "en": (
        "Terms of use",
        [
            ("For learning", "StudyBot helps you study one lesson. Its answers quote or are "
             "based on the course and cite the sections they come from: read the section "
             "when it matters. Answers can be incomplete or wrong."),
            ("Fair use", "Don't flood it with messages, try to make it say harmful things, or "
             "use someone else's account. Limits on questions and model spending apply per "
             "student and per class."),
            ("The course", "The lesson text is from Microsoft's “Generative AI for Beginners” "
             "(MIT licence). StudyBot is open source."),
            ("Your school", "Your school runs this StudyBot and decides which AI models it "
             "uses and who the teachers are. Questions about your data go to your teacher or "
             "school."),
        ],
    ),
    "ko": (
        "이용 약관",
        [
            ("학습용", "StudyBot은 한 강의의 학습을 돕습니다. 답변은 강의 내용을 인용하거나 "
             "바탕으로 하며 출처 섹션을 알려 줍니다. 중요한 내용은 해당 섹션을 직접 읽어 "
             "보세요. 답변이 불완전하거나 틀릴 수 있습니다."),
            ("올바른 이용", "메시지를 과도하게 보내거나, 해로운 말을 하게 하거나, 다른 사람의 "
             "계정을 사용하지 마세요. 질문 수와 모델 사용 비용은 학생별, 반별로 제한됩니다."),
            ("강의 자료", "강의 내용은 Microsoft의 “생성형 AI 입문”(MIT 라이선스)에서 "
             "가져왔습니다. StudyBot은 오픈 소스입니다."),
            ("학교", "이 StudyBot은 학교에서 운영하며, 사용할 AI 모델과 선생님을 학교가 "
             "정합니다. 데이터에 관한 문의는 선생님이나 학교에 해 주세요."),
        ],
    ),
}  # fmt: skip


def _page(title: str, parts: dict[str, tuple[str, list[tuple[str, str]]]]) -> str:
    sections = []
    for lang in ("ko", "en"):
        heading, items = parts[lang]
        body = "".join(f"<h2>{escape(h)}</h2><p>{escape(p)}</p>" for h, p in items)
        sections.append(f'<section lang="{lang}"><h1>{escape(heading)}</h1>{body}</section>')
    return (
        f'<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>StudyBot — {escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{''.join(sections)}</body></html>"
    )


HOME = {
    "en": ("StudyBot", [("StudyBot", "A study assistant for lesson 02 of “Generative AI for "
                         "Beginners”, in Microsoft Teams and Discord. Privacy: /privacy · "
                         "Terms: /terms")]),
    "ko": ("StudyBot", [("StudyBot", "“생성형 AI 입문” 2강 학습 도우미 (Microsoft Teams, "
                         "Discord). 개인정보 처리방침: /privacy · 이용 약관: /terms")]),
}  # fmt: skip


async def home(_: web.Request) -> web.Response:
    """`/`: what this server is."""
    return web.Response(text=_page("StudyBot", HOME), content_type="text/html")


async def privacy(_: web.Request) -> web.Response:
    """`/privacy`: what is stored, for how long, how to export and delete it."""
    return web.Response(text=_page("Privacy", PRIVACY), content_type="text/html")


async def terms(_: web.Request) -> web.Response:
    """`/terms`: the terms of use."""
    return web.Response(text=_page("Terms", TERMS), content_type="text/html")
