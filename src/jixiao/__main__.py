"""``python -m jixiao VERB``: the ``jixiao`` command."""

from jixiao.cli import command

command()
