"""``policykb build`` and ``policykb validate``."""

from __future__ import annotations

import argparse
from pathlib import Path

from kb.cli import EXIT_NEGATIVE, EXIT_OK, UserError
from kb.messages import msg


def register(subparsers: argparse._SubParsersAction) -> None:
    from kb.paths import BUILD_ENV, HOME_ENV, default_build_dir

    build = subparsers.add_parser(
        "build",
        help=msg("cli.build.help"),
        description=msg("cli.build.description", home_env=HOME_ENV),
    )
    build.add_argument(
        "--out", type=Path, help=msg("cli.build.out", env=BUILD_ENV, default=_shown(default_build_dir()))
    )
    build.add_argument("--graph-only", action="store_true", help=msg("cli.build.graph_only"))
    build.set_defaults(func=run_build)
    validate = subparsers.add_parser("validate", help=msg("cli.validate.help"))
    validate.add_argument("graph", nargs="?", type=Path, help=msg("cli.validate.graph"))
    validate.set_defaults(func=run_validate)


def _shown(path: Path) -> str:
    """A path as the help shows it: ``~`` for the home folder."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def run_build(args: argparse.Namespace) -> int:
    from kb.corpus import CorpusError, load_corpus
    from kb.graph.build import BuildError, build_graph, finish_build, stage_build
    from kb.graph.build_folder import BuildFolderError, check_target, link_of
    from kb.paths import build_dir, corpus_dir

    target = link_of(args.out or build_dir())
    try:
        check_target(target)
        documents = load_corpus(corpus_dir())
        graph, report = build_graph(documents)
        # a fresh generation beside the build folder; the folder is switched to it only when complete
        folder = stage_build(graph, report, documents, target)
    except BuildFolderError as exc:
        raise UserError(str(exc)) from exc
    except CorpusError as exc:
        raise UserError(msg("cli.build.corpus_error", error=exc)) from exc
    except BuildError as exc:
        details = "".join(f"\n  - {message}" for message in exc.messages)
        raise UserError(msg("cli.build.graph_error", error=exc, details=details)) from exc
    counts = msg("cli.list_separator").join(f"{k} {v}" for k, v in report.counts.items())
    print(
        msg(
            "cli.build.graph_done",
            path=target / "graph.ttl",
            triples=report.triples,
            extracted=report.extracted_triples,
            curated=report.curated_triples,
            ontology=report.ontology_triples,
            counts=counts,
            seconds=report.seconds,
        ),
        flush=True,
    )
    if not args.graph_only:
        _build_search_index(documents, folder, target)  # raises UserError: the previous build stays
    finish_build(folder, report, documents, target)
    return EXIT_OK


def _build_search_index(documents: list, folder: Path, target: Path) -> None:
    from kb.search import build_index
    from kb.search.embedders import EmbedderError
    from kb.search.errors import SearchError

    try:
        config = build_index(documents, folder, progress=True)
    except (EmbedderError, SearchError) as exc:
        raise UserError(msg("cli.build.index_error", error=exc)) from exc
    print(
        msg(
            "cli.build.index_done",
            path=target / "search",
            passages=config["passages"],
            model=config["model"]["spec"],
            embedded=config["embedded"],
            seconds=config["build_seconds"],
        )
    )


def run_validate(args: argparse.Namespace) -> int:
    from rdflib import Graph

    from kb.corpus import CorpusError
    from kb.graph.build import SHAPES_FILE, BuildError, build_graph
    from kb.graph.validate import validate_graph
    from kb.paths import ontology_dir

    try:
        if args.graph:
            graph = Graph().parse(args.graph, format="turtle")
            conforms, messages = validate_graph(graph, ontology_dir() / SHAPES_FILE)
        else:
            graph, _ = build_graph()
            conforms, messages = True, []
    except BuildError as exc:
        if not exc.messages:
            raise UserError(str(exc)) from exc
        conforms, messages = False, exc.messages
    except (CorpusError, OSError, SyntaxError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    if conforms:
        print(msg("cli.validate.conforms", triples=len(graph)))
        return EXIT_OK
    print(msg("cli.validate.violations", count=len(messages)))
    for message in messages:
        print(f"  - {message}")
    return EXIT_NEGATIVE
