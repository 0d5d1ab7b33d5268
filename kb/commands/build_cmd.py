"""``policykb build`` and ``policykb validate``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb.cli import EXIT_ERROR, EXIT_NEGATIVE, EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    build = subparsers.add_parser("build", help="从语料构建知识图谱（及检索索引）到构建目录")
    build.add_argument("--out", type=Path, help="构建目录（默认 ./build 或 $POLICYKB_BUILD）")
    build.add_argument("--graph-only", action="store_true", help="只构建知识图谱，不构建检索索引")
    build.set_defaults(func=run_build)
    validate = subparsers.add_parser("validate", help="用 SHACL 约束校验知识图谱；符合 0，不符合 1，出错 2")
    validate.add_argument("graph", nargs="?", type=Path, help="要校验的 Turtle 文件（默认：从语料重新构建后校验）")
    validate.set_defaults(func=run_validate)


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
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    except CorpusError as exc:
        print(f"错误：语料无法解析：{exc}\n已有的构建目录未改动。", file=sys.stderr)
        return EXIT_ERROR
    except BuildError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        for message in exc.messages:
            print(f"  - {message}", file=sys.stderr)
        print("已有的构建目录未改动。", file=sys.stderr)
        return EXIT_ERROR
    counts = "，".join(f"{k} {v}" for k, v in report.counts.items())
    print(
        f"知识图谱：{target / 'graph.ttl'}（{report.triples} 个三元组；抽取 {report.extracted_triples}，"
        f"人工整理 {report.curated_triples}，本体 {report.ontology_triples}；{counts}；{report.seconds:.2f} 秒）"
    )
    if not args.graph_only and _build_search_index(documents, folder, target) != EXIT_OK:
        return EXIT_ERROR
    finish_build(folder, report, documents, target)
    return EXIT_OK


def _build_search_index(documents: list, folder: Path, target: Path) -> int:
    from kb.search import build_index
    from kb.search.embedders import EmbedderError
    from kb.search.errors import SearchError

    try:
        config = build_index(documents, folder, progress=True)
    except (EmbedderError, SearchError) as exc:
        print(f"错误：检索索引无法构建：{exc}\n已有的构建目录未改动。", file=sys.stderr)
        return EXIT_ERROR
    print(
        f"检索索引：{target / 'search'}（{config['passages']} 段，模型 {config['model']['spec']}，"
        f"新嵌入 {config['embedded']} 段，{config['build_seconds']:.2f} 秒）"
    )
    return EXIT_OK


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
            print(f"错误：{exc}", file=sys.stderr)
            return EXIT_ERROR
        conforms, messages = False, exc.messages
    except (CorpusError, OSError, SyntaxError, ValueError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    if conforms:
        print(f"知识图谱符合 SHACL 约束（{len(graph)} 个三元组）。")
        return EXIT_OK
    print(f"知识图谱不符合 SHACL 约束（{len(messages)} 处）：")
    for message in messages:
        print(f"  - {message}")
    return EXIT_NEGATIVE
