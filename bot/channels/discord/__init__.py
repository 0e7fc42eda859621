"""The Discord channel: a thin adapter from discord.py events to the core's `Turn`."""
