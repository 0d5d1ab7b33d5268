"""``policykb provisions [CLAUSE] [--doc 文号] [--modality M] [--topic T] [--json]``: the typed sentences."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kb.cli import EXIT_NEGATIVE, EXIT_OK, UserError
from kb.messages import msg


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("provisions", help=msg("provisions.help"))
    parser.add_argument("clause", nargs="?", help=msg("provisions.arg_clause"))
    parser.add_argument("--doc", help=msg("provisions.arg_doc"))
    parser.add_argument("--modality", help=msg("provisions.arg_modality"))
    parser.add_argument("--topic", help=msg("provisions.arg_topic"))
    parser.add_argument("--json", action="store_true", help=msg("provisions.arg_json"))
    parser.set_defaults(func=run)


def _repository() -> Any:
    from kb.graph.store import StoreError
    from kb.model import Repository

    try:
        return Repository.open()
    except StoreError as exc:
        raise UserError(str(exc)) from exc


def _lines(provision: Any) -> list[str]:
    sep = msg("provisions.separator")
    p = provision
    lines = [msg("provisions.line", doc=p.doc, clause=p.clause, index=p.index, modality=p.modality_label, text=p.text)]
    if p.actors:
        actors = sep.join(msg("provisions.actor", name=a.name, role=a.role_label) for a in p.actors)
        lines.append(msg("provisions.actors", actors=actors))
    for key, values in (
        ("targets", p.target_labels),
        ("topics", p.topic_labels),
        ("conditions", p.conditions),
        ("quantities", [q.text for q in p.quantities]),
        ("items", [i.text for i in p.items]),
    ):
        if values:
            lines.append(msg(f"provisions.{key}", **{key: sep.join(values)}))
    return lines


def run(args: argparse.Namespace) -> int:
    repo = _repository()
    sep = msg("provisions.separator")
    modality = None
    if args.modality:
        concept = repo.modality(args.modality)
        if concept is None:
            known = sep.join(f"{m.notation} {m.label}" for m in repo.modalities())
            raise UserError(msg("provisions.unknown_modality", modality=args.modality, known=known))
        modality = concept.notation
    topic = None
    if args.topic:
        topic = repo.topic(args.topic)
        if topic is None:
            known = sep.join(t.label for t in repo.topics())
            raise UserError(msg("provisions.unknown_topic", topic=args.topic, known=known))
    if args.doc and not repo.clauses(args.doc):
        known = sep.join(d.doc for d in repo.documents())
        raise UserError(msg("provisions.unknown_doc", doc=args.doc, known=known))
    found = repo.provisions(clause=args.clause or None, doc=args.doc, modality=modality, topic=topic)
    if args.json:
        print(json.dumps([p.to_json() for p in found], ensure_ascii=False, indent=2))
    else:
        lines = [line for p in found for line in _lines(p)] or [msg("provisions.none_found")]
        print("\n".join(lines))
    return EXIT_OK if found else EXIT_NEGATIVE
