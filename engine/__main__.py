"""``python -m engine`` is the same program as the ``wargame`` command."""

from engine.cli.main import main

raise SystemExit(main())
