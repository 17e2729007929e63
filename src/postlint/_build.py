"""Build step: compile the gettext catalogues (.po -> .mo) into the wheel.

setuptools loads this file on its own (``[tool.setuptools.cmdclass]``),
before postlint is importable, so it imports nothing from postlint. Babel
is a build requirement only (``[build-system] requires``).
"""

from __future__ import annotations

import io
from pathlib import Path

from setuptools.command.build_py import build_py  # type: ignore[import-untyped]


def compile_po(po: Path, lang: str) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=po.stem)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


class BuildPy(build_py):  # type: ignore[misc]
    """``build_py`` that also writes each ``locales/<lang>/LC_MESSAGES/*.mo``
    from its ``.po``, so a wheel never ships a stale catalogue."""

    def run(self) -> None:
        super().run()
        source = Path(__file__).resolve().parent / "locales"
        target = Path(self.build_lib) / "postlint" / "locales"
        for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
            lang = po.parent.parent.name
            mo = target / lang / "LC_MESSAGES" / f"{po.stem}.mo"
            mo.parent.mkdir(parents=True, exist_ok=True)
            mo.write_bytes(compile_po(po, lang))
