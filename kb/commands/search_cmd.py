"""``policykb search`` (ranked clauses for a question) and ``policykb eval-search`` (gold-set evaluation)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from kb.cli import EXIT_NEGATIVE, EXIT_OK, UserError
from kb.messages import msg


def _searcher(args: argparse.Namespace):
    from kb.commands.common import open_graph, print_rebuild
    from kb.corpus import CorpusError
    from kb.search import EmbedderError, Searcher, SearchError, make_embedder
    from kb.search.fusion import parse_weights

    options: dict[str, Any] = {}
    if getattr(args, "weights", None):
        try:
            options["weights"] = {"dense": 1.0, "bm25": 0.7} | parse_weights(args.weights)
        except ValueError as exc:
            raise UserError(str(exc)) from exc
    open_graph()  # no search index without a graph: the same missing-build error as every command
    try:
        return Searcher.open(
            embedder=make_embedder(args.model), auto_build=not args.no_build, on_rebuild=print_rebuild, **options
        )
    except (SearchError, EmbedderError, CorpusError) as exc:
        raise UserError(str(exc)) from exc


def _missed(rank: int | None) -> bool:
    """A gold question the misses list shows: not found, or found below the top 5."""
    return rank is None or rank > 5


def _signals(text: str | None) -> tuple[str, ...]:
    from kb.search.searcher import SIGNALS

    if not text:
        return SIGNALS
    signals = tuple(s.strip() for s in text.split(",") if s.strip())
    unknown = [s for s in signals if s not in SIGNALS]
    if unknown or not signals:
        sep = msg("cli.name_separator")
        raise UserError(msg("cli.search.unknown_signals", signals=sep.join(unknown) or text, known=sep.join(SIGNALS)))
    return signals


def run_search(args: argparse.Namespace) -> int:
    from kb.search import SearchError, validate_query

    try:
        query = validate_query(args.query)  # before loading anything
    except SearchError as exc:
        raise UserError(str(exc)) from exc
    if args.k < 1 or args.k > 100:
        raise UserError(msg("cli.search.k_range"))
    signals = _signals(args.signals)
    searcher = _searcher(args)
    try:
        results = searcher.search(query, k=args.k, doc=args.doc, signals=signals)
    except SearchError as exc:
        raise UserError(str(exc)) from exc
    if args.json:
        payload = {"query": query, "results": [r.to_json() for r in results]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    elif not results:
        print(msg("cli.search.none"))
    else:
        for r in results:
            print(msg("cli.search.result", rank=r.rank, doc=r.doc, clause=r.clause, title=r.title))
            print(msg("cli.search.score", score=r.score, signals="+".join(r.signals) or "—"))
            text = r.text if args.full else (r.text[:150] + (msg("cli.search.ellipsis") if len(r.text) > 150 else ""))
            print(f"   {text}")
    return EXIT_OK if results else EXIT_NEGATIVE


def run_eval(args: argparse.Namespace) -> int:
    from kb.search import SearchError
    from kb.search.evaluate import default_gold_path, evaluate, format_misses, format_table, load_gold, subset

    searcher = _searcher(args)
    path = Path(args.gold) if args.gold else default_gold_path()
    try:
        gold = load_gold(path, searcher.documents)
        reports = evaluate(searcher, gold)
    except SearchError as exc:
        raise UserError(str(exc)) from exc
    if args.json:
        payload = {
            "gold": str(path),
            "model": searcher.embedder.spec,
            "metrics": {mode: report.summary() for mode, report in reports.items()},
            "held_out_metrics": {
                mode: report.summary() for mode, report in subset(reports, [g.held_out for g in gold]).items()
            },
            "misses": [
                {
                    "question": item.question,
                    "gold": sorted(item.gold),
                    "ranks": {m: r.ranks[i] for m, r in reports.items()},
                }
                for i, item in enumerate(gold)
                if any(_missed(r.ranks[i]) for r in reports.values())
            ],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(msg("cli.search.eval_head", path=path, count=len(gold), model=searcher.embedder.spec))
    print(format_table(reports))
    held_out = [g.held_out for g in gold]
    if any(held_out) and not all(held_out):
        print("\n" + msg("cli.search.eval_held_out", count=sum(held_out)))
        print(format_table(subset(reports, held_out)))
    print("\n" + msg("cli.search.eval_misses"))
    print(format_misses(reports, gold))
    return EXIT_OK


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", help=msg("cli.search.model"))
    parser.add_argument("--weights", help=msg("cli.search.weights"))
    parser.add_argument("--no-build", action="store_true", help=msg("cli.search.no_build"))


def register(subparsers: argparse._SubParsersAction) -> None:
    search = subparsers.add_parser("search", help=msg("cli.search.help"))
    search.add_argument("query", help=msg("cli.search.query"))
    search.add_argument("-k", type=int, default=5, help=msg("cli.search.k"))
    search.add_argument("--json", action="store_true", help=msg("cli.query.json"))
    search.add_argument("--doc", help=msg("cli.search.doc"))
    search.add_argument("--signals", help=msg("cli.search.signals"))
    search.add_argument("--full", action="store_true", help=msg("cli.search.full"))
    _common(search)
    search.set_defaults(func=run_search)

    evaluation = subparsers.add_parser("eval-search", help=msg("cli.search.eval_help"))
    evaluation.add_argument("--gold", help=msg("cli.search.gold"))
    evaluation.add_argument("--json", action="store_true", help=msg("cli.query.json"))
    _common(evaluation)
    evaluation.set_defaults(func=run_eval)
