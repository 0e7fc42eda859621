"""Quizzes: banks, the engine, spaced review, generated drafts, schedules."""
