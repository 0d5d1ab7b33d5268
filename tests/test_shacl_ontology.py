"""SHACL shapes on the real graph and on broken fixtures; the ontology in rdflib, owlready2 and OWL-RL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS

from kb.cli import main
from kb.graph.build import build_graph
from kb.graph.namespaces import CV, ELI, PKB
from kb.graph.validate import validate_graph
from kb.paths import ontology_dir

SHAPES = ontology_dir() / "shapes.ttl"


@pytest.fixture(scope="module")
def graph() -> Graph:
    built, _ = build_graph()
    return built


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def test_built_graph_conforms(graph: Graph) -> None:
    assert validate_graph(graph, SHAPES) == (True, [])


def test_measure_without_lead_is_reported(graph: Graph) -> None:
    broken = _copy(graph)
    measure = next(broken.subjects(RDF.type, PKB.Measure))
    broken.remove((measure, CV.hasCompetentAuthority, None))
    conforms, messages = validate_graph(broken, SHAPES)
    assert not conforms
    assert any("措施没有牵头部门" in m for m in messages)


def test_fact_without_source_is_reported(graph: Graph) -> None:
    broken = _copy(graph)
    deadline = next(broken.subjects(RDF.type, PKB.Deadline))
    broken.remove((deadline, PROV.wasDerivedFrom, None))
    conforms, messages = validate_graph(broken, SHAPES)
    assert not conforms and any("没有来源条款" in m for m in messages)


def test_threshold_without_unit_and_document_without_number(graph: Graph) -> None:
    broken = _copy(graph)
    threshold = next(broken.subjects(RDF.type, PKB.Threshold))
    broken.remove((threshold, PKB.unit, None))
    document = next(broken.subjects(RDF.type, PKB.PolicyDocument))
    broken.remove((document, ELI.id_local, None))
    _, messages = validate_graph(broken, SHAPES)
    assert any("缺少单位" in m for m in messages)
    assert any("文号" in m for m in messages)


def test_validate_command_exit_codes(graph: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad, garbage = tmp_path / "good.ttl", tmp_path / "bad.ttl", tmp_path / "garbage.ttl"
    graph.serialize(good, format="turtle")
    broken = _copy(graph)
    broken.remove((next(broken.subjects(RDF.type, PKB.Measure)), CV.hasCompetentAuthority, None))
    broken.serialize(bad, format="turtle")
    garbage.write_text("this is @not turtle", encoding="utf-8")
    assert main(["validate", str(good)]) == 0
    assert main(["validate", str(bad)]) == 1
    assert "措施没有牵头部门" in capsys.readouterr().out
    assert main(["validate", str(garbage)]) == 2
    assert main(["validate", str(tmp_path / "missing.ttl")]) == 2


def test_failed_build_keeps_the_previous_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = Path(__file__).resolve().parent.parent
    for name in ("corpus", "ontology"):
        shutil.copytree(root / name, tmp_path / name)
    monkeypatch.setenv("POLICYKB_HOME", str(tmp_path))
    out = tmp_path / "build"
    assert main(["build", "--graph-only", "--out", str(out)]) == 0
    before = (out / "graph.ttl").read_bytes()
    assert main(["build", "--graph-only", "--out", str(out)]) == 0
    assert (out / "graph.ttl").read_bytes() == before  # idempotent
    source = tmp_path / "corpus" / "jinzhengbanfa-2019-57.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("（二）多措并举", "（五）多措并举"), encoding="utf-8")
    assert main(["build", "--graph-only", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "jinzhengbanfa-2019-57.txt:9" in err and "未改动" in err
    assert (out / "graph.ttl").read_bytes() == before


def _ontology() -> Graph:
    """The ontology and vocabularies through rdflib (owlready2 cannot read Turtle)."""
    ontology = Graph()
    for path in sorted(ontology_dir().glob("*.ttl")):
        if path.name != "shapes.ttl":
            ontology.parse(path, format="turtle")
    return ontology


def _as_rdfxml(ontology: Graph, folder: Path) -> Path:
    rdfxml = folder / "policykb.owl"
    ontology.serialize(rdfxml, format="xml")
    return rdfxml


def test_ontology_loads_in_rdflib_and_owlready2(tmp_path: Path) -> None:
    owlready2 = pytest.importorskip("owlready2")
    ontology = _ontology()
    assert (PKB.Measure, RDFS.subClassOf, URIRef("http://purl.org/vocab/cpsv#PublicService")) in ontology
    rdfxml = _as_rdfxml(ontology, tmp_path)
    world = owlready2.World()
    onto = world.get_ontology(rdfxml.as_uri()).load()
    names = {cls.name for cls in onto.classes()} | {cls.name for cls in world.classes()}
    assert {"Measure", "Clause", "Department", "Threshold", "Entitlement", "Obligation"} <= names


def test_graph_is_consistent_under_owl_rl(graph: Graph) -> None:
    """No individual falls in two disjoint classes once OWL-RL entailments are added (no Java needed)."""
    import owlrl

    closure = _copy(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    assert not list(closure.subjects(RDF.type, OWL.Nothing))
    pairs = [(a, b) for a, b in closure.subject_objects(OWL.disjointWith)]
    for members in closure.objects(None, OWL.members):
        items = list(closure.items(members))
        pairs += [(a, b) for i, a in enumerate(items) for b in items[i + 1 :]]
    for a, b in pairs:
        both = set(closure.subjects(RDF.type, a)) & set(closure.subjects(RDF.type, b))
        assert not both, (a, b, list(both)[:3])


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java; the OWL-RL check above needs none")
def test_ontology_is_consistent_under_hermit(tmp_path: Path) -> None:
    owlready2 = pytest.importorskip("owlready2")
    rdfxml = _as_rdfxml(_ontology(), tmp_path)
    world = owlready2.World()
    world.get_ontology(rdfxml.as_uri()).load()
    owlready2.sync_reasoner(world, debug=0)  # raises OwlReadyInconsistentOntologyError if inconsistent
    assert not list(world.inconsistent_classes())


def test_build_reports_a_search_index_it_cannot_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYKB_EMBEDDER", "no-such-embedder")
    assert main(["build", "--out", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    # the build is switched in only when graph and index are both complete: nothing half-built is served
    assert not (tmp_path / "graph.ttl").exists() and "检索索引无法构建" in captured.err
