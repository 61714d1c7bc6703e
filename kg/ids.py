"""IRI minting: one IRI per real-world entity across all articles.

Identity rule (documented in README):
- Place: keyed by its administrative code when the gazetteer knows it, else by canonical name.
- Person: name plus the jurisdiction of the person's own posts in the article (`person_iris`): the
  prefecture or province of a post's place, 中国 for a national post (中共中央, 国务院, 全国人大,
  全国政协, 总书记, 国家主席, 总理 …), the country for a foreign head of state, the body for a post of
  a body with no place (a company); reporters and editors under their outlet. So two 张杰 in
  different cities stay apart and one official in two articles of a city merges. A person with no
  such post is unresolved: one node per name (`person/{name}`), marked kgo:unresolved.
- Organization, Enterprise, Program, Project, Event, Post, Document: canonical name (already
  expanded with its jurisdiction, e.g. 株洲市委).
- Post: its full name, built from a post and the place or body it is of (`post_name`: 市委书记 of
  株洲市 -> 株洲市委书记); `post_body` gives the body such a post belongs to (株洲市委).
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from kg.vocab import ARTICLE, ID

# Characters an IRI path segment may hold unescaped: unreserved ASCII and RFC 3987 `ucschar`.
_UCS_RANGES = (
    (0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF),
    *((b, b + 0xFFFD) for b in range(0x10000, 0xE0000, 0x10000)),
    (0xE1000, 0xEFFFD),
)


def _ucschar(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _UCS_RANGES)


@lru_cache(maxsize=1 << 16)
def iri_key(s: str) -> str:
    """A path segment for an IRI: the text itself, percent-encoded where IRIs need it."""
    out = []
    for ch in s.strip():
        cp = ord(ch)
        if cp < 0x80 and (ch.isalnum() or ch in "-._~") or cp >= 0x80 and not ch.isspace() and _ucschar(cp):
            out.append(ch)
        else:
            out.append(quote(ch.encode("utf-8", "surrogatepass"), safe=""))
    return "".join(out) or "_"


# posts of the national party, state and government bodies (a person holding one is keyed under 中国)
_NATIONAL_POST = re.compile(
    r"^(?:总书记|国家主席|国家副主席|国务院总理|国务院副总理|全国人大常委会委员长|全国政协主席)$"
    r"|^(?:中共中央|党中央|中央委员会|中央政治局|中央军委|国务院|全国人大|全国政协|国家[^级]|中国共产党中央)"
)


# bodies of the national party, state and government (a post `of` one is a national post)
_NATIONAL_BODY = re.compile(
    r"^(?:中共中央|党中央|中国共产党中央|中央(?!.*(?:省|市|县)$)|国务院|全国人大|全国人民代表大会|全国政协|"
    r"中国人民政治协商会议全国|国家(?!级)|最高人民|中华人民共和国|十[四三二一]届全国|全国|中华全国)"
    r"|^[\u4e00-\u9fff]{0,5}中央(?:委员会)?$"  # 民革中央, 团中央, 民盟中央委员会
)
# titles that are national offices by themselves, when the text names no other body for them
_NATIONAL_TITLE = re.compile(r"^(?:原|前)?(?:总书记|国家主席|国家副主席|(?:国务院)?总理|(?:国务院)?(?:常务)?副总理|国务委员|中央政治局常委|"
                             r"政治局常委|中央政治局委员|政治局委员|全国人大常委会委员长|全国政协主席)$")
_NATIONAL_COUNTRY = {"中国", "我国", "中华人民共和国"}
_MINISTRY = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:部|总局|署|办公厅)$")


def national_post(post: str | None, of: str | None = None) -> bool:
    """Whether a post (held `of` a body or place) is an office of the national party, state or
    government: 中共中央总书记, 国务院副总理, 全国政协副主席, 总理 (no other body named), …"""
    post = (post or "").strip()
    if of:  # the body or place named decides: 国家主席 of 越南 is no national post of China
        return bool(_NATIONAL_BODY.search(of)) or of in _NATIONAL_COUNTRY
    return bool(_NATIONAL_POST.search(post) or _NATIONAL_TITLE.match(post))


PlaceInfo = Any  # a callable: place name -> {"level", "parent", "code"} or None


def _place_key(name: str, info: dict[str, dict[str, Any]], places: PlaceInfo | None) -> str | None:
    """The prefecture, province or country a place lies in (the place itself at those levels)."""
    seen = set()
    while name and name not in seen:
        seen.add(name)
        p = info.get(name)
        if p is None and places is not None:
            try:
                p = places(name)
            except Exception:  # noqa: BLE001 - a gazetteer failure must not lose the article
                p = None
        if not p:
            return None
        if p.get("level") in ("prefecture", "province", "country"):
            return "中国" if name in _NATIONAL_COUNTRY else name
        name = p.get("parent") or ""
    return None


def _org_key(name: str, org: dict[str, Any], info: dict[str, dict[str, Any]], places: PlaceInfo | None) -> str:
    """Where a post of a body (no place given) belongs: the body's jurisdiction or the place its
    name opens with; a body of the national party, state or government -> 中国; else the body."""
    jur = org.get("jurisdiction")
    if isinstance(jur, str) and jur:
        key = _place_key(jur, info, places)
        if key:
            return key
    for n in range(min(len(name) - 1, 8), 1, -1):
        key = _place_key(name[:n], info, places)
        if key:
            return key
    if _NATIONAL_BODY.search(name) or org.get("kind") in ("government", "party") and _MINISTRY.search(name):
        return "中国"  # no place in its name: a ministry of the State Council, a national body
    return name


def person_iris(record: dict[str, Any], places: PlaceInfo | None = None) -> dict[str, str]:
    """Person name -> IRI for the persons of a contract record, keyed by the evidence of their own
    posts in this article (see the module docstring); `places` is a gazetteer look-up (kg.rdf)."""
    return {name: v[0] for name, v in person_keys(record, places).items()}


def person_keys(record: dict[str, Any], places: PlaceInfo | None = None) -> dict[str, tuple[str, str | None]]:
    """Person name -> (IRI, the place that keys it or None: an outlet, a body, unresolved)."""
    ents = [e for e in record.get("entities") or [] if isinstance(e, dict) and isinstance(e.get("name"), str)]
    info = {e["name"]: e for e in ents if e.get("type") == "Place"}
    orgs = {e["name"]: e for e in ents if e.get("type") in ("Organization", "Enterprise")}
    held: dict[str, list[tuple[str, str | None]]] = {}
    for r in record.get("relations") or []:
        if isinstance(r, dict) and r.get("type") == "holds_post" and isinstance(r.get("person"), str):
            of = r.get("of") if isinstance(r.get("of"), str) and r.get("of") else None
            held.setdefault(r["person"], []).append((str(r.get("post") or ""), of, r.get("tense") == "past"))
    staff = {n for k in ("reporters", "editors") for n in record.get(k) or [] if isinstance(n, str)}
    outlet = record.get("source") if isinstance(record.get("source"), str) and record["source"].strip() else None
    out: dict[str, str] = {}
    for e in ents:
        if e.get("type") != "Person" or e["name"] in out:
            continue
        name = e["name"]
        full = [p for p in e.get("posts") or [] if isinstance(p, str)]
        posts = []
        for post, of, _past in sorted(held.get(name, []), key=lambda h: h[2]):  # posts held now first
            if not of:  # a title read alone: its full name may name the body or place (越南|国家主席)
                longer = next((f for f in full if f.endswith(post) and len(f) > len(post)), None)
                head = longer[: -len(post)] if longer else ""
                if head and (_place_key(head, info, places) or _NATIONAL_BODY.search(head) or _BODY_END.search(head)):
                    of = head  # a place or a body, not a qualifier (执行|主席)
            posts.append((post, of))
        where, is_place = None, True
        if any(national_post(p, of) for p, of in posts) or any(_NATIONAL_POST.search(p) for p in full):
            where = "中国"
        for _post, of in posts:
            if where or not of:
                continue
            if of in info or looks_like_place(of) or places is not None and _place_key(of, info, places):
                where = _place_key(of, info, places) or (of if looks_like_place(of) else None)
            else:
                where = _org_key(of, orgs.get(of, {}), info, places)
                is_place = where == "中国" or _place_key(where, info, places) == where
        if not where and name in staff and outlet:
            where, is_place = outlet, False
        out[name] = (entity_iri({"type": "Person", "name": name, "jurisdiction": where}), where if is_place else None)
    for name in staff:  # reporters the record lists but does not describe
        out.setdefault(name, (entity_iri({"type": "Person", "name": name, "jurisdiction": outlet}), None))
    return out


def person_unresolved(iri: str) -> bool:
    """Whether a Person IRI is keyed by the name alone (no post gave a jurisdiction)."""
    return iri.startswith(f"{ID}person/") and "/" not in iri[len(ID) + 7 :]


def entity_iri(entity: Any) -> str:
    """The IRI of an entity (an extract.model.Entity, or a record dict with type/name/...)."""
    if isinstance(entity, dict):
        etype, name, attrs = entity["type"], entity["name"], entity
    else:
        etype, name, attrs = entity.type, entity.name, entity.attrs
    kind = etype.lower()
    if etype == "Place" and attrs.get("code"):
        return f"{ID}place/{attrs['code']}"
    if etype == "Place" and attrs.get("within_code"):
        # a township or village has no code: its name within the nearest coded division (a village
        # also under its township), so same-named towns of two counties stay two places
        path = [attrs["within_code"]]
        if attrs.get("level") == "village" and attrs.get("parent"):
            path.append(iri_key(attrs["parent"]))
        return f"{ID}place/{'/'.join(path)}/{iri_key(name)}"
    if etype == "Person":
        where = attrs.get("jurisdiction") or attrs.get("_jurisdiction")
        if any(isinstance(p, str) and _NATIONAL_POST.search(p) for p in attrs.get("posts") or ()):
            where = "中国"  # a national office holder is one person wherever the article is from
        if where:
            return f"{ID}person/{iri_key(where)}/{iri_key(name)}"
    return f"{ID}{kind}/{iri_key(name)}"


def article_iri(doc: str, index: int, text: str | None = None, url: str | None = None) -> str:
    """The IRI of an article: stable for the same source document and position.

    Keyed by the URL when known, else by the document's absolute path (`path:line` for a line
    of a .jsonl file) and the article index: two `index.html` in different folders stay apart.
    """
    key = url or os.path.abspath(str(doc))
    h = hashlib.sha1(f"{key}#{index}".encode()).hexdigest()[:16]
    return f"{ARTICLE}{h}"


# -- posts: the name of a post and the organisation it implies (general knowledge of titles) -------

_LEVEL_CHARS = "省市县区州盟旗镇乡村"
_PLACE_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "街道", "新区", "省", "市", "县", "区", "州",
                   "盟", "旗", "镇", "乡", "村")
# titles a post name ends with, longest first (the rest of the post names the body it belongs to)
_TITLES = sorted(
    {
        "书记", "副书记", "常务副书记", "总书记", "常委", "委员", "主任", "副主任",
        "常务副主任", "主席", "副主席", "部长", "副部长", "常务副部长", "局长", "副局长", "厅长", "副厅长",
        "处长", "副处长", "科长", "副科长", "院长", "副院长", "检察长", "副检察长", "秘书长", "副秘书长",
        "组长", "副组长", "总经理", "副总经理", "董事长", "副董事长", "会长", "副会长", "理事长", "校长",
        "副校长", "所长", "站长", "社长", "总编辑", "台长", "行长", "政委", "队长", "署长", "主任委员",
        "巡视员", "一级巡视员", "二级巡视员", "调研员", "负责人",
    },
    key=len,
    reverse=True,
)
_HEAD_OF_GOVERNMENT = re.compile(r"^(?:常务)?副?[省市县区州镇乡旗]长$")
_BODY_END = re.compile(r"(?:委员会|人大常委会|常委会|政协|政府|党组|工委|纪委|监委|委|局|厅|部|办公室|办|署|院|组|中心|公司|集团|处|科)$")


def place_stem(place: str) -> str:
    """A place name without its administrative suffix (株洲市 -> 株洲); the name when none applies."""
    for suf in _PLACE_SUFFIXES:
        if place.endswith(suf) and len(place) - len(suf) >= 2:
            return place[: -len(suf)]
    return place


def looks_like_place(name: str) -> bool:
    """Whether a name ends like an administrative division (…省, …市, …县, …街道)."""
    return name.endswith(_PLACE_SUFFIXES)


def post_name(post: str, of: str | None) -> str:
    """The full name of a post held in/of `of` (a place or body): 市委书记 of 株洲市 -> 株洲市委书记.

    A 原 ("former") before the title is kept out (原副部长, 中宣部原副部长): see `post_is_former`.
    """
    post = _FORMER.sub("", post.strip(), count=1)
    if not of:
        return post
    stem = place_stem(of)
    if post.startswith(of) or (stem != of and post.startswith(stem)):
        return post
    if looks_like_place(of) and post[:1] in _LEVEL_CHARS and of.endswith(post[:1]):
        return of + post[1:]
    if post.startswith(("地委", "地区", "行署")):
        return stem + post
    return of + post


# 原 opening a post, or between its body and its title (中宣部原副部长); never inside a name (太原市)
_FORMER = re.compile(r"(?:^|(?<=[部委局厅办府院会组司处室校社台行]))原(?=[\u4e00-\u9fff]{2})")


def post_is_former(post: str) -> bool:
    """Whether a post string says the post was held before (原副部长, 中宣部原副部长)."""
    return bool(_FORMER.search(post.strip()))


_LEADERS = {"领导", "市领导", "县领导", "区领导", "省领导", "州领导", "旗领导", "镇领导", "乡领导"}


def post_body(full_post: str, place: str | None) -> str | None:
    """The organisation a post (full name) belongs to: 株洲市委书记 -> 株洲市委, 株洲市长 -> 株洲市人民政府.

    A collective title of a place's leaders (株洲市领导, 县领导) belongs to the place's leadership
    team (株洲市领导班子: the leaders of its party committee, congress, government and CPPCC).
    """
    if place and full_post.startswith(place):
        rest = full_post[len(place):]
        if rest in _LEADERS:
            return place + "领导班子"
        if _HEAD_OF_GOVERNMENT.match(place[-1:] + rest) or _HEAD_OF_GOVERNMENT.match(rest):
            return place + "人民政府"
    for title in _TITLES:
        if full_post.endswith(title) and len(full_post) > len(title):
            body = full_post[: -len(title)]
            if body != place and _BODY_END.search(body) and len(body) >= 2:
                return body
            return None
    return None


def body_kind(name: str) -> str:
    """Kind of a government body from its name: party, government or other."""
    if re.search(r"(?:党|[省市县区州盟旗镇乡地]委|工委|纪委|中共|中央委员会)", name):
        return "party"
    if re.search(r"(?:政府|局|厅|办公室|办|署|人大|政协|法院|检察院|委员会|部|领导班子)$", name):
        return "government"
    return "other"
