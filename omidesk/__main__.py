"""Allows `python -m omidesk`."""

from omidesk.launch import main

raise SystemExit(main())
