"""The ontology (ontology/kg.ttl) and its SHACL shapes (ontology/shapes.ttl): they parse, they are
complete (labels, comments, alignments, a shape per class) and load into the real store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from kg.store import GraphStore
from kg.vocab import KGO, ONTOLOGY_GRAPH, ORG, PROV, SCHEMA, SH, SKOS
from ontology import ONTOLOGY_TTL, SHAPES_TTL

K = rdflib.Namespace(KGO)
S = rdflib.Namespace(SCHEMA)
ORGN = rdflib.Namespace(ORG)
P = rdflib.Namespace(PROV)
SHN = rdflib.Namespace(SH)

ENTITY_CLASSES = ("Person", "Post", "Place", "Organization", "Enterprise", "Program", "Project", "Event", "Document")


@pytest.fixture(scope="module")
def ont() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_TTL, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES_TTL, format="turtle")


def test_ontology_parses_with_pyoxigraph_and_rdflib(ont):
    quads = list(ox.parse(ONTOLOGY_TTL.read_bytes(), format=ox.RdfFormat.TURTLE))
    assert len(quads) == len(ont) > 200
    assert (rdflib.URIRef("https://w3id.org/govkg/ontology"), RDF.type, OWL.Ontology) in ont


def test_shapes_parse_with_pyoxigraph_and_rdflib(shapes):
    quads = list(ox.parse(SHAPES_TTL.read_bytes(), format=ox.RdfFormat.TURTLE))
    assert len(quads) == len(shapes) > 100
    assert len(set(shapes.subjects(RDF.type, SHN.NodeShape))) >= 15


def test_every_kgo_term_has_english_and_chinese_labels_and_a_comment(ont):
    terms = {s for s in ont.subjects(RDF.type, None) if str(s).startswith(KGO)}
    assert len(terms) > 30
    for t in terms:
        langs = {lbl.language for lbl in ont.objects(t, RDFS.label)}
        assert {"en", "zh"} <= langs, f"{t} lacks an en or zh label"
        assert any(True for _ in ont.objects(t, RDFS.comment)), f"{t} has no rdfs:comment"


@pytest.mark.parametrize(
    ("cls", "parent"),
    [
        ("Article", S.NewsArticle), ("Person", S.Person), ("Post", ORGN.Post), ("Place", S.Place),
        ("Organization", ORGN.Organization), ("Enterprise", S.Corporation), ("Enterprise", ORGN.FormalOrganization),
        ("Program", P.Plan), ("Program", rdflib.URIRef(SKOS + "Concept")), ("Project", S.Project),
        ("Event", S.Event), ("Document", S.CreativeWork), ("Assertion", P.Entity),
    ],
)
def test_classes_align_with_standard_vocabularies(ont, cls, parent):
    assert (K[cls], RDF.type, OWL.Class) in ont
    assert (K[cls], RDFS.subClassOf, parent) in ont


def test_properties_have_domains_and_are_aligned(ont):
    assert (K.launchedBy, RDFS.subPropertyOf, P.wasAttributedTo) in ont
    assert (K.jurisdiction, RDFS.subPropertyOf, S.areaServed) in ont
    for prop in ("tampered", "official", "level", "adminCode", "kind", "asOf", "confidence", "evidence", "role"):
        assert any(True for _ in ont.objects(K[prop], RDFS.domain)), f"kgo:{prop} has no domain"
    for prop in ("tampered", "official", "asOf", "confidence"):
        assert any(True for _ in ont.objects(K[prop], RDFS.range)), f"kgo:{prop} has no range"


def test_statement_metadata_convention_is_documented(ont):
    doc = " ".join(str(c) for c in ont.objects(rdflib.URIRef("https://w3id.org/govkg/ontology"), RDFS.comment))
    for needle in ("rdf:reifies", "<<(", "kgo:Assertion", "rdf:TripleTerm", "#char=", "named graph"):
        assert needle in doc


def test_every_class_has_a_shape_requiring_its_label(shapes):
    targeted = set(shapes.objects(None, SHN.targetClass))
    for cls in (*ENTITY_CLASSES, "Article", "Assertion", "PostEvidence", "Participation"):
        assert K[cls] in targeted, f"no shape targets kgo:{cls}"
    assert rdflib.URIRef("http://www.w3.org/ns/oa#Annotation") in targeted
    span_targets = set(shapes.objects(rdflib.URIRef("https://w3id.org/govkg/shapes#SpanShape"), SHN.targetObjectsOf))
    assert rdflib.URIRef("http://www.w3.org/ns/oa#hasTarget") in span_targets
    entity_shape = rdflib.URIRef("https://w3id.org/govkg/shapes#EntityShape")
    paths = {shapes.value(p, SHN.path) for p in shapes.objects(entity_shape, SHN.property)}
    assert RDFS.label in paths
    label_shape = next(p for p in shapes.objects(entity_shape, SHN.property) if shapes.value(p, SHN.path) == RDFS.label)
    assert int(shapes.value(label_shape, SHN.minCount)) == 1


def test_ontology_loads_into_the_store_in_its_own_graph(tmp_path):
    store = GraphStore(tmp_path / "store")
    store.load_ontology()
    store.load_ontology()  # reloading replaces, does not duplicate
    n = len(list(ox.parse(ONTOLOGY_TTL.read_bytes(), format=ox.RdfFormat.TURTLE)))
    assert len(store) == n
    assert store.has_graph(ONTOLOGY_GRAPH)
    rows = store.select("SELECT ?l WHERE { kgo:Post rdfs:label ?l FILTER(LANG(?l) = 'zh') }")
    assert rows == [{"l": "职务"}]
    store.close()
