"""The Teams channel: Bot Framework activities in, Adaptive Cards out.

- `edge.py` — the HTTP endpoint: validation, tokens, acknowledgement, handling once;
- `activities.py` — routing a message or a card click to the application;
- `proactive.py` — pacing, throttling retries, posting into stored conversations;
- `groups.py` — group quizzes (on demand, scheduled, resumed);
- `cards.py` — the Adaptive Cards; `texts.py` — help and command words;
- `package.py` — `studybot teams-package` (the app manifest, validated and zipped).

Modules are imported by name (nothing is re-exported here), so botbuilder loads only where
it is used.
"""
