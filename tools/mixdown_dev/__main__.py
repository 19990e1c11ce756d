"""``python -m mixdown_dev up|demo``: see :mod:`mixdown_dev.cli`."""

import sys

from mixdown_dev.cli import main

sys.exit(main())
