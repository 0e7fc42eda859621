"""Files to a student in Teams: `mydata` as a JSON file instead of chat messages.

A Teams message is capped at about 40 KB, and an active student's export is far larger. In
a personal chat Teams offers files through a consent card: the student accepts, Teams sends
a `fileConsent/invoke` with a OneDrive upload URL, the bot uploads (one PUT with its
Content-Range), and a file-info card shows the file in the chat.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from botbuilder.schema import Attachment

MYDATA_KIND = "studybot.mydata"
FILE_NAME = "studybot-mydata.json"
MYDATA = {
    "en": "Here is everything StudyBot stores about you, as a file.",
    "ko": "StudyBot이 저장한 내 데이터를 파일로 보내 드립니다.",
}
MYDATA_SENT = {"en": "Your data file:", "ko": "내 데이터 파일:"}
MYDATA_DECLINED = {
    "en": "OK, no file was sent. Send `mydata` again whenever you like.",
    "ko": "파일을 보내지 않았습니다. 원할 때 다시 `mydata`를 보내 주세요.",
}


def file_consent(size: int, lang: str) -> Attachment:
    """The card that asks the student to accept the export file."""
    context = {"kind": MYDATA_KIND, "lang": lang}
    description = (
        "StudyBot이 저장한 내 데이터 (JSON)"
        if lang == "ko"
        else "What StudyBot stores about you (JSON)"
    )
    return Attachment(
        content_type="application/vnd.microsoft.teams.card.file.consent",
        name=FILE_NAME,
        content={
            "description": description,
            "sizeInBytes": size,
            "acceptContext": context,
            "declineContext": context,
        },
    )


def file_info(content_url: str, upload_info: dict[str, Any]) -> Attachment:
    """The card that shows an uploaded file in the chat."""
    return Attachment(
        content_type="application/vnd.microsoft.teams.card.file.info",
        content_url=content_url,
        name=str(upload_info.get("name") or FILE_NAME),
        content={
            "uniqueId": upload_info.get("uniqueId"),
            "fileType": upload_info.get("fileType") or "json",
        },
    )


async def upload(url: str, data: bytes, timeout_s: float = 60.0) -> None:
    """Upload the whole file in one request, as OneDrive's upload sessions accept."""
    headers = {
        "Content-Length": str(len(data)),
        "Content-Range": f"bytes 0-{len(data) - 1}/{len(data)}",
    }
    timeout = aiohttp.ClientTimeout(total=timeout_s)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.put(url, data=data, headers=headers) as response,
    ):
        response.raise_for_status()
