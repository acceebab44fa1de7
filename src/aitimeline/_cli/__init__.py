"""The command line (``aitimeline``, ``python -m aitimeline``) and the demo, on top of every other layer."""
