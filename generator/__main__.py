"""``python -m generator``: the same as the ``disclosure`` command."""

from generator.cli import main

raise SystemExit(main())
