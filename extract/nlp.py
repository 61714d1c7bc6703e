"""The extraction pipeline: a blank spaCy "zh" (jieba or pkuseg) with our components.

    nlp = build_pipeline()                      # cached per process and config
    x = extract_article(article, nlp)           # -> Extraction(article, entities, relations)
    x = extract_text("市委书记张三主持会议。")     # line mode

config (all optional):
    {"segmenter": "jieba" | "pkuseg", "pkuseg_model": PATH, "user_words": True,
     "jieba_engine": "auto" | "jieba" | "jieba_next",   # auto: jieba_next (Rust) when installed
     "components": {"kg_places": {"weak_freq": 300}, ...},   # per-component config
     "disable": ["kg_located_in"]}
The statistical NER (kg_ner_model) joins when extract/models/ner/ exists, or with
{"components": {"kg_ner_model": {"path": MODEL_DIR}}}.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import spacy
from spacy.language import Language

from extract.components import base  # noqa: F401 - registers the Doc extensions
from extract.model import Article, Extraction
from extract.offsets import OffsetText

ENTITY_COMPONENTS = ("kg_places", "kg_orgs", "kg_posts", "kg_persons", "kg_enterprises")
MODEL_COMPONENTS = ("kg_ner_model",)  # only when its model is shipped (extract/models/ner/)
OPTIONAL_BEFORE_RESOLVE = ("kg_reporters", "kg_teams", "kg_periodicals", "kg_programs", "kg_projects", "kg_events")
AFTER_RESOLVE = ("kg_resolve", "kg_holds_post", "kg_located_in")
OPTIONAL_AFTER = ("kg_relations",)
_MODULES = {
    "kg_places": "places", "kg_orgs": "orgs", "kg_posts": "posts", "kg_persons": "persons",
    "kg_enterprises": "enterprises", "kg_programs": "programs", "kg_projects": "projects",
    "kg_events": "events", "kg_resolve": "resolve", "kg_holds_post": "holds_post",
    "kg_located_in": "located_in", "kg_relations": "relations", "kg_ner_model": "ner_model", "kg_teams": "teams", "kg_reporters": "reporters",
    "kg_periodicals": "periodicals",
}
_CACHE: dict[str, Language] = {}


def _register(name: str) -> bool:
    """Import the module that defines a component; True when the factory exists."""
    if Language.has_factory(name):
        return True
    try:
        importlib.import_module(f"extract.components.{_MODULES[name]}")
    except ImportError:
        return False
    return Language.has_factory(name)


def _model_shipped() -> bool:
    from extract.components.ner_model import model_present

    return model_present()


def component_names() -> list[str]:
    """The default component order (optional components only when registered)."""
    names = list(ENTITY_COMPONENTS)
    names += [n for n in MODEL_COMPONENTS if _model_shipped() and _register(n)]
    names += [n for n in OPTIONAL_BEFORE_RESOLVE if _register(n)]
    names += list(AFTER_RESOLVE)
    names += [n for n in OPTIONAL_AFTER if _register(n)]
    return names


def build_pipeline(config: dict[str, Any] | None = None) -> Language:
    """The pipeline for `config` (built once per process and config)."""
    config = config or {}
    key = json.dumps(config, sort_keys=True, ensure_ascii=False)
    nlp = _CACHE.get(key)
    if nlp is not None:
        return nlp
    import logging

    import jieba

    from extract.components.tokenizer import blank_zh

    jieba.setLogLevel(logging.WARNING)

    nlp = blank_zh(config.get("segmenter", "jieba"), config.get("pkuseg_model"), config.get("user_words", True),
                   config.get("jieba_engine", "auto"))
    comp_cfg = config.get("components") or {}
    disable = set(config.get("disable") or ())
    names = component_names()
    if "kg_ner_model" not in names and (comp_cfg.get("kg_ner_model") or {}).get("path"):
        names.insert(names.index("kg_enterprises") + 1, "kg_ner_model")  # a model outside the repository
    for name in names:
        if name in disable or not _register(name):
            continue
        nlp.add_pipe(name, config=comp_cfg.get(name) or {})
    _CACHE[key] = nlp
    return nlp


def extract_article(article: Article, nlp: Language | None = None) -> Extraction:
    """Run the pipeline on one article."""
    nlp = nlp or build_pipeline()
    doc = nlp.make_doc(article.text)
    doc._.article = article
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return Extraction(article, list(doc._.kg_entities or []), list(doc._.kg_relations or []))


def extract_text(text: str, nlp: Language | None = None, doc_id: str = "-") -> Extraction:
    """Line mode: one short text as its own bare article."""
    art = Article(doc=doc_id, index=0, body=OffsetText.identity(text), original=text)
    return extract_article(art, nlp)


__all__ = ["build_pipeline", "extract_article", "extract_text", "component_names", "spacy"]
