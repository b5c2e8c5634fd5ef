"""Errors that carry a plain message a user can act on."""


class CareCoordError(Exception):
    """Base class: str(error) is a sentence to show the user as it is."""


class ValidationError(CareCoordError):
    """Input that cannot be accepted, with the field it concerns."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class RuleError(CareCoordError):
    """A request that breaks a care-planning rule (for example agreeing without sign-off)."""


class NotFoundError(CareCoordError):
    pass


class PermissionDenied(CareCoordError):
    pass


class ConflictError(CareCoordError):
    """Someone else changed the record since it was read."""


class StoreError(CareCoordError):
    """The store cannot be opened or used (missing, locked, wrong key, newer, damaged)."""
