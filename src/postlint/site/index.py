"""The site index: what exists in the content repository, built once a run.

Checks get read-only access to it (what files exist, with which letter
case; other posts' front matter; the site map). Posts are loaded lazily and
at most once; an *overlay* gives texts that stand for files (an editor's
unsaved buffer, standard input) without touching the disk.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from postlint.core.document import Post

if TYPE_CHECKING:  # pragma: no cover
    import datetime as dt
    from collections.abc import Callable, Mapping

    from postlint.config import Config
    from postlint.jekyll.entry import Entry
    from postlint.site.sitemap import SiteMap

#: folders that are never content: tools' caches, the built site, VCS.
SKIPPED_DIRS = frozenset(
    {".git", ".hg", ".svn", "_site", "node_modules", ".postlint_cache", ".jekyll-cache", ".sass-cache",
     "vendor", ".bundle", "__pycache__", ".venv", "venv", ".tox", ".pytest_cache"}
)


class SiteIndex:
    """Every file of the repo (relative POSIX paths) and its content posts."""

    def __init__(self, root: Path, config: Config, files: Iterable[str] | None = None, *,
                 overlay: Mapping[str, str] | None = None, today: dt.date | None = None,
                 sitemap_entries: Callable[[], dict[str, Entry]] | None = None,
                 statuses: Callable[[SiteIndex], dict[str, str]] | None = None) -> None:
        self.root = root.resolve()
        self.config = config
        self.today = today
        #: texts standing for files (repo-relative path -> text).
        self.overlay: dict[str, str] = dict(overlay or {})
        #: ``(mtime_ns, size)`` of each file found by the walk (empty when ``files`` is given).
        self.stats: dict[str, Stat] = {}
        #: symbolic links to files outside the root: listed here, never read, stat-ed or fixed.
        self.outside: frozenset[str] = frozenset()
        outside: set[str] = set()
        #: folders the walk could not list, and why (their files are unknown).
        self.unreadable: dict[str, str] = {}
        found: set[str] = set(files if files is not None else
                              walk_files(self.root, config, self.stats, outside, self.unreadable))
        self.outside = frozenset(outside)
        self.files: frozenset[str] = frozenset(found | set(self.overlay))
        self._posts: dict[str, Post] = {}
        #: builds the site map's entries (the engine's cache provides them);
        #: None: computed from the files.
        self._sitemap_entries = sitemap_entries
        #: gives :meth:`status` of every file (the engine's cache, or :meth:`compute_statuses`).
        self._statuses_source = statuses
        self._sitemap: SiteMap | None = None
        #: files whose content a check read, while recording (see the engine's cache).
        self._reads: set[str] | None = None

    # -- what exists ---------------------------------------------------------
    @cached_property
    def _by_lower(self) -> dict[str, list[str]]:
        table: dict[str, list[str]] = {}
        for path in self.files:
            table.setdefault(path.lower(), []).append(path)
        return table

    @cached_property
    def dirs(self) -> frozenset[str]:
        found: set[str] = set()
        for path in self.files:
            found.update(str(p) for p in PurePosixPath(path).parents if str(p) != ".")
        return frozenset(found)

    def exists(self, relpath: str) -> bool:
        return relpath in self.files or relpath in self.dirs

    def case_variants(self, relpath: str) -> list[str]:
        """Existing paths equal to ``relpath`` but for letter case."""
        return [p for p in self._by_lower.get(relpath.lower(), []) if p != relpath]

    def resolve_in_root(self, relpath: str) -> str | None:
        """Normalise a repo-relative path; None when it leaves the root."""
        return normalise_path(relpath.replace("\\", "/"))

    # -- content ---------------------------------------------------------------
    @property
    def sitemap(self) -> SiteMap:
        """What Jekyll publishes, and where (built on first use)."""
        if self._sitemap is None:
            from postlint.site.sitemap import SiteMap

            self._sitemap = SiteMap(self, today=self.today, entries=self._sitemap_entries)
        return self._sitemap

    def status(self, relpath: str) -> str | None:
        """What postlint makes of a file: ``"content"`` (a page, post or
        collection item Jekyll renders from Markdown or HTML: checked),
        ``"unpublished"`` (one Jekyll would render but does not publish
        now: a draft, ``published: false``, a future post; checked when named
        on the command line), or None (not content: assets, layouts, data,
        excluded files, Markdown Jekyll copies as it is)."""
        return self._statuses.get(relpath)

    @cached_property
    def _statuses(self) -> dict[str, str]:
        if self._statuses_source is not None:
            return self._statuses_source(self)
        return self.compute_statuses()

    def compute_statuses(self) -> dict[str, str]:
        from postlint.jekyll import is_markup

        cfg = self.sitemap.config
        found: dict[str, str] = {}
        for entry in self.sitemap:
            if not is_markup(entry.source, cfg):
                continue
            status = self._status_of(entry)
            if status is not None:
                found[entry.source] = status
        return found

    def _status_of(self, entry: Entry) -> str | None:
        status = _status(entry.kind, entry.collection, entry.reason, entry.published)
        if status == "collection-static":
            # Markdown without front matter in a collection: an item whose
            # front matter is missing, when a schema expects one
            status = "content" if self.config.schema_for(entry.source) else None
        return status

    @cached_property
    def content_files(self) -> list[str]:
        return sorted(rel for rel, status in self._statuses.items() if status == "content")

    @cached_property
    def unpublished_files(self) -> list[str]:
        return sorted(rel for rel, status in self._statuses.items() if status == "unpublished")

    @cached_property
    def content_set(self) -> frozenset[str]:
        return frozenset(self.content_files)

    def post(self, relpath: str) -> Post:
        """The loaded post for a repo-relative path (loaded once); an
        absolute path (a file given outside the repo) is read as it is."""
        if self._reads is not None:
            self._reads.add(relpath)
        post = self._posts.get(relpath)
        if post is None:
            if relpath in self.overlay:
                post = Post.from_text(self.overlay[relpath], relpath, root=self.root)
            else:
                # no root: the relative path is known, and resolving it (realpath,
                # one lstat per folder level, twice) cost 3% of a cold run
                post = Post.load(self.root / relpath, None, max_bytes=self.config.max_file_size)
                post.relpath = relpath
            self._posts[relpath] = post
        return post

    def source_text(self, relpath: str) -> str | None:
        """A file's text as an editor sees it (the overlay's, else the disk's;
        None when unreadable), for quoting lines: not a load."""
        if relpath in self.overlay:
            return self.overlay[relpath]
        try:
            return (self.root / relpath).read_bytes().decode("utf-8-sig", errors="replace")
        except OSError:
            return None

    def starts_with_front_matter(self, relpath: str) -> bool:
        """Whether the file starts with ``---`` (what Jekyll looks at), read
        without loading the file: most assets and scripts never do."""
        if relpath in self.overlay:
            return self.overlay[relpath].lstrip("\ufeff").startswith("---")
        try:
            with open(self.root / relpath, "rb") as fh:
                head = fh.read(8)
        except OSError:
            return True  # let the load say what is wrong
        return head.removeprefix(b"\xef\xbb\xbf").startswith(b"---")

    def loaded(self, relpath: str) -> bool:
        return relpath in self._posts

    def forget(self, relpaths: Iterable[str]) -> None:
        """Files changed on disk (fixed): read them again when asked, and
        rebuild what depends on every file (the site map)."""
        for rel in relpaths:
            self._posts.pop(rel, None)
            self._restat(rel)
        self._sitemap = None
        for derived in ("_statuses", "content_files", "unpublished_files", "content_set"):
            self.__dict__.pop(derived, None)  # computed from the site map

    def set_text(self, relpath: str, text: str | None) -> None:
        """An editor's buffer stands for a file (None: the file on disk
        again, once closed or saved). Only what the text can change is
        computed again: the file's post, and its site-map entry and status
        when its front matter moved it; the rest of the site is kept."""
        from postlint.jekyll import is_markup

        if text is None:
            self.overlay.pop(relpath, None)
        else:
            self.overlay[relpath] = text
        self._posts.pop(relpath, None)
        self._restat(relpath)
        exists = text is not None or relpath in self.stats
        if exists != (relpath in self.files):  # a new file not saved yet, or closed unsaved
            self.files = self.files | {relpath} if exists else self.files - {relpath}
            for derived in ("_by_lower", "dirs"):
                self.__dict__.pop(derived, None)
            if not exists and self._sitemap is not None:
                self._sitemap.__dict__.pop("entries", None)
                self._sitemap = None  # rare: a file left the site; rebuilt on use
                for derived in ("_statuses", "content_files", "unpublished_files", "content_set"):
                    self.__dict__.pop(derived, None)
                return
        if self._sitemap is None:
            return
        entry = self._sitemap.remodel(relpath)
        if entry is None or "_statuses" not in self.__dict__:
            return
        status = self._status_of(entry) if is_markup(relpath, self._sitemap.config) else None
        if self._statuses.get(relpath) != status:
            if status is None:
                self._statuses.pop(relpath, None)
            else:
                self._statuses[relpath] = status
            for derived in ("content_files", "unpublished_files", "content_set"):
                self.__dict__.pop(derived, None)

    def _restat(self, relpath: str) -> None:
        try:
            st = os.stat(self.root / relpath)
            self.stats[relpath] = file_stat(st)
        except OSError:
            self.stats.pop(relpath, None)

    def start_recording(self) -> None:
        """Note every post read from now on: a cached result stays valid
        only while the files it read are unchanged."""
        self._reads = set()

    def stop_recording(self) -> set[str]:
        reads, self._reads = self._reads or set(), None
        return reads

    def posts(self, pattern: str | None = None) -> Iterator[Post]:
        """Content posts, optionally only those matching a glob."""
        from postlint.core.globs import glob_match

        for relpath in self.content_files:
            if pattern is None or glob_match(relpath, pattern):
                yield self.post(relpath)


def _status(kind: str, collection: str | None, reason: str | None, published: bool) -> str | None:
    if kind in ("post", "document", "page"):
        # a date Jekyll cannot read stops the build: that post must be seen
        return "content" if published or reason == "invalid date" else "unpublished"
    if kind == "draft" or (kind == "ignored" and collection == "posts" and reason == "special-name"):
        return "content" if published else "unpublished"  # drafts, and _name.md in _posts by convention
    if kind == "ignored" and collection == "posts" and reason == "no-date-in-name":
        return "content"  # Jekyll ignores it: undated-post-file-name says so
    if kind == "static" and collection is not None:
        return "collection-static"
    return None


def _inside(path: str, root: Path) -> bool:
    """Whether a (linked) path resolves inside ``root`` (a dangling link
    resolves to where it points: outside unless that is inside)."""
    def within(target: str) -> bool:
        return target == str(root) or target.startswith(str(root) + os.sep)

    try:  # where the link says, first: a link out of the root is known without a stat out there
        written = os.path.normpath(os.path.join(os.path.dirname(path), os.readlink(path)))
    except OSError:
        return False
    return within(written) and within(os.path.realpath(path))


#: what the cache compares to know a file unchanged without reading it.
Stat = tuple[int, int, int, int]


def file_stat(st: os.stat_result) -> Stat:
    """``(mtime_ns, size, ctime_ns, inode)``: the ctime catches an mtime set
    back (``touch -d``, some editors), the inode a file replaced by another."""
    return (st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_ino)


def normalise_path(path: str) -> str | None:
    """``a/./b/../c`` -> ``a/c`` (no leading slash); None when ``..`` climbs
    above the start. Nothing outside the root is ever looked up."""
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def walk_files(root: Path, config: Config, stats: dict[str, Stat] | None = None,
               outside: set[str] | None = None, unreadable: dict[str, str] | None = None) -> Iterator[str]:
    """Repo-relative POSIX paths of every file, minus skipped and excluded
    folders. Symbolic links are not followed out of the root. With
    ``stats``, fills it with each file's :func:`file_stat` on the way (the
    cache's freshness check, without a second pass). A symbolic link to a
    file outside the root is not listed (nor stat-ed through): it goes to
    ``outside`` when given; a folder that cannot be listed to
    ``unreadable`` (with the reason)."""
    root = root.resolve()
    excluded = config.is_excluded if config.exclude else None  # most repos exclude nothing
    stack: list[tuple[str, str]] = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as found:
                entries = list(found)
        except OSError as exc:
            if unreadable is not None:
                unreadable[prefix.rstrip("/") or "."] = exc.strerror or type(exc).__name__
            continue
        for entry in entries:
            # string joins, not pathlib: this runs once per file of the repo
            rel = prefix + entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                if entry.name not in SKIPPED_DIRS and not (excluded and excluded(rel)):
                    stack.append((entry.path, rel + "/"))
            elif not (excluded and excluded(rel)):
                if entry.is_symlink() and not _inside(entry.path, root):
                    if outside is not None:
                        outside.add(rel)
                    continue
                if stats is not None:
                    try:
                        st = entry.stat()
                        stats[rel] = file_stat(st)
                    except OSError:
                        pass  # a dangling link: listed, never read
                yield rel
