"""One module per command of the ``jixiao`` CLI."""
