"""Refusals that services raise and every front end (pages, API, commands) understands.

Services raise Django's `ValidationError` (bad input) and `PermissionDenied` (no right), and
`Conflict` below (a step the current state does not allow). The API's global exception
handler turns each into problem+json (400, 403, 409); views turn them into Dutch messages.
"""


class Conflict(Exception):  # noqa: N818 - reads as a sentence: raise Conflict("...")
    """The request is valid, but the current state of the object does not allow it."""

    def __init__(self, message: str) -> None:
        super().__init__(str(message))
        self.message = str(message)
