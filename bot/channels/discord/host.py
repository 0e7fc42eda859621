"""What the slash commands need of the Discord client.

`commands.py` registers the commands on the client and the client registers them at start-up;
with this Protocol the commands name what they use instead of importing the client, so the
two modules do not import each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import discord
from discord import app_commands

from bot.kernel.models import Turn

if TYPE_CHECKING:
    from bot.channels.discord.quiz import DiscordGroupPoster
    from bot.core.application import Application


class CommandHost(Protocol):
    """The Discord client as the slash commands see it."""

    core: Application
    groups: DiscordGroupPoster

    @property
    def tree(self) -> app_commands.CommandTree[Any]:
        """The client's command tree."""
        ...

    def is_teacher(self, user: Any, permissions: discord.Permissions | None = None) -> bool:
        """Whether this user may use teacher commands here."""
        ...

    def to_turn(
        self,
        author: Any,
        channel: Any,
        guild: Any,
        text: str,
        locale: str | None,
        teacher: bool = False,
        history: tuple[tuple[str, str], ...] = (),
    ) -> Turn:
        """A Discord message or interaction as the core's `Turn`."""
        ...

    async def ask_interaction(
        self, interaction: discord.Interaction[Any], question: str, premium: bool
    ) -> None:
        """`/ask`: answer in the interaction's response."""
        ...
