"""The command line (``aitimeline``, ``python -m aitimeline``): :mod:`.main` parses and answers."""


class UsageError(Exception):
    """A question asked the wrong way (wrong arguments, an option it does not take): the command line's exit 2."""
