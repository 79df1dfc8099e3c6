"""Where the published site lives: its URL, its repository, and the paths of record pages and files."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .schema import KINDS, Record


@dataclass(frozen=True)
class Site:
    """What the outputs need to know about where the site lives."""

    url: str = ""  # e.g. https://example.org/accords/ ; empty: links relative to the site root
    repo_url: str = ""  # e.g. https://github.com/owner/accords ; empty: no edit or "new record" links
    branch: str = "main"
    directory_urls: bool = True
    # Links in HTML blocks: MkDocs leaves them as written, so they are URLs; Zensical rewrites them
    # as it does Markdown links, so for it they name the target's Markdown file (source_links).
    source_links: bool = False

    def page_url(self, page: str) -> str:
        """The public URL of a generated Markdown page such as 'agreements/beca.md'."""
        return self.absolute(self.page_path(page))

    def page_path(self, page: str) -> str:
        """The URL path of a page from the site's root: 'agreements/beca/' (or 'agreements/beca.html')."""
        return _url_path(page, self.directory_urls)

    def link(self, target: str, here: str) -> str:
        """A relative link from page `here` to page `target` (both like 'agreements/beca.md') for HTML
        blocks: a URL, up to the root and down again (valid from any page); or, with source_links,
        the target's Markdown file the same way, for the builder to rewrite."""
        if self.source_links:
            return self._up(here) + target
        return self._up(here) + _url_path(target, self.directory_urls) or "./"

    def file_link(self, target: str, here: str) -> str:
        """A relative link from page `here` to a file of the site that is not a page (like
        'downloads/records.json'), for HTML blocks."""
        return self._up(here) + target

    def _up(self, here: str) -> str:
        """From page `here` up to the site's root: from its Markdown file with source_links, else from its URL."""
        return "../" * (here.count("/") if self.source_links else _url_path(here, self.directory_urls).count("/"))

    def absolute(self, path: str) -> str:
        return self.url.rstrip("/") + "/" + path if self.url else path


@functools.lru_cache(maxsize=1 << 16)  # every page links to many others, and many pages to each
def _url_path(page: str, directory_urls: bool) -> str:
    path = page[:-3]
    if directory_urls:
        return "" if path == "index" else (path[: -len("index")] if path.endswith("/index") else path + "/")
    return path + ".html"


def record_page(record: Record) -> str:
    return page_of(record.kind, record.id)


def page_of(kind: str, record_id: str) -> str:
    """The page of the record of this kind and id: a permalink while its id stays."""
    return f"{KINDS[kind].folder}/{record_id}.md"


def record_json_path(record: Record) -> str:
    return f"{KINDS[record.kind].folder}/{record.id}.json"
