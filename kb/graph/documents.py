"""Documents, sections and clauses as ELI resources."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from kb.corpus import Document
from kb.corpus.numerals import int_to_cn
from kb.graph.namespaces import ELI, ORG, PKB, clause_iri, clause_slug, doc_iri, instance, org_iri, section_iri


def add_document(graph: Graph, doc: Document, known: dict[str, URIRef]) -> dict[URIRef, str]:
    """Add one document with its sections and clauses. Returns clause IRI → text."""
    node = doc_iri(doc.id)
    graph.add((node, RDF.type, PKB.PolicyDocument))
    graph.add((node, RDF.type, ELI.LegalResource))
    graph.add((node, ELI.id_local, Literal(doc.doc_number)))
    graph.add((node, DCTERMS.identifier, Literal(doc.doc_number)))
    graph.add((node, ELI.title, Literal(doc.title, lang="zh")))
    graph.add((node, DCTERMS.title, Literal(doc.title, lang="zh")))
    graph.add((node, PKB.shortTitle, Literal(doc.short_title, lang="zh")))
    if doc.attachment_title:
        graph.add((node, DCTERMS.alternative, Literal(doc.attachment_title, lang="zh")))
    graph.add((node, ELI.date_document, Literal(doc.date.isoformat(), datatype=XSD.date)))
    graph.add((node, DCTERMS.issued, Literal(doc.date.isoformat(), datatype=XSD.date)))
    if doc.date_note:
        graph.add((node, SKOS.note, Literal(doc.date_note, lang="zh")))
    graph.add((node, DCTERMS.source, Literal(doc.source_path.name)))
    if doc.colophon:  # the dated signature as the source states it: what grounds a document answer's date and issuer
        graph.add((node, PKB.colophon, Literal("\n".join(doc.colophon), lang="zh")))
    issuer = org_iri(doc.issuer)
    graph.add((node, ELI.passed_by, issuer))
    graph.add((issuer, RDF.type, ORG.Organization))
    graph.add((issuer, SKOS.prefLabel, Literal(doc.issuer, lang="zh")))
    for cited in doc.cites:
        target = known.get(cited) or instance("doc-number", cited)
        if cited not in known:
            graph.add((target, RDF.type, ELI.LegalResource))
            graph.add((target, ELI.id_local, Literal(cited)))
        graph.add((node, ELI.cites, target))
    for section in doc.sections:
        sec = section_iri(doc.id, section.number)
        graph.add((sec, RDF.type, PKB.Section))
        graph.add((sec, RDF.type, ELI.LegalResourceSubdivision))
        graph.add((sec, ELI.is_part_of, node))
        graph.add((sec, PKB.inDocument, node))
        graph.add((sec, ELI.number, Literal(section.numeral)))
        graph.add((sec, DCTERMS.title, Literal(section.title, lang="zh")))
        graph.add((sec, PKB.order, Literal(section.number)))
        graph.add((node, ELI.has_part, sec))
    texts: dict[URIRef, str] = {}
    for order, clause in enumerate(doc.clauses, start=1):
        iri = clause_iri(doc.id, clause_slug(clause.kind, clause.section_no, clause.item_no))
        parent = section_iri(doc.id, clause.section_no) if clause.section_no else node
        graph.add((iri, RDF.type, PKB.Clause))
        graph.add((iri, RDF.type, ELI.LegalResourceSubdivision))
        graph.add((iri, PKB.clauseLabel, Literal(clause.label)))
        graph.add((iri, PKB.clauseKind, Literal(clause.kind)))
        graph.add((iri, ELI.is_part_of, parent))
        graph.add((parent, ELI.has_part, iri))
        graph.add((iri, PKB.inDocument, node))
        graph.add((iri, PKB.text, Literal(clause.text, lang="zh")))
        graph.add((iri, DCTERMS.title, Literal(clause.title, lang="zh")))
        graph.add((iri, PKB.order, Literal(order)))
        graph.add((iri, PKB.sourceLine, Literal(clause.line)))
        if clause.item_no:
            graph.add((iri, ELI.number, Literal(int_to_cn(clause.item_no))))
        texts[iri] = clause.text
    return texts
