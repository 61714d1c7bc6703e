"""Contract record -> RDF quads (kg/rdf.py): the triples of a hand-written record, RDF 1.2 reifiers,
mentions as Web Annotations, determinism across processes, loading into a real store, SHACL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from conftest import need_shared

from kg.ids import article_iri, entity_iri, post_body, post_name
from kg.rdf import (
    classic_quads,
    money,
    quads_to_nquads,
    record_to_nquads,
    record_to_quads,
    to_rdflib_graph,
    validate_shapes,
)
from kg.store import GraphStore
from kg.vocab import (
    DCT,
    ENTITIES_GRAPH,
    ID,
    KGO,
    META_GRAPH,
    OA,
    ORG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
    char_target,
    parse_char_target,
    sparql_char_offsets,
)
from ontology import ONTOLOGY_TTL

ROOT = Path(__file__).resolve().parents[1]


def ent(etype: str, name: str, mentions=(), **attrs) -> dict:
    e = {"type": etype, "name": name, "aliases": attrs.pop("aliases", []),
         "mentions": [{"start": s, "end": s + len(t), "text": t} for s, t in mentions], **attrs}
    e["id"] = entity_iri(e)
    return e


def sample_record() -> dict:
    """A made-up article: a municipal meeting chaired by the party secretary."""
    return {
        "doc": "news/2024/yichang_0305.txt",
        "article": 1,
        "title": "全市优化营商环境大会召开",
        "date": "2024-03-05",
        "source": "三峡日报",
        "reporters": ["张伟"],
        "editors": ["刘芳"],
        "url": "https://example.org/news/2024/0305/1.html",
        "tampered": True,
        "entities": [
            ent("Person", "王建国", [(40, "王建國"), (90, "王建国")], jurisdiction="宜昌市", official=True,
                posts=["宜昌市委书记"]),
            ent("Person", "李晓梅", [(100, "李晓梅")], jurisdiction="宜昌市", official=True,
                posts=["宜昌市委常委"]),
            ent("Place", "宜昌市", [(30, "宜昌市")], aliases=["宜昌"], level="prefecture", parent="湖北省"),
            ent("Place", "远安县", [(120, "远安县")], level="county", parent="宜昌市"),
            ent("Organization", "宜昌市委", [(33, "宜昌市委")], kind="party", jurisdiction="宜昌市"),
            ent("Enterprise", "宜昌长江新材料有限公司", [(150, "宜昌长江新材料有限公司")], aliases=["长江新材料"]),
            ent("Project", "远安县港口物流园", [(170, "远安县港口物流园")], place="远安县",
                investment={"value": 1250000000, "currency": "CNY"}),
            ent("Program", "双招双引", [(200, "双招双引")]),
            ent("Event", "全市优化营商环境大会", [(60, "全市优化营商环境大会")], date="2024-03-04", place="宜昌市"),
            ent("Document", "宜昌市优化营商环境三年行动方案", [(210, "宜昌市优化营商环境三年行动方案")]),
        ],
        "relations": [
            {"type": "holds_post", "person": "王建国", "post": "市委书记", "of": "宜昌市",
             "evidence": {"start": 30, "end": 43}, "confidence": 0.92, "extractor": "rules/post@1"},
            {"type": "holds_post", "person": "李晓梅", "post": "副市长", "of": "宜昌市"},
            {"type": "located_in", "child": "远安县", "parent": "宜昌市", "evidence": {"start": 118, "end": 123}},
            {"type": "project_in", "project": "远安县港口物流园", "place": "远安县"},
            {"type": "participant", "event": "全市优化营商环境大会", "person": "王建国", "role": "主持"},
            {"type": "participant", "event": "全市优化营商环境大会", "person": "李晓梅", "role": "出席"},
            {"type": "involved_in", "enterprise": "长江新材料", "project": "远安县港口物流园"},
            {"type": "launched_by", "program": "双招双引", "by": "宜昌市委"},
        ],
    }


N = ox.NamedNode


def eid(etype: str, name: str) -> ox.NamedNode:
    return N(f"{ID}{etype}/{name}")


def lit(v: str, dt: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(v, language=lang)
    return ox.Literal(v, datatype=N(dt)) if dt else ox.Literal(v)


@pytest.fixture(scope="module")
def rec() -> dict:
    return sample_record()


@pytest.fixture(scope="module")
def art(rec) -> ox.NamedNode:
    return N(article_iri(rec["doc"], rec["article"], url=rec["url"]))


@pytest.fixture(scope="module")
def quads(rec) -> list[ox.Quad]:
    return record_to_quads(rec)


@pytest.fixture(scope="module")
def triples(quads) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in quads}


def objects(triples, s, p) -> set:
    return {t.object for t in triples if t.subject == s and t.predicate == p}


def subjects(triples, p, o) -> set:
    return {t.subject for t in triples if t.predicate == p and t.object == o}


WANG = N(f"{ID}person/宜昌市/王建国")
LI = N(f"{ID}person/宜昌市/李晓梅")
SEC = eid("post", "宜昌市委书记")


def test_article_statements_and_entity_descriptions_go_to_their_graphs(quads, art):
    assert len(quads) > 150
    ent, meta = N(ENTITIES_GRAPH), N(META_GRAPH)
    assert {q.graph_name for q in quads} == {art, ent, meta}
    described = {ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.graph_name == ent}
    supported = {q.object for q in quads if q.graph_name == meta}
    assert all(q.subject == art and q.predicate == N(KGO + "supports") for q in quads if q.graph_name == meta)
    assert described == supported  # every description is supported by the article
    assert ox.Triple(WANG, N(RDFS + "label"), lit("王建国", lang="zh")) in described
    in_article = {ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.graph_name == art}
    assert not any(t.predicate in (N(RDFS + "label"), N(KGO + "adminCode")) and t.subject != art for t in in_article)
    assert ox.Triple(WANG, N(ORG + "holds"), SEC) in in_article


def test_article_metadata(triples, art):
    expected = [
        (art, RDF + "type", N(KGO + "Article")),
        (art, SCHEMA + "headline", lit("全市优化营商环境大会召开", lang="zh")),
        (art, SCHEMA + "datePublished", lit("2024-03-05", XSD + "date")),
        (art, SCHEMA + "url", N("https://example.org/news/2024/0305/1.html")),
        (art, DCT + "source", lit("news/2024/yichang_0305.txt")),  # the path as given
        (art, KGO + "tampered", lit("true", XSD + "boolean")),
        (art, KGO + "articleIndex", lit("1", XSD + "nonNegativeInteger")),
        (art, SCHEMA + "mentions", WANG),
    ]
    for s, p, o in expected:
        assert ox.Triple(s, N(p), o) in triples, (s, p, o)
    (pub,) = objects(triples, art, N(SCHEMA + "publisher"))
    assert objects(triples, pub, N(RDFS + "label")) == {lit("三峡日报", lang="zh")}
    assert objects(triples, pub, N(KGO + "kind")) == {lit("media")}
    (author,) = objects(triples, art, N(SCHEMA + "author"))
    assert ox.Triple(author, N(RDF + "type"), N(KGO + "Person")) in triples
    assert objects(triples, author, N(RDFS + "label")) == {lit("张伟", lang="zh")}


def test_entities_labels_and_attributes(triples):
    yichang, yuanan, hubei, china = (eid("place", n) for n in ("宜昌市", "远安县", "湖北省", "中国"))
    assert ox.Triple(WANG, N(RDF + "type"), N(KGO + "Person")) in triples
    assert ox.Triple(WANG, N(RDFS + "label"), lit("王建国", lang="zh")) in triples
    assert ox.Triple(WANG, N(KGO + "official"), lit("true", XSD + "boolean")) in triples
    assert ox.Triple(yichang, N(SKOS + "altLabel"), lit("宜昌", lang="zh")) in triples
    assert ox.Triple(yichang, N(KGO + "level"), lit("prefecture")) in triples
    # containment up to the province and the country, minting the places the record does not list
    assert ox.Triple(yuanan, N(SCHEMA + "containedInPlace"), yichang) in triples
    assert ox.Triple(yichang, N(SCHEMA + "containedInPlace"), hubei) in triples
    assert ox.Triple(hubei, N(SCHEMA + "containedInPlace"), china) in triples
    assert ox.Triple(hubei, N(RDFS + "label"), lit("湖北省", lang="zh")) in triples
    assert ox.Triple(hubei, N(KGO + "level"), lit("province")) in triples
    assert ox.Triple(china, N(KGO + "level"), lit("country")) in triples
    org = eid("organization", "宜昌市委")
    assert ox.Triple(org, N(KGO + "kind"), lit("party")) in triples
    assert ox.Triple(org, N(KGO + "jurisdiction"), yichang) in triples
    event = eid("event", "全市优化营商环境大会")
    assert ox.Triple(event, N(SCHEMA + "startDate"), lit("2024-03-04", XSD + "date")) in triples
    assert ox.Triple(event, N(SCHEMA + "location"), yichang) in triples
    assert ox.Triple(eid("document", "宜昌市优化营商环境三年行动方案"), N(RDF + "type"), N(KGO + "Document")) in triples


def test_project_investment_is_a_monetary_amount(triples):
    project = eid("project", "远安县港口物流园")
    assert ox.Triple(project, N(SCHEMA + "location"), eid("place", "远安县")) in triples
    (amount,) = objects(triples, project, N(KGO + "investment"))
    assert ox.Triple(amount, N(RDF + "type"), N(SCHEMA + "MonetaryAmount")) in triples
    assert objects(triples, amount, N(SCHEMA + "value")) == {lit("1250000000", XSD + "decimal")}
    assert objects(triples, amount, N(SCHEMA + "currency")) == {lit("CNY")}


def test_holds_post_makes_a_post_in_a_body_and_a_place(triples):
    yichang = eid("place", "宜昌市")
    assert ox.Triple(WANG, N(ORG + "holds"), SEC) in triples
    assert ox.Triple(SEC, N(RDF + "type"), N(KGO + "Post")) in triples
    assert ox.Triple(SEC, N(RDFS + "label"), lit("宜昌市委书记", lang="zh")) in triples
    assert ox.Triple(SEC, N(ORG + "postIn"), eid("organization", "宜昌市委")) in triples  # the record's entity
    assert ox.Triple(SEC, N(KGO + "jurisdiction"), yichang) in triples
    # 副市长 of 宜昌市: the post implies the municipal government, minted with kind and jurisdiction
    vice, gov = eid("post", "宜昌市副市长"), eid("organization", "宜昌市人民政府")
    assert ox.Triple(LI, N(ORG + "holds"), vice) in triples
    assert ox.Triple(vice, N(ORG + "postIn"), gov) in triples
    assert ox.Triple(gov, N(KGO + "kind"), lit("government")) in triples
    assert ox.Triple(gov, N(KGO + "jurisdiction"), yichang) in triples
    # a post listed on the person only (no relation) is held too, in the body its name implies
    member = eid("post", "宜昌市委常委")
    assert ox.Triple(LI, N(ORG + "holds"), member) in triples
    assert ox.Triple(member, N(ORG + "postIn"), eid("organization", "宜昌市委")) in triples
    # the relation and the posts attribute naming the same post give one holding, not two
    assert len(subjects(triples, N(KGO + "holder"), WANG)) == 1


def test_relations_map_to_standard_properties(triples):
    assert ox.Triple(eid("place", "远安县"), N(SCHEMA + "containedInPlace"), eid("place", "宜昌市")) in triples
    event = eid("event", "全市优化营商环境大会")
    assert objects(triples, event, N(SCHEMA + "participant")) == {WANG, LI}
    ent = eid("enterprise", "宜昌长江新材料有限公司")  # named by its alias in the relation
    assert ox.Triple(ent, N(KGO + "involvedIn"), eid("project", "远安县港口物流园")) in triples
    assert ox.Triple(eid("program", "双招双引"), N(KGO + "launchedBy"), eid("organization", "宜昌市委")) in triples


def reifiers_of(quads, s, p, o) -> list:
    tt = ox.Triple(s, N(p), o)
    return [q.subject for q in quads if q.predicate == N(RDF + "reifies") and q.object == tt]


def test_relation_metadata_on_rdf12_reifiers(quads, triples, art):
    (r,) = reifiers_of(quads, WANG, ORG + "holds", SEC)
    assert str(r.value).startswith(art.value + "/")
    for p, o in [
        (RDF + "type", N(KGO + "Assertion")),
        (RDF + "type", N(KGO + "PostEvidence")),
        (PROV + "wasDerivedFrom", art),
        (KGO + "asOf", lit("2024-03-05", XSD + "date")),
        (KGO + "confidence", lit("0.92", XSD + "decimal")),
        (KGO + "extractor", lit("rules/post@1")),
        (KGO + "holder", WANG),
        (KGO + "post", SEC),
    ]:
        assert ox.Triple(r, N(p), o) in triples, p
    assert objects(triples, r, N(KGO + "evidence")) == {N(art.value + "#char=30,43")}
    # no tenure is claimed: only "as of" the article date
    assert not any("start" in t.predicate.value.lower() for t in triples if t.subject == r)


def test_participation_reifier_carries_the_role(quads, triples):
    event = eid("event", "全市优化营商环境大会")
    (r,) = reifiers_of(quads, event, SCHEMA + "participant", WANG)
    assert ox.Triple(r, N(RDF + "type"), N(KGO + "Participation")) in triples
    assert objects(triples, r, N(KGO + "role")) == {lit("主持", lang="zh")}
    assert objects(triples, r, N(KGO + "event")) == {event}
    assert objects(triples, r, N(KGO + "agent")) == {WANG}
    assert len(reifiers_of(quads, eid("place", "远安县"), SCHEMA + "containedInPlace", eid("place", "宜昌市"))) == 1


def test_mentions_are_web_annotations_into_the_original_text(triples, art):
    (a,) = subjects(triples, N(OA + "hasBody"), WANG)  # one annotation per entity and article
    assert ox.Triple(a, N(RDF + "type"), N(OA + "Annotation")) in triples
    assert ox.Triple(a, N(OA + "motivatedBy"), N(OA + "identifying")) in triples
    found = set()
    for target in objects(triples, a, N(OA + "hasTarget")):  # one target per mention
        article, start, end = parse_char_target(target.value)
        assert article == art.value and end - start == 3
        values = objects(triples, target, N(RDF + "value"))
        # the printed text only where it is not the entity's name (traditional script here)
        found.add((start, next(iter(values)).value if values else None))
    assert found == {(40, "王建國"), (90, None)}
    assert objects(triples, WANG, N(RDFS + "label")) == {ox.Literal("王建国", language="zh")}


def test_char_targets_round_trip():
    t = char_target("https://w3id.org/govkg/article/ab12", 7, 19)
    assert t == "https://w3id.org/govkg/article/ab12#char=7,19"
    assert parse_char_target(t) == ("https://w3id.org/govkg/article/ab12", 7, 19)
    assert parse_char_target("https://w3id.org/govkg/article/ab12") is None
    assert parse_char_target("https://x.org/a#char=1") is None
    q = f"""PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?start ?end ?a WHERE {{ VALUES ?t {{ <{t}> }} {sparql_char_offsets("?t", article="?a")} }}"""
    (row,) = list(ox.Store().query(q))
    assert (int(row["start"].value), int(row["end"].value), row["a"].value) == (7, 19, "https://w3id.org/govkg/article/ab12")


def test_every_term_the_mapping_uses_is_declared_in_the_ontology(triples):
    ont = rdflib.Graph().parse(ONTOLOGY_TTL, format="turtle")
    declared = set(map(str, ont.subjects()))
    used = {t.predicate.value for t in triples} | {
        t.object.value for t in triples if t.predicate == N(RDF + "type")
    }
    missing = sorted(u for u in used if u not in declared and u != RDF + "type")
    assert missing == []


def test_nquads_are_deterministic_across_processes(rec):
    here = record_to_nquads(rec)
    assert record_to_nquads(json.loads(json.dumps(rec))) == here
    code = "import json,sys; from kg.rdf import record_to_nquads; sys.stdout.buffer.write(record_to_nquads(json.load(sys.stdin)))"
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", code], input=json.dumps(rec).encode(), capture_output=True,
                         cwd=ROOT, env=env, check=True).stdout
    assert out == here


def test_nquads_bulk_load_into_a_store_and_answer_sparql_12(tmp_path, rec, quads, art):
    store = GraphStore(tmp_path / "store")
    store.bulk_load_nquads(record_to_nquads(rec))
    assert len(store) == len(quads)
    assert sorted(store.named_graphs()) == sorted([art.value, ENTITIES_GRAPH, META_GRAPH])
    rows = store.select("SELECT ?post ?d WHERE { ?p org:holds ?post ~ ?r . ?r kgo:asOf ?d . ?p rdfs:label '王建国'@zh }")
    assert rows == [{"post": SEC.value, "d": "2024-03-05"}]
    chain = store.select("SELECT ?l WHERE { ?x rdfs:label '远安县'@zh ; schema:containedInPlace+/rdfs:label ?l }")
    assert {r["l"] for r in chain} == {"宜昌市", "湖北省", "中国"}
    store.close()


def test_quads_to_nquads_round_trips(quads):
    data = quads_to_nquads(quads)
    assert set(ox.parse(data, format=ox.RdfFormat.N_QUADS)) == set(quads)


def test_output_conforms_to_the_shapes(quads):
    conforms, report = validate_shapes(quads)
    assert conforms, report


def test_a_nameless_entity_violates_the_label_shape():
    rec = sample_record()
    rec["entities"][7]["name"] = " "  # the Program: extracted without a name
    conforms, report = validate_shapes(record_to_quads(rec))
    assert not conforms
    assert "rdfs:label" in report and "program/" in report


def test_wrong_object_classes_violate_the_shapes(quads):
    bad = []
    for q in quads:
        if q.predicate == N(ORG + "postIn"):  # a post "in" a place
            q = ox.Quad(q.subject, q.predicate, eid("place", "宜昌市"), q.graph_name)
        elif q.predicate == N(KGO + "holder"):  # evidence naming another holder than the triple it reifies
            q = ox.Quad(q.subject, q.predicate, LI if q.object == WANG else WANG, q.graph_name)
        elif q.predicate == N(OA + "hasTarget"):  # a target that names no span of the text
            q = ox.Quad(q.subject, q.predicate, N(q.object.value.split("#")[0] + "#para=2"), q.graph_name)
        bad.append(q)
    conforms, report = validate_shapes(bad)
    assert not conforms
    assert "org:Organization" in report
    assert "must be the subject / object of the org:holds triple" in report
    assert "#char=start,end" in report


def test_classic_encoding_removes_triple_terms_for_rdf11_tools(quads):
    classic = classic_quads(quads)
    assert not any(isinstance(q.object, ox.Triple) for q in classic)
    n_reifiers = sum(1 for q in quads if q.predicate == N(RDF + "reifies"))
    n_terms = sum(1 for q in classic if q.object == N(RDF + "TripleTerm") and q.graph_name != N(META_GRAPH))
    assert n_reifiers == n_terms == 9  # 8 relations + 1 post listed on a person only
    g = to_rdflib_graph(quads)
    assert len(g) == len({(q.subject, q.predicate, q.object) for q in classic})  # the union of the graphs


def test_holds_post_of_an_organisation_and_former_posts():
    rec = sample_record()
    rec["entities"].append(ent("Organization", "中共宜昌市委宣传部", kind="party", jurisdiction="宜昌市"))
    rec["relations"] = [
        {"type": "holds_post", "person": "李晓梅", "post": "原副部长", "of": "中共宜昌市委宣传部"},
        {"type": "holds_post", "person": "王建国", "post": "董事长", "of": "长江新材料"},
    ]
    q = record_to_quads(rec)
    t = {ox.Triple(x.subject, x.predicate, x.object) for x in q}
    post = eid("post", "中共宜昌市委宣传部副部长")
    assert ox.Triple(LI, N(ORG + "holds"), post) in t
    assert ox.Triple(post, N(ORG + "postIn"), eid("organization", "中共宜昌市委宣传部")) in t
    assert ox.Triple(post, N(KGO + "jurisdiction"), eid("place", "宜昌市")) in t
    (r,) = reifiers_of(q, LI, ORG + "holds", post)
    assert ox.Triple(r, N(KGO + "former"), lit("true", XSD + "boolean")) in t
    assert not objects(t, r, N(KGO + "asOf"))  # held before the article, not as of it
    chair = eid("post", "宜昌长江新材料有限公司董事长")
    assert ox.Triple(chair, N(ORG + "postIn"), eid("enterprise", "宜昌长江新材料有限公司")) in t
    conforms, report = validate_shapes(q)
    assert conforms, report


def test_awkward_names_still_give_valid_iris_and_literals():
    rec = {"doc": "x.txt", "article": 0, "title": '标题 "引号"\n第二行', "date": "2024-02-30", "source": None,
           "reporters": [], "url": "not a url", "relations": [],
           "entities": [{"id": "https://w3id.org/govkg/id/organization/a b<c>\ue000\ufffd", "type": "Organization",
                         "name": "a b<c>", "aliases": [], "mentions": [{"start": 0, "end": 3, "text": 'a"\\'}]}]}
    q = record_to_quads(rec)
    labels = [x.object.value for x in q if x.predicate == N(SCHEMA + "headline")]
    assert labels == ['标题 "引号"\n第二行']
    assert not [x for x in q if x.predicate == N(SCHEMA + "datePublished")]  # 30 February is no date
    (url,) = [x.object for x in q if x.predicate == N(SCHEMA + "url")]
    assert url == lit("not a url", XSD + "anyURI")
    ids = {x.subject.value for x in q if x.predicate == N(RDF + "type") and x.object == N(KGO + "Organization")}
    assert ids == {"https://w3id.org/govkg/id/organization/a%20b%3Cc%3E%EE%80%80%EF%BF%BD"}


def test_without_mentions_and_with_a_gazetteer():
    rec = sample_record()
    rec["entities"] = [ent("Place", "远安县", [(1, "远安县")], level="county")]
    rec["relations"] = []
    gazetteer = {"远安县": {"level": "county", "parent": "宜昌市", "code": "420525"},
                 "宜昌市": {"level": "prefecture", "parent": "湖北省", "code": "420500"},
                 "湖北省": {"level": "province", "parent": "中国", "code": "420000"}}
    q = record_to_quads(rec, mentions=False, places=gazetteer.get)
    t = {ox.Triple(x.subject, x.predicate, x.object) for x in q}
    assert not any(x.object == N(OA + "Annotation") for x in q)
    yichang = N(f"{ID}place/420500")
    assert ox.Triple(eid("place", "远安县"), N(SCHEMA + "containedInPlace"), yichang) in t
    assert ox.Triple(yichang, N(KGO + "adminCode"), lit("420500")) in t
    assert ox.Triple(yichang, N(SCHEMA + "containedInPlace"), N(f"{ID}place/420000")) in t
    assert ox.Triple(N(f"{ID}place/420000"), N(SCHEMA + "containedInPlace"), eid("place", "中国")) in t


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3500000, (Decimal(3500000), "CNY")),
        ({"value": 12.5, "unit": "亿", "currency": "CNY"}, (Decimal("1250000000.0"), "CNY")),
        ("总投资12.5亿元", (Decimal("1250000000.0"), "CNY")),
        ("3000万美元", (Decimal("30000000"), "USD")),
        ("未知", None),
        (-5, None),
    ],
)
def test_investment_amounts(value, expected):
    assert money(value) == expected


@pytest.mark.parametrize(
    ("post", "of", "name", "body"),
    [
        ("市委书记", "宜昌市", "宜昌市委书记", "宜昌市委"),
        ("市长", "宜昌市", "宜昌市长", "宜昌市人民政府"),
        ("县委常委", "远安县", "远安县委常委", "远安县委"),
        ("发改局局长", "远安县", "远安县发改局局长", "远安县发改局"),
        ("市领导", "宜昌市", "宜昌市领导", "宜昌市领导班子"),  # the city's leadership team
        ("宜昌市委书记", "宜昌市", "宜昌市委书记", "宜昌市委"),
    ],
)
def test_post_names_and_bodies(post, of, name, body):
    assert post_name(post, of) == name
    assert post_body(name, of) == body


def test_gold_annotations_map_to_conforming_quads():
    """The hand-made gold of the seed corpus, read as contract records (no mentions), maps and validates."""
    gold = need_shared("gold", "seeds")
    quads, n_articles = [], 0
    for f in sorted(gold.glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        for i, a in enumerate(data["articles"]):
            ents = []
            for e in a["entities"]:
                e = {**e, "aliases": e.get("aliases") or [], "mentions": []}
                e["id"] = entity_iri(e)
                ents.append(e)
            rec = {"doc": data["file"], "article": i, "title": a.get("title"), "date": a.get("date"),
                   "source": a.get("source"), "reporters": a.get("reporters") or [], "entities": ents,
                   "relations": a.get("relations") or []}
            quads += record_to_quads(rec)
            n_articles += 1
    assert n_articles >= 5
    holds = [q for q in quads if q.predicate == N(ORG + "holds")]
    assert len(holds) >= 10
    assert all(q.object.value.startswith(ID + "post/") for q in holds)
    conforms, report = validate_shapes(quads)
    assert conforms, report
