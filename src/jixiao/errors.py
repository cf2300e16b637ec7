"""Errors whose message is meant for the user, in Chinese, without a traceback."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a refused operation; ``str(error)`` is the Chinese explanation."""


class UnreadableWorkbookError(UserError):
    """A file that is refused or cannot be read; the batch reports it as ``file-unreadable``."""
