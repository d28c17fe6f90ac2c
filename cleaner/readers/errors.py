"""The one error type readers raise for input that cannot be cleaned."""


class InputError(Exception):
    """An input that cannot be read as text. `skip` marks inputs that are skipped, not failed:
    a binary file in a folder of scrapes is expected, an unreadable one is not."""

    def __init__(self, message: str, *, skip: bool = False) -> None:
        super().__init__(message)
        self.skip = skip
