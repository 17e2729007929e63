"""The language server (``postlint lsp``): diagnostics while typing, fixes
as code actions, completion and hover in front matter and links.

It needs the ``lsp`` extra (pygls and lsprotocol); nothing else in
postlint imports this package, and this module imports neither, so the
command line and the pre-commit hook stay as light as they were.
"""

from __future__ import annotations

import sys

from postlint.i18n import _

#: the packages of the ``lsp`` extra.
NEEDED = ("pygls", "lsprotocol")


def main(*, cache: bool = True, lang: str | None = None) -> int:
    """Serve over standard input and output until the editor says exit;
    without the extra, say how to install it (exit 2)."""
    try:
        from postlint.lsp.server import serve
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in NEEDED:
            raise
        command = "pip install 'postlint[lsp]'"
        sys.stderr.write("postlint: " + _("the language server needs the `lsp` extra: {command}")
                         .format(command=command) + "\n")
        return 2
    return serve(cache=cache, lang=lang)
