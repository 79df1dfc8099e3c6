"""Check that every source URL still answers (the scheduled, non-blocking link check)."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from .diagnostics import Diagnostic
from .schema import Record, sourced_parts, value

USER_AGENT = "Accords-link-check/1.0 (a knowledge base that cites this page)"


def source_urls(records: list[Record]) -> Iterator[tuple[Record, tuple, str]]:
    """Every source URL of every record, with where it is written."""
    for record in records:
        for prefix, part in sourced_parts(record.fields):
            for i, source in enumerate(value(part, "sources", [])):
                yield record, (*prefix, "sources", i, "url"), source.url


def check_links(records: list[Record], timeout: float = 20.0, workers: int = 8) -> list[Diagnostic]:
    """One diagnostic (ACC601) for each source URL that does not answer with success."""
    items = list(source_urls(records))
    unique = sorted({url for _, _, url in items})
    with ThreadPoolExecutor(max_workers=workers) as pool:
        failures = dict(zip(unique, pool.map(lambda url: _probe(url, timeout), unique), strict=False))
    problems = []
    for record, loc, url in items:
        if failures[url]:
            line, col = record.where(loc)
            problems.append(Diagnostic(record.path, line, col, "ACC601", f"{url} {failures[url]}"))
    return sorted(problems)


def _probe(url: str, timeout: float) -> str:
    """'' when the URL answers with success; otherwise what went wrong, in words."""
    for method in ("HEAD", "GET"):  # some servers refuse HEAD but serve GET
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return ""
        except urllib.error.HTTPError as exc:
            if method == "GET" or exc.code not in (403, 405, 501):
                return f"answered HTTP {exc.code}"
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return f"did not answer: {reason}"
    return "did not answer"
