"""Output formats of ``postlint check``: one module per format, each with ``render()``."""
