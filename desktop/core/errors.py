"""Errors whose message is written for the clerk, in Chinese, and may be shown as is."""


class DomainError(ValueError):
    """A rule was broken by the input; ``str(err)`` is a message fit for the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class FieldErrors(DomainError):
    """Several fields are wrong at once; the dialog shows each message beside its field."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("；".join(self.errors.values()))


class PermissionDenied(DomainError):
    """The signed-in account's role may not do this (or nobody is signed in)."""


class SignInError(DomainError):
    """A wrong user name or password, a locked or disabled account: one line for the sign-in box."""
