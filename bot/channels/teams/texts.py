"""What the Teams bot says in words: the help text and the command words it understands."""

from __future__ import annotations

HELP = {
    "en": (
        "**StudyBot** — lesson 02, *Exploring and comparing different LLMs*.\n\n"
        "- `ask <question>` (or just type it): an answer with its sources; end with `premium` "
        "for the premium model\n- `quiz [ko|en] [n]`: a quiz with buttons\n"
        "- `review`: your due review cards\n- `stats`: your results\n"
        "- `leaderboard [week|month|all]`\n- `budget`: what you may still spend on models\n"
        "- `compare <question>`: the same question answered by several models\n"
        "- `mydata`: what StudyBot stores about you (personal chat) · `forget`: delete it\n"
        "- `help`\n\nTeachers: `budget class <USD>`, `budget student <USD>`, "
        "`schedule add every <minutes> [n] [ko|en] [time=<s>]`, "
        "`schedule add cron <m h dom mon dow> …`, `schedule list`, `schedule remove <id>`, "
        "`forget class`"
    ),
    "ko": (
        "**StudyBot** — 2강 *다양한 LLM 탐색 및 비교*.\n\n"
        "- `ask <질문>` (또는 질문만 입력): 출처와 함께 답변, 끝에 `premium`을 붙이면 프리미엄 "
        "모델\n- `quiz [ko|en] [n]`: 버튼으로 푸는 퀴즈\n- `review`: 복습할 문제\n"
        "- `stats`: 내 결과\n- `leaderboard [week|month|all]`: 순위\n"
        "- `budget`: 남은 모델 사용 예산\n"
        "- `compare <질문>`: 같은 질문을 여러 모델로 비교\n"
        "- `mydata`: 내 데이터 보기 (개인 채팅) · `forget`: 내 데이터 삭제\n- `help`: 도움말\n\n"
        "선생님: `budget class <USD>`, `budget student <USD>`, "
        "`schedule add every <분> [문제 수] [ko|en] [time=<초>]`, "
        "`schedule add cron <분 시 일 월 요일> …`, `schedule list`, `schedule remove <id>`, "
        "`forget class`"
    ),
}
WELCOME = {
    "en": (
        "👋 Hi, I'm **StudyBot**, your study partner for lesson 02, *Exploring and comparing "
        "different LLMs*. Ask me anything about the lesson (try `What is RAG?`), send `quiz` "
        "for a knowledge check, or `help` for everything I can do."
    ),
    "ko": (
        "👋 안녕하세요, 2강 *다양한 LLM 탐색 및 비교*를 함께 공부할 **StudyBot**입니다. "
        "강의 내용을 무엇이든 물어보세요 (예: `RAG가 뭐야?`). `퀴즈`로 실력을 확인하고, "
        "`도움말`로 할 수 있는 일을 모두 볼 수 있어요."
    ),
}
COMMANDS = {
    "help": "help", "도움말": "help", "ask": "ask", "질문": "ask", "quiz": "quiz", "퀴즈": "quiz",
    "review": "review", "복습": "review", "stats": "stats", "통계": "stats",
    "leaderboard": "leaderboard", "순위": "leaderboard", "budget": "budget", "예산": "budget",
    "compare": "compare", "비교": "compare", "schedule": "schedule", "예약": "schedule",
    "mydata": "mydata", "내데이터": "mydata", "forget": "forget", "데이터삭제": "forget",
}  # fmt: skip
