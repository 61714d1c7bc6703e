"""kg_reporters: the article's bylined reporters are persons of the article.

A byline (记者 A B, 通讯员 C) names humans as surely as any sentence does, but it carries no cue the
person finder reads. The reading stage has parsed the byline (`Article.reporters`); here every place
the text spells such a name becomes a Person candidate (role reporter), so the reporter is an entity
with mentions, whether or not the body speaks of them again.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.base import Candidate, cands
from extract.components.tokenizer import text_of


class ReporterFinder:
    def __call__(self, doc: Doc) -> Doc:
        art = doc._.article
        names = [n for n in (getattr(art, "reporters", None) or []) if 2 <= len(n) <= 4]
        if not names:
            return doc
        text = text_of(doc)
        out = cands(doc)
        for name in dict.fromkeys(names):
            # spaced-out bylines (韩  鑫) name the person too
            pattern = r"[ \u3000]*".join(map(re.escape, name))
            for m in re.finditer(pattern, text):
                out.append(Candidate(m.start(), m.end(), "Person", name, {"role": "reporter"}, "kg_reporters", 1.1))
        return doc


@Language.factory("kg_reporters")
def make_reporters(nlp: Language, name: str) -> ReporterFinder:
    return ReporterFinder()
