"""StudyBot: a study assistant for Discord and Teams classrooms."""

__version__ = "0.1.0"
