"""Under ``mkdocs serve``: MkDocs' list of the docs/ files, made again per rebuild from the last one.

Every build starts with MkDocs' ``get_files``, before any plugin event: it walks docs/, makes a
``File`` for each file (path parsing, destination and URL) and matches each against
``exclude_docs``, ``draft_docs`` and ``not_in_nav`` — 0.4 s CPU at 840 articles (30,000 files), in
proportion to the dossier, for every edit. A File depends only on its path and those settings,
never on the file's content. So ``DocsListing`` keeps, for each path, the File as ``get_files``
made it (a copy of its attributes, taken before MkDocs or any plugin touches it), and a rebuild
lists docs/ by name only (``os.walk``, ≈ 0.06 s) and hands MkDocs a fresh copy for every path it
has seen, a new File for the others. New files get MkDocs' own exclusion rules; a path that
maps onto the same page as another one (README.md beside index.md), or settings that differ
from the last build's, make it MkDocs' own walk again. The theme's files, which MkDocs lists
next, come from the last listing too while no folder of the theme changed (``ThemeListing``),
and a rebuild that leaves files to the built site hands MkDocs only the others to loop over
(``RebuildFiles``).
"""

from __future__ import annotations

import bisect
import os
import time
from collections.abc import Callable, Iterator

from jinja2 import FileSystemLoader
from mkdocs.structure.files import File, Files, set_exclusions

# The settings a File's attributes and inclusion depend on.
SETTINGS = ("docs_dir", "site_dir", "use_directory_urls", "exclude_docs", "draft_docs", "not_in_nav")


def _in_order(names: list[str]) -> list[str]:
    """get_files' order within a folder: index or README first, then by name (a plain sort, and
    the few names that could be an index moved ahead: 30,000 sort keys cost more than the walk).
    Those names start with "README" or "index": in the sorted list, two runs found by bisection."""
    names.sort()
    first = []
    for prefix in ("README", "index"):
        i = bisect.bisect_left(names, prefix)
        while i < len(names) and names[i].startswith(prefix):
            if os.path.splitext(names[i])[0] == prefix:
                first.append(names[i])
            i += 1
    if not first:
        return names
    first.sort()
    return first + [n for n in names if n not in first]


class DocsListing:
    """The docs/ files of the last build, as ``get_files`` made them."""

    def __init__(self) -> None:
        self._made: dict[str, dict] = {}  # src_uri -> the File's attributes as get_files made them
        self._settings: tuple | None = None
        self.theme = ThemeListing()

    def get_files(self, config, walk: Callable) -> Files:
        """The Files ``walk`` (MkDocs' get_files) would return for ``config``, made from the
        last listing where it can be; ``walk`` itself when it cannot."""
        settings = tuple(config.get(k) for k in SETTINGS)
        listed = self._from_last(config) if settings == self._settings else None
        if listed is None:
            files = ListedFiles(walk(config), self.theme)
            self._made = {f.src_uri: dict(vars(f)) for f in files}
        else:
            files, self._made = listed
        self._settings = settings
        return files

    def _from_last(self, config) -> tuple[Files, dict[str, dict]] | None:
        docs = config["docs_dir"]
        out: list[File] = []
        made_now: dict[str, dict] = {}
        new: list[File] = []
        last, blank = self._made, File.__new__  # (local names: this loop runs for every file of docs/)
        for folder, dirnames, filenames in os.walk(docs, followlinks=True):
            rel = os.path.relpath(folder, docs)
            prefix = "" if rel == "." else rel + "/"
            dirnames.sort()
            for name in _in_order(filenames):
                # The File's src_uri (a miss where it is not, as with "\\" paths: a new File then).
                path = prefix + name
                made = last.get(path)
                if made is None:
                    f = File(os.path.join(rel, name), docs, config["site_dir"], config["use_directory_urls"])
                    new.append(f)
                else:
                    f = blank(File)
                    f.__dict__.update(made)
                    made_now[path] = made
                out.append(f)
        # Every path seen before had a page of its own (get_files or this check said so): only a
        # new file can make two sources of one page, for which get_files' rule applies.
        if new and len({f.dest_uri for f in out}) < len(out):
            return None
        set_exclusions(new, config)
        made_now.update((f.src_uri, dict(vars(f))) for f in new)
        return ListedFiles(out, self.theme), made_now


class ThemeListing:
    """The names of the theme's files, listed again only when a folder of the theme changed.

    After docs/, MkDocs' build lists every file of the theme's folders (Material's: 14,500, its
    icons) and matches each against its patterns, to find the few static files to copy:
    ≈ 0.05 s CPU a rebuild. A file added, removed or renamed changes its folder's modification
    time, so the last names stand while every folder of the theme has the stamp it had (one that
    changed within the last moments is not trusted: ``build.folder_stamp``)."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._folders: dict[str, list[int] | None] = {}
        self._names: list[str] = []

    def names(self, env, config, pattern_filter: Callable[[str], bool]) -> list[str]:
        """``env.list_templates(filter_func=pattern_filter)`` as MkDocs' ``add_files_from_theme``
        asks it (its patterns read only the theme's static templates)."""
        from .build import folder_stamp

        key = (tuple(config.theme.dirs), tuple(config.theme.static_templates))
        now = time.time_ns()
        if key == self._key and all(
            stamp is not None and folder_stamp(folder, now) == stamp
            for folder, stamp in self._folders.items()
        ):
            return list(self._names)
        self._key, self._folders = None, {}
        for top in config.theme.dirs:  # the folders the theme's loader walks, as it walks them
            for folder, _, _ in os.walk(top, followlinks=env.loader.followlinks):
                self._folders[folder] = folder_stamp(folder, now)
        self._names = env.list_templates(filter_func=pattern_filter)
        self._key = key if self._folders else None
        return list(self._names)


class _ListedTheme:
    """What ``add_files_from_theme`` reads of the Jinja environment: its list of templates."""

    def __init__(self, env, config, theme: ThemeListing) -> None:
        self.env, self.config, self.theme = env, config, theme

    def list_templates(self, filter_func: Callable[[str], bool]) -> list[str]:
        return self.theme.names(self.env, self.config, filter_func)


class ListedFiles(Files):
    """MkDocs' Files as the listing hands them over: the same, but for the theme's files, whose
    names come from the last listing of the theme's folders while none of them changed."""

    def __init__(self, files, theme: ThemeListing) -> None:
        super().__init__(files)
        self._theme = theme

    def add_files_from_theme(self, env, config) -> None:
        if not isinstance(getattr(env, "loader", None), FileSystemLoader):
            return super().add_files_from_theme(env, config)
        return super().add_files_from_theme(_ListedTheme(env, config, self._theme), config)


class RebuildFiles(Files):
    """A rebuild's files under serve, some left to the built site (``plugin.leave_built_alone``).

    Iterating — what MkDocs' loops do (the pages it reads, renders, checks for anchors and puts in
    the sitemap, the static files it copies, the nav's pages) and what a plugin iterating the files
    sees — gives only the files this rebuild processes; a look-up by path (a link's target, a nav
    entry) finds every file, left out or not, as in a whole build. A left-out file keeps its
    inclusion, so a link to it is no "excluded" notice: its page is in the served site."""

    def __init__(self, files: Files, left_out: set[str]) -> None:
        super().__init__(())
        self._src_uris = dict(files.src_uris)
        self._processed = {uri: f for uri, f in self._src_uris.items() if uri not in left_out}

    def __iter__(self) -> Iterator[File]:
        return iter(self._processed.values())

    def __len__(self) -> int:
        return len(self._processed)

    def append(self, file: File) -> None:
        super().append(file)
        self._processed[file.src_uri] = file

    def remove(self, file: File) -> None:
        super().remove(file)
        self._processed.pop(file.src_uri, None)

    def left_out(self) -> set[str]:
        return self._src_uris.keys() - self._processed.keys()


def list_from_last(listing: DocsListing) -> Callable[[], None]:
    """Make MkDocs' build take its docs/ files from ``listing`` (in this process, until the
    returned function is called)."""
    import mkdocs.commands.build as build  # the build calls get_files by this module's name

    walk = build.get_files

    def get_files(config) -> Files:
        return listing.get_files(config, walk)

    build.get_files = get_files

    def undo() -> None:
        if build.get_files is get_files:
            build.get_files = walk

    return undo
