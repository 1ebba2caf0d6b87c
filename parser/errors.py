"""The one exception a stage raises for input it cannot use."""


class InputError(Exception):
    """Bad input: names the file, the place (may be empty) and the reason."""

    def __init__(self, path: str, reason: str, where: str = ""):
        self.path, self.reason, self.where = path, reason, where
        super().__init__(self.render())

    def render(self) -> str:
        """`file[:where]: reason`."""
        place = f"{self.path}:{self.where}" if self.where else self.path
        return f"{place}: error: {self.reason}"
