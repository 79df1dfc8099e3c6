"""Compiled Jinja templates, kept in memory for the process and on disk between runs.

Compiling the theme's and our templates is a fifth of a small site's build, and the same in every
build: like Python's `__pycache__`, compiled code is stored (in a private folder in the system's
temporary folder) and used again while its template's source is unchanged.
"""

from __future__ import annotations

import hashlib
from types import CodeType

import jinja2
from jinja2.bccache import Bucket


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """A bytecode cache for any number of environments; a folder it cannot use only costs speed."""

    def __init__(self, directory: str | None = None) -> None:
        try:
            super().__init__(directory)
        except (OSError, RuntimeError):  # no private temporary folder: memory only
            self.directory = ""
        # One compiled version per template and syntax: an edited template replaces its old code, so
        # the memory holds as many entries as there are templates, however often they change.
        self._memory: dict[str, tuple[str, CodeType]] = {}

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        # Compiled code also depends on the environment's syntax and extensions (e.g. i18n): two
        # environments with different ones must not share it, as Jinja's own key would let them.
        key = hashlib.sha1(f"{name}|{filename}|{_syntax(environment)}".encode()).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = self._memory.get(bucket.key)
        code: CodeType | None = kept[1] if kept is not None and kept[0] == bucket.checksum else None
        if code is None and self.directory:
            super().load_bytecode(bucket)  # checks the checksum and Jinja's and Python's versions
            code = bucket.code
        if code is not None:
            bucket.code = code
            self._memory[bucket.key] = (bucket.checksum, code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._memory[bucket.key] = (bucket.checksum, bucket.code)
        if self.directory:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass


def _syntax(env: jinja2.Environment) -> tuple:
    """What Jinja's compiler reads from the environment besides the template's source."""
    def passes(functions: dict) -> tuple:  # whether a filter or test is given the context is compiled in
        return tuple(sorted((name, str(getattr(f, "jinja_pass_arg", ""))) for name, f in functions.items()))

    return (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
            env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
            env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
            env.is_async, env.autoescape if isinstance(env.autoescape, bool) else "by name",
            env.finalize is None or str(getattr(env.finalize, "jinja_pass_arg", "")), tuple(sorted(env.extensions)),
            passes(env.filters), passes(env.tests))


COMPILED = CompiledTemplates()  # shared by the renderer's environment and the theme's
