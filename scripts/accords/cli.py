"""The `accords` command: validate, new, schema, links, bench, render, stage."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, summary

if TYPE_CHECKING:
    from .site import Site

EXIT_OK, EXIT_PROBLEMS, EXIT_INTERNAL = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; never lets a traceback reach the user."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place that turns a bug into one clear line
        print(f"accords: internal error: {type(exc).__name__}: {exc} (please report this)", file=sys.stderr)
        return EXIT_INTERNAL


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="accords", description="Validate and publish the Accords knowledge base.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check every record under data/ and report every problem")
    _data_option(validate)
    validate.add_argument("--format", choices=("text", "github"), default="text", help="github: also print ::error annotations")
    validate.set_defaults(run=_validate)

    new = commands.add_parser("new", help="write a commented template for a new record")
    from .schema import KINDS

    new.add_argument("kind", choices=sorted(KINDS))
    new.add_argument("id", help="the record id, which is also its file name")
    _data_option(new)
    new.add_argument("--stdout", action="store_true", help="print the template instead of writing the file")
    new.set_defaults(run=_new)

    schema = commands.add_parser("schema", help="write the JSON Schema of every kind (derived from the model)")
    schema.add_argument("--out", type=Path, default=None, help="folder to write to (default: the package's schemas/)")
    schema.add_argument("--check", action="store_true", help="write nothing; exit 1 if the files are stale")
    schema.set_defaults(run=_schema)

    links = commands.add_parser("links", help="check that every source URL still answers (needs the network)")
    _data_option(links)
    links.add_argument("--format", choices=("text", "github"), default="text", help="github: also print ::warning annotations")
    links.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for each URL")
    links.set_defaults(run=_links)

    bench = commands.add_parser("bench", help="time load, check, render and mkdocs build on synthetic records")
    bench.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000], help="record counts to measure")
    bench.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the mkdocs.yml to build with")
    bench.add_argument("--json", type=Path, default=None, help="also save the numbers to this file")
    bench.add_argument("--repeat", type=_at_least_one, default=3, help="runs of each timing, the best one kept (default 3)")
    bench.set_defaults(run=_bench)

    render = commands.add_parser("render", help="write the site's Markdown pages to a folder")
    _data_option(render)
    render.add_argument("--out", type=Path, required=True, help="folder to write the pages to")
    _url_style_option(render)
    render.set_defaults(run=_render)

    stage = commands.add_parser("stage", help="write a project folder for builders that run no MkDocs hooks (Zensical)")
    _data_option(stage)
    stage.add_argument("--out", type=Path, required=True, help="folder to write docs/ and mkdocs.yml to")
    stage.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the project's mkdocs.yml (default: mkdocs.yml)")
    _url_style_option(stage)
    stage.set_defaults(run=_stage)
    return parser


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=Path("data"), help="the data folder (default: data)")


def _url_style_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-directory-urls", action="store_true",
                        help="for a builder set to use_directory_urls: false (links in tables then end in .html)")


def _report(problems: list[Diagnostic], fmt: str = "text", level: str = "error") -> int:
    for problem in problems:
        print(problem)
        if fmt == "github":
            print(problem.github(level))
    if problems:
        print(summary(problems), file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from .pipeline import build

    kb, problems = build(args.data)
    if problems:
        return _report(problems, args.format)
    print(f"{len(kb.records)} records valid", file=sys.stderr)
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .load import RESERVED_IDS
    from .schema import COUNTRY_CODES, FOLDERS, ID_RE, KINDS, country_hint
    from .schema_docs import template

    record_id = args.id
    if args.kind == "country":
        if record_id.upper() in COUNTRY_CODES and not record_id.islower():
            print(f"accords: write the country code in lowercase: accords new country {record_id.lower()}", file=sys.stderr)
            return EXIT_PROBLEMS
        if record_id.upper() not in COUNTRY_CODES:
            hint = country_hint(record_id)
            fix = f"{hint}: run 'accords new country {hint[-2:].lower()}'" if hint else "a country's id is its ISO 3166-1 alpha-2 code in lowercase, e.g. in"
            print(f"accords: '{record_id}' is not an ISO 3166-1 country code: {fix}", file=sys.stderr)
            return EXIT_PROBLEMS
    elif not ID_RE.match(record_id) or record_id in RESERVED_IDS:
        print(f"accords: '{record_id}' is not a valid id: use lowercase letters, digits and single hyphens", file=sys.stderr)
        return EXIT_PROBLEMS
    # Ids are unique across all kinds (ACC202): an event may not take an agreement's id.
    for folder in sorted(FOLDERS):
        for suffix in (".yaml", ".yml"):
            existing = args.data / folder / f"{record_id}{suffix}"
            if existing.exists():
                print(f"accords: the id '{record_id}' is already used by {existing}: ids are unique across all kinds; "
                      "choose another (e.g. add the year or the partner)", file=sys.stderr)
                return EXIT_PROBLEMS
    text = template(args.kind, record_id)
    if args.stdout:
        print(text, end="")
        return EXIT_OK
    target = args.data / KINDS[args.kind].folder / f"{record_id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}: fill in the empty fields, then run 'accords validate'", file=sys.stderr)
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from .schema_docs import SCHEMA_DIR, schema_files, write_schemas

    out = args.out or SCHEMA_DIR
    if args.check:
        stale = [name for name, text in schema_files().items()
                 if not (out / name).exists() or (out / name).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"{out / name}: stale: run 'accords schema'")
        return EXIT_PROBLEMS if stale else EXIT_OK
    for path in write_schemas(out):
        print(f"wrote {path}", file=sys.stderr)
    return EXIT_OK


def _links(args: argparse.Namespace) -> int:
    from .links import check_links
    from .pipeline import build

    kb, problems = build(args.data)
    if problems:
        return _report(problems, args.format)
    broken = check_links(kb.records, timeout=args.timeout)
    if not broken:
        print("every source URL answered", file=sys.stderr)
    return _report(broken, args.format, level="warning")


def _at_least_one(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {text!r}")
    return int(text)


def _bench(args: argparse.Namespace) -> int:
    from .bench import machine, run, table

    results = run(args.sizes, args.config.resolve(), args.json, args.repeat)
    print(f"Machine: {machine()}; each timing the best of {args.repeat} runs\n")
    print(table(results))
    return EXIT_OK


def _render(args: argparse.Namespace) -> int:
    from .output import outputs_with_database

    if _refused_inside(args.out, args.data):
        return EXIT_PROBLEMS
    return _write(outputs_with_database(args.data, _site(args)), args.out, "data files")


def _stage(args: argparse.Namespace) -> int:
    from .stage import staged

    if not args.config.is_file():
        print(f"accords: {args.config}: no such file: name the project's mkdocs.yml with --config", file=sys.stderr)
        return EXIT_PROBLEMS
    if _refused_inside(args.out, args.data, args.config.parent / "docs"):
        return EXIT_PROBLEMS
    site = dataclasses.replace(_site(args), source_links=True)  # Zensical rewrites links in HTML blocks
    code = _write(staged(args.data, args.config, args.out, site), args.out, "other files")
    if code == EXIT_OK:
        print(f"build it with: zensical build -f {args.out / 'mkdocs.yml'}", file=sys.stderr)
    return code


def _refused_inside(out: Path, *sources: Path) -> bool:
    """Whether `out` lies in a folder the output is made from (it would be read back in), in which
    case it says so and the command stops."""
    target = out.resolve()
    for source in sources:
        if target == source.resolve() or source.resolve() in target.parents:
            print(f"accords: --out {out} is inside {source}, which the output is made from: name a folder outside it",
                  file=sys.stderr)
            return True
    return False


def _site(args: argparse.Namespace) -> Site:
    import os

    from .site import Site

    return Site(url=os.environ.get("ACCORDS_SITE_URL", ""), repo_url=os.environ.get("ACCORDS_REPO_URL", ""),
                branch=os.environ.get("ACCORDS_EDIT_BRANCH", "main"), directory_urls=not args.no_directory_urls)


def _write(result: tuple[list[Diagnostic], Mapping[str, str | bytes]], out: Path, what: str) -> int:
    """Write the files to `out`, or report the problems that kept them from being made."""
    from .output import OutputRefusedError, write_tree

    problems, files = result
    if problems:
        return _report(problems)
    try:
        write_tree(files, out)
    except OutputRefusedError as refused:
        print(f"accords: {refused}", file=sys.stderr)
        return EXIT_PROBLEMS
    pages = sum(path.endswith(".md") for path in files)
    print(f"wrote {pages} pages and {len(files) - pages} {what} to {out}", file=sys.stderr)
    return EXIT_OK
