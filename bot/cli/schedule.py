"""`studybot schedule add|list|remove|run`: scheduled group quizzes from the command line.

An entry point: it builds the database engine, the quiz engine and the schedule service
itself (the CLI's own small composition), and posts to the terminal.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from bot.channels.terminal_quiz import TerminalPoster
from bot.quiz.bank import load_banks
from bot.quiz.engine import QuizEngine
from bot.quiz.schedule import Schedule, ScheduleService
from bot.store.db import build_engine


async def run_schedule_command(settings: Any, args: Any) -> int:
    """`studybot schedule add|list|remove|run`."""
    engine = await asyncio.to_thread(build_engine, settings.sqlalchemy_url, settings.data_dir)
    banks = await asyncio.to_thread(load_banks, settings.quizzes_dir, settings.knowledge_dir)
    quiz = QuizEngine(engine, banks, settings.timezone)
    service = ScheduleService(
        engine,
        settings.sqlalchemy_url,
        quiz,
        {"terminal": TerminalPoster(sys.stdout)},
        misfire_grace_s=settings.schedule_misfire_grace_s,
    )
    try:
        if args.action == "add":
            if not args.id:
                print("studybot: schedule add needs an id", file=sys.stderr)
                return 2
            schedule = Schedule(
                id=args.id,
                platform=args.platform,
                conversation_id=args.conversation,
                class_id=args.class_id,
                lang=args.lang,
                questions=args.n,
                time_limit_s=args.time_limit,
                mode=args.mode,
                cron=args.cron,
                every_minutes=args.every,
                timezone=args.tz or settings.timezone,
                created_by="cli",
            )
            try:
                await asyncio.to_thread(service.add, schedule)
            except ValueError as exc:
                print(f"studybot: {exc}", file=sys.stderr)
                return 2
            print(f"scheduled {schedule.describe()}")
            return 0
        if args.action == "remove":
            if not args.id or not await asyncio.to_thread(service.remove, args.id):
                print(f"studybot: no schedule {args.id!r}", file=sys.stderr)
                return 2
            print(f"removed {args.id}")
            return 0
        if args.action == "list":
            rows = await asyncio.to_thread(service.list)
            if args.json:
                print(
                    json.dumps(
                        [
                            {
                                "id": s.id,
                                "describe": s.describe(),
                                "next": n.isoformat() if n else None,
                            }
                            for s, n in rows
                        ],
                        ensure_ascii=False,
                    )
                )
            else:
                for s, n in rows:
                    print(f"{s.describe()}  next: {n.isoformat() if n else '-'}")
                if not rows:
                    print("no schedules")
            return 0
        held = await service.start()
        print(
            "running the quiz scheduler (Ctrl-C to stop)"
            if held
            else "another process runs the scheduler; waiting to take over (Ctrl-C to stop)"
        )
        try:
            await asyncio.Event().wait()
        finally:
            await service.shutdown()
        return 0
    finally:
        engine.dispose()
