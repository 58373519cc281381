"""Errors every layer may raise and the command line and the app show as they are."""


class ServiceError(Exception):
    """A user-facing problem with what was asked (unknown status, unknown contact, refused change)."""
