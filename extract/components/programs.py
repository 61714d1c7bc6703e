"""kg_programs: campaigns, initiatives, work methods and policies (“四下基层”, 主题教育, ...).

A quoted short phrase is a program when the text around it says so: a program word follows the
closing quote (“X”活动, “X”工作法, “X”新春大走访专项活动) or a launching verb precedes it (开展“X”,
践行“X”), or it has the numbered shape of a slogan-program (四下基层, 五抓一优, 三个一批), or it is
listed right after another program (“A”和“B”). Quoted speech is not: a sentence with ，/。, a long
string, or a quote after 说/指出/表示 + colon. Well-known programs written without quotes come from
resources/program_general.txt. The canonical name is the quoted text (a trailing 活动 removed).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.base import Candidate, cands
from extract.components.tokenizer import text_of

RESOURCES = Path(__file__).resolve().parent.parent / "resources"

_QUOTE = re.compile(r"“([^“”\n]{2,40})”|\"([^\"\n]{2,40})\"|「([^「」\n]{2,40})」")
_SPEECH_BEFORE = re.compile(r"(?:说|指出|表示|强调|认为|介绍|坦言|告诉记者|问|答|道|写道|称|提到|记者)[:：]?\s*$|[:：]\s*$")
_NUMERAL = "一二三四五六七八九十百千万两双"
_NUMBERED = re.compile(rf"^(?:[{_NUMERAL}](?:个|项|大|条|张)?[\u4e00-\u9fff]{{1,3}}){{2,4}}$|^[{_NUMERAL}]个一[\u4e00-\u9fff]?$"
                       rf"|^[\u4e00-\u9fff]{{0,3}}[{_NUMERAL}][\u4e00-\u9fff]{{1,3}}[{_NUMERAL}][\u4e00-\u9fff]{{1,3}}$")
_LIST_PART = re.compile(r"^[\u4e00-\u9fff]{2,6}(?:[、,，][\u4e00-\u9fff]{2,6}){1,5}$")
_EVENT_AFTER = re.compile(r"^(?:[\u4e00-\u9fff]{0,8}?)(?:大会|会议|座谈会|推进会|交流会|现场会|论坛|仪式|博览会|主题党日|发布会|峰会|活动周)")
_EVENT_INNER = re.compile(r"(?:[\u4e00-\u9fff]{2}行|之旅|活动周|文化节|旅游节|艺术节|博览会|大会|论坛|峰会|大赛)$")
_WHERE = re.compile(r"附近|周边|一带|沿线|境内|区域|地区|以[东南西北]|上空|海域")
_SIMILE = re.compile("就像|好像|如同|好比|犹如|宛如|仿佛|譬如|被誉为|被称为|堪称|号称|成为")
_NOT_PROGRAM = re.compile(r"[。！？!?；;:：]|^[\d.%]+$|^[A-Za-z\s]+$")


def read_sections(name: str) -> dict[str, list[str]]:
    """A resource word list: lines grouped under [section] headers ('#' comments, blanks skipped)."""
    out: dict[str, list[str]] = {"": []}
    cur = ""
    for line in (RESOURCES / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            cur = line[1:-1]
            out.setdefault(cur, [])
        else:
            out[cur].append(line)
    return out


def alternation(words) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns():
    words = read_sections("program_words.txt")
    short_suffix = re.compile(rf"^(?:等)?(?:{alternation(words['suffix'])})")
    wide = alternation(words["wide_suffix"])
    suffix = re.compile(rf"^(?:等)?(?:(?![的了是在和与为把被将对])[\u4e00-\u9fff]){{0,8}}?(?:{wide})")
    trigger = re.compile(rf"(?:{alternation(words['trigger'])})(?:了|好|起|的)?[\u4e00-\u9fff]{{0,4}}$")
    general: dict[str, str] = {}
    for line in read_sections("program_general.txt")[""]:
        names = [n.strip() for n in line.split("|") if n.strip()]
        for n in names:
            general[n] = names[0]
    general_re = re.compile(alternation(general))
    # an unquoted campaign names its object in four characters or more before its campaign word
    # (推行|村级财务公开|专项整治), not a bare verb (开展|整改|整治工作: work, no campaign)
    unquoted = re.compile(rf"(?:{alternation(words['trigger'])})((?:(?![的了是在和与为把被将对等])[\u4e00-\u9fff]){{4,10}}?"
                          rf"(?:{alternation(words['unquoted_suffix'])}))")
    return suffix, short_suffix, trigger, general, general_re, unquoted


def _speech(doc_text: str, start: int, inner: str) -> bool:
    """Is the quote at `start` (opening quote) quoted speech rather than a name?"""
    if _NOT_PROGRAM.search(inner):
        return True
    if re.search(r"[，,]", inner) and not _LIST_PART.match(inner):
        return True
    parts = inner.split()
    if len(parts) > 1 and all(len(x) <= 8 for x in parts) and len(parts) <= 3:
        return bool(_SPEECH_BEFORE.search(doc_text[max(0, start - 8) : start]))
    if len(inner) > 12 and not _LIST_PART.match(inner):
        return True
    return bool(_SPEECH_BEFORE.search(doc_text[max(0, start - 8) : start]))


def find_programs(text: str) -> list[Candidate]:
    """Program candidates in `text` (char offsets), quoted and general-list ones."""
    wide_suffix, short_suffix, trigger, general, general_re, unquoted = _patterns()
    out: list[Candidate] = []
    prev_end = -10  # end of the previous accepted quoted program
    for m in _QUOTE.finditer(text):
        inner = next(g for g in m.groups() if g is not None).strip()
        qs, qe = m.start(), m.end()
        if not inner or _speech(text, qs, inner):
            continue
        after = text[qe : qe + 16]
        numbered = bool(_NUMBERED.match(inner))
        if (_EVENT_AFTER.match(after) or _EVENT_INNER.search(inner)) and not numbered:
            continue  # “X”大会, “X运城行”: an event name, kg_events takes it
        suf = short_suffix.match(after) or wide_suffix.match(after)
        if suf and _WHERE.search(suf.group()):
            suf = None  # “蓝线”附近活动: a place where something moves, no program
        before = text[max(0, qs - 12) : qs]
        chained = qs - prev_end <= 1 or (qs - prev_end <= 2 and text[prev_end:qs] in ("和", "、", "与", "及", "或"))
        simile = bool(_SIMILE.search(before))  # 就像…的“毛细血管”: a figure of speech
        ok = bool(suf) or bool(trigger.search(before)) and not simile or numbered or chained
        ok = ok or (text[qs - 1 : qs] == "以" and text.startswith("为主题", qe))
        if not ok:
            continue
        name = " ".join(inner.split())
        if name.endswith("活动") and len(name) > 4:
            name = name[:-2]
        if suf:  # the mention covers “X” and its program word
            out.append(Candidate(qs, qe + suf.end(), "Program", name, {}, source="kg_programs"))
        else:
            out.append(Candidate(qs + 1, qe - 1, "Program", name, {}, source="kg_programs"))
        prev_end = qe
    # once “X” is a program, every other “X” in the article names it too (——解码“X”, 倡导“X”——…)
    accepted = {c.name for c in out}
    starts = {c.start for c in out} | {c.start - 1 for c in out}
    for m in _QUOTE.finditer(text):
        inner = " ".join(next(g for g in m.groups() if g is not None).split())
        if inner in accepted and m.start() not in starts:
            out.append(Candidate(m.start() + 1, m.end() - 1, "Program", inner, {}, source="kg_programs"))
    for m in unquoted.finditer(text):
        out.append(Candidate(m.start(1), m.end(1), "Program", m.group(1), {}, source="kg_programs"))
    quoted = [(c.start, c.end) for c in out]
    for m in general_re.finditer(text):
        s, e = m.span()
        if any(qs <= s and e <= qe for qs, qe in quoted):
            continue
        out.append(Candidate(s, e, "Program", general[m.group()], {"_general": True}, source="kg_programs"))
    return out


def _overlaps_name(c: Candidate, others: list[Candidate]) -> bool:
    """Does the program's quoted text coincide with a place/org/person/enterprise name?"""
    for o in others:
        if o.type in ("Place", "Organization", "Person", "Enterprise", "Post") and o.start <= c.start + 1 and c.end - 1 <= o.end:
            return True
    return False


@Language.factory("kg_programs")
def make_programs(nlp: Language, name: str):
    """spaCy factory: adds Program candidates to doc._.kg_cands."""

    def kg_programs(doc: Doc) -> Doc:
        cs = cands(doc)
        others = list(cs)
        for c in find_programs(text_of(doc)):
            if not _overlaps_name(c, others):
                cs.append(c)
        return doc

    return kg_programs
