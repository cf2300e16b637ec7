"""``python -m jixiao``: the same as the ``jixiao`` command."""

from jixiao.cli import main

main()
