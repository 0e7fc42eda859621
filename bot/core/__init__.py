"""The application: what channels call (the study service, classroom commands), and the input
and output guards. No platform imports; the shared types live in `bot.kernel`."""
