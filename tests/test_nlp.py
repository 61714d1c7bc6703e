"""The pipeline frame: build_pipeline, extract_article / extract_text, segmenters, and the seed bar."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extract.model import Article, to_record
from extract.nlp import build_pipeline, component_names, extract_article, extract_text
from extract.offsets import OffsetText

SHARED = Path(__file__).resolve().parents[2] / "shared"


def test_default_order_and_cache():
    nlp = build_pipeline()
    names = nlp.pipe_names
    core = ["kg_places", "kg_orgs", "kg_posts", "kg_persons", "kg_enterprises"]
    assert names[:5] == core
    assert names.index("kg_resolve") < names.index("kg_holds_post") < names.index("kg_located_in")
    for optional in ("kg_programs", "kg_projects", "kg_events"):
        if optional in names:
            assert names.index("kg_enterprises") < names.index(optional) < names.index("kg_resolve")
    if "kg_relations" in names:
        assert names.index("kg_relations") > names.index("kg_resolve")
    assert names == component_names()
    assert build_pipeline() is nlp
    assert build_pipeline({"disable": ["kg_located_in"]}) is not nlp


def test_disable_and_component_config():
    # the brand rule off (and the statistical model, which knows brands too): no company is found
    nlp = build_pipeline({"disable": ["kg_located_in", "kg_ner_model"], "components": {"kg_enterprises": {"brands": False}}})
    assert "kg_located_in" not in nlp.pipe_names and "kg_ner_model" not in nlp.pipe_names
    x = extract_text("比亚迪和华为发布新产品。", nlp)
    assert not [e for e in x.entities if e.type == "Enterprise"]
    x = extract_text("比亚迪和华为发布新产品。")
    assert {e.name for e in x.entities if e.type == "Enterprise"} == {"比亚迪", "华为"}


def test_extract_article_holds_post_with_city_context():
    text = ("湘潭日报讯 3月2日，湘潭市召开全市工作会议。市委书记刘志远主持会议，市委副书记、市长周建华讲话。"
            "市领导赵一鸣、钱二宝、孙三立参加。")
    art = Article(doc="x.txt", index=0, body=OffsetText.identity(text), original=text, source="湘潭日报")
    x = extract_article(art)
    people = {e.name: e for e in x.entities if e.type == "Person"}
    assert set(people) >= {"刘志远", "周建华", "赵一鸣", "钱二宝", "孙三立"}
    assert "湘潭市委书记" in people["刘志远"].attrs["posts"]
    assert people["刘志远"].attrs["official"] is True
    assert people["刘志远"].attrs["jurisdiction"] == "湘潭市"
    hp = {(r.args["person"], r.args["post"], r.args["of"]) for r in x.relations if r.type == "holds_post"}
    assert ("刘志远", "市委书记", "湘潭市") in hp
    assert ("周建华", "市委副书记", "湘潭市") in hp and ("周建华", "市长", "湘潭市") in hp
    assert ("孙三立", "市领导", "湘潭市") in hp
    orgs = {e.name: e for e in x.entities if e.type == "Organization"}
    assert "湘潭市委" in orgs and "市委" in orgs["湘潭市委"].aliases
    rec = to_record(x)
    for ent in rec["entities"]:
        for m in ent["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    json.dumps(rec, ensure_ascii=False)


def test_extract_text_is_line_mode_and_offsets_are_local():
    x = extract_text("记者 林晓明 报道：福州市鼓楼区今天举行活动。")
    assert x.article.text.startswith("记者")
    places = {e.name: e for e in x.entities if e.type == "Place"}
    assert places["鼓楼区"].attrs["parent"] == "福州市"
    assert places["鼓楼区"].attrs["code"] == "350102"
    person = next(e for e in x.entities if e.type == "Person")
    assert person.name == "林晓明"
    m = person.mentions[0]
    assert x.article.text[m.start : m.end] == "林晓明"


def test_spam_strings_never_become_entities():
    text = "金沙娱乐日报记者报道，金沙娱乐省委书记王大海出席。"
    art = Article(doc="s", index=0, body=OffsetText.identity(text), original=text, spam=["金沙娱乐"])
    x = extract_article(art)
    assert not [e for e in x.entities if "金沙娱乐" in e.name or any("金沙娱乐" in a for a in e.aliases)]


def test_pkuseg_segmenter_with_a_tiny_trained_model(tmp_path):
    spacy_pkuseg = pytest.importorskip("spacy_pkuseg")
    train = tmp_path / "train.txt"
    lines = ["市委 书记 张三 主持 会议 。", "龙岩市 副 市长 李四 出席 活动 。", "记者 王五 报道 。"] * 10
    train.write_text("\n".join(lines) + "\n", encoding="utf-8")
    model = tmp_path / "model"
    spacy_pkuseg.train(str(train), str(train), str(model), train_iter=2)
    nlp = build_pipeline({"segmenter": "pkuseg", "pkuseg_model": str(model)})
    assert [t.text for t in nlp.make_doc("市委书记张三主持会议。")] == ["市委", "书记", "张三", "主持", "会议", "。"]
    x = extract_text("龙岩市委书记张三主持会议。", nlp)
    assert ("Person", "张三") in {(e.type, e.name) for e in x.entities}
    assert ("Organization", "龙岩市委") in {(e.type, e.name) for e in x.entities}


def test_jieba_engines_cut_the_same_words():
    """jieba_next (the default engine when installed) gives python jieba's words, user words included."""
    pytest.importorskip("jieba_next")
    from extract.components.tokenizer import jieba_engine

    assert jieba_engine("auto").__name__ == "jieba_next"
    fast, slow = build_pipeline(), build_pipeline({"jieba_engine": "jieba"})
    text = ("福建省龙岩市新罗区工信局副局长王小明在国家发改委座谈会上说，2023年GDP增长5.2%。\n"
            "  湖南省株洲市委常委会召开会议，研究“四下基层”工作。")
    words = [t.text for t in fast.make_doc(text)]
    assert words == [t.text for t in slow.make_doc(text)]
    assert "龙岩市" in words and "国家发改委" in words  # gazetteer and national bodies as user words
    assert "".join(words) == text


def test_every_user_word_is_a_word_whatever_the_order():
    """A user word that is also the prefix of a longer one (南苏丹 / 南苏丹共和国) still gets its frequency:
    the segmentation must not depend on set order (PYTHONHASHSEED), or two workers cut differently."""
    import jieba

    from extract.components.gazetteer import gazetteer
    from extract.components.tokenizer import jieba_engine

    build_pipeline()
    full = [k for k, lst in gazetteer().keys.items() if len(k) >= 3 and any(kind != "short" for _, kind in lst)]
    for mod in {jieba, jieba_engine()}:
        missing = [w for w in full if not mod.dt.FREQ.get(w)]
        assert not missing, (mod.__name__, missing[:10])


def test_unknown_jieba_engine_is_named():
    with pytest.raises(ValueError, match="jieba engine 'fastest'"):
        build_pipeline({"jieba_engine": "fastest"})


def _seed_articles(path: Path) -> list[Article]:
    """The articles of a seed file: the reading stage's split when present, else one crude article."""
    from extract.model import Document

    orig = path.read_text(encoding="utf-8")
    try:
        from extract.reading import split_document
    except ImportError:
        split_document = None
    if split_document is not None:
        return split_document(Document(str(path), orig))
    import opencc

    from extract.offsets import OffsetTextBuilder

    body = OffsetText.identity(orig)
    simp = opencc.OpenCC("t2s").convert(orig)
    if len(simp) == len(orig):
        b = OffsetTextBuilder()
        b.replace(body, 0, len(orig), simp)
        body = b.build()
    return [Article(doc=str(path), index=0, body=body, original=orig)]


def test_seed_bar(tmp_path):
    """The issue's bar on the seed corpus, with the scorer run as a process."""
    seeds, scorer = SHARED / "corpus" / "seeds", SHARED / "eval" / "score_seeds.py"
    if not seeds.exists() or not scorer.exists():
        pytest.skip("shared/ seed corpus and scorer not present")
    nlp = build_pipeline()
    pred = tmp_path / "seed_pred.jsonl"
    with open(pred, "w", encoding="utf-8") as f:
        for p in sorted(seeds.glob("*.txt")):
            for art in _seed_articles(p):
                f.write(json.dumps(to_record(extract_article(art, nlp)), ensure_ascii=False) + "\n")
    figures = tmp_path / "seed_scores.json"
    subprocess.run([sys.executable, str(scorer), str(pred), "--json", str(figures)], check=True, capture_output=True)
    scores = json.loads(figures.read_text(encoding="utf-8"))
    level = "entities_article" if scores["split_ok"] == scores["split_total"] else "entities_file"
    for t in ("Person", "Place", "Organization", "Enterprise"):
        assert scores[level][t]["f1"] >= 0.80, (t, scores[level][t])
    assert scores["holds_post_f1"] >= 0.80
    if level == "entities_article":
        assert scores["entity_f1"] >= 0.85
