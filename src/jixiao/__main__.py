"""``python -m jixiao VERB``: the ``jixiao`` command."""

import sys

from jixiao.cli import main

sys.exit(main())
