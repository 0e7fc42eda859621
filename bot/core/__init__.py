"""The brain: turns, replies, guards and the service the channels call. No platform imports."""
