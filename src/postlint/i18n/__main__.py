"""``python -m postlint.i18n extract|compile|check``."""

from postlint.i18n.catalogue import main

raise SystemExit(main())
