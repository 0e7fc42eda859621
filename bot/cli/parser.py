"""The `studybot` command line: every command, option and help text."""

from __future__ import annotations

import argparse

from bot import __version__


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="studybot",
        description="StudyBot: cited answers and quizzes about the course, in Korean and English.",
    )
    p.add_argument("--version", action="version", version=f"studybot {__version__}")
    p.add_argument("--config", help="path to studybot.toml (default: ./studybot.toml)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("index", help="index knowledge/ into the course store (incremental)")
    s.add_argument(
        "--rebuild", action="store_true", help="drop the index and embed everything again"
    )
    s.add_argument("--json", action="store_true", help="print the report as JSON")

    s = sub.add_parser("search", help="search the course; '-' reads one query per stdin line")
    s.add_argument("query")
    s.add_argument("--k", type=int, default=None, help="number of sections (default: search_k)")
    s.add_argument("--json", action="store_true", help="print hits as a JSON array")
    s.add_argument("--mode", choices=["hybrid", "dense", "bm25", "bm25_ws"], default="hybrid")

    s = sub.add_parser("ask", help="answer a question; '-' reads one question per stdin line")
    s.add_argument("question")
    s.add_argument("--json", action="store_true", help="print the answer as JSON")

    s = sub.add_parser("route", help="show the cost policy's decision without calling a model")
    s.add_argument("question", help="the question; '-' reads one per stdin line (JSON Lines)")
    s.add_argument("--json", action="store_true", help="print {tier, model, reason, features}")
    s.add_argument("--role", choices=["student", "teacher", "admin"], default="student")

    s = sub.add_parser("costs", help="what model calls have cost, from the ledger")
    s.add_argument("--by", choices=["user", "class", "model", "day"], default=None)
    s.add_argument("--json", action="store_true", help="print the rows as JSON")

    s = sub.add_parser("compare", help="answer one question with several models side by side")
    s.add_argument("question")
    s.add_argument("--models", required=True, help="comma-separated catalog model names")
    s.add_argument("--json", action="store_true", help="print the results as JSON")

    s = sub.add_parser("quiz", help="play a quiz; `quiz validate` checks the banks")
    s.add_argument(
        "action", nargs="?", default="play", choices=["play", "validate", "generate", "approve"]
    )
    s.add_argument("--per-section", type=int, default=2, help="generate: cloze drafts per section")
    s.add_argument("--with-model", action="store_true", help="generate: also draft with the model")
    s.add_argument("--drafts", help="approve: the drafts file to take approved questions from")
    s.add_argument(
        "--section",
        action="append",
        help="play: only questions on this section (heading path; repeatable)",
    )

    s.add_argument("--lang", choices=["ko", "en"], default=None, help="language (default: en)")
    s.add_argument("--n", type=int, default=5, help="number of questions")
    s.add_argument("--user", default="local", help="whose quiz it is (default: local)")
    s.add_argument("--json", action="store_true", help="validate: print the report as JSON")

    s = sub.add_parser("leaderboard", help="a class's quiz leaderboard")
    s.add_argument("--class-id", default="direct", help="the class (Discord guild / Teams team)")
    s.add_argument("--period", choices=["week", "month", "all"], default="week")
    s.add_argument("--json", action="store_true", help="print JSON")

    for name, text in (("review", "play your due review cards"), ("stats", "your quiz results")):
        s = sub.add_parser(name, help=text)
        s.add_argument("--lang", choices=["ko", "en"], default="en")
        s.add_argument("--n", type=int, default=5, help="number of questions")
        s.add_argument("--user", default="local", help="whose results (default: local)")

    s = sub.add_parser("schedule", help="scheduled group quizzes: add, list, remove, run")
    s.add_argument("action", choices=["add", "list", "remove", "run"])
    s.add_argument("id", nargs="?", help="schedule id (add, remove)")
    s.add_argument("--cron", help="crontab expression, e.g. '0 9 * * mon-fri'")
    s.add_argument("--every", type=float, help="interval in minutes (instead of --cron)")
    s.add_argument("--tz", default=None, help="timezone (default: the `timezone` setting)")
    s.add_argument("--platform", default="terminal", help="channel to post into")
    s.add_argument("--conversation", default="terminal", help="conversation id in that channel")
    s.add_argument("--class-id", default="direct", help="class the quiz scores count for")
    s.add_argument("--lang", choices=["ko", "en"], default="en")
    s.add_argument("--n", type=int, default=5, help="questions per quiz")
    s.add_argument("--time-limit", type=float, default=60, help="seconds per question")
    s.add_argument("--mode", choices=["first_correct", "everyone"], default="first_correct")
    s.add_argument("--json", action="store_true", help="list: print JSON")

    s = sub.add_parser("serve", help="run the bot server (Teams endpoint, health checks)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=3978)
    s.add_argument("--dev", action="store_true", help="no authentication; loopback only")
    s.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes sharing the port (one per core; one scheduler among them)",
    )
    s.add_argument("--worker-index", type=int, default=None, help=argparse.SUPPRESS)

    s = sub.add_parser("teams-package", help="build the Teams app upload zip")
    s.add_argument("--app-id", help="the Azure Bot's Microsoft App ID (default: teams_app_id)")
    s.add_argument(
        "--domain", required=True, help="the bot's public host name, e.g. bot.school.edu"
    )
    s.add_argument("--out", default="dist/studybot-teams.zip")
    s.add_argument("--folder", default="deploy/teams", help="manifest and icons folder")

    sub.add_parser("chat", help="interactive chat in the terminal")

    s = sub.add_parser("eval", help="retrieval and scope metrics on the dev set, with baselines")
    s.add_argument("--questions", default=None, help="question set (JSON Lines)")
    s.add_argument(
        "--routing",
        action="store_true",
        help="evaluate the cost policy on eval/routing.jsonl instead of retrieval",
    )
    s.add_argument(
        "--answers",
        action="store_true",
        help="score answer content against the answer keys (tuned and held-out sets)",
    )
    s.add_argument("--live", action="store_true", help="with --routing: really call the models")
    s.add_argument("--json", action="store_true", help="print the metrics as JSON")
    s.add_argument("--write-baseline", metavar="PATH", help="also write the metrics to PATH")
    s.add_argument("--calibrate", action="store_true", help="search for the best scope thresholds")

    s = sub.add_parser("config", help="show the settings in effect (secrets hidden)")
    s.add_argument("--reference", action="store_true", help="print the settings reference table")
    s.add_argument("--markdown", action="store_true", help="with --reference: as a Markdown table")
    return p
