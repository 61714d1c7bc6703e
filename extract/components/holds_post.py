"""kg_holds_post: who holds which post, and the person attributes that follow from it.

A person mention right after a post (市委书记曹慧泉), after coordinated posts (市委副书记、市长陈恢清:
two relations), or in an enumeration after a post (市领导A、B、C: each) holds that post. The relation
is {person, post, of}: `of` is the place the post's body belongs to (株洲市 for 市委书记), or the body
itself when it has no place (a company, 中共中央). Person attrs: posts (full post strings), official,
jurisdiction (prefecture or province for the person's IRI).

When the post finder left `of` empty, the text around the post completes it: a body word and a place
before the title (宁德地委书记 -> 地委书记 of 宁德市), an enterprise or organisation right before it
(…有限公司行政副总经理 -> of the company), general knowledge (总书记 -> 中共中央). A bare title after a
name (张三书记) that repeats a post the person holds in the article is that post, not a new one.
Evidence covers the post (with its body) and the name, in whichever order they come.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extract.components.tokenizer import text_of
from extract.model import Relation
from kg.ids import post_name

_GAP = set(" \u3000")
_BYLINE = {"记者", "通讯员", "编辑", "主编", "责任编辑", "摄影", "见习记者", "实习记者"}
# a party body word between a place and a bare title: 宁德地委书记, 青石县委副书记, 某某镇党委书记
_BODY_WORD = re.compile(r"(?:地委|党工委|党委|党组|工委|[省市县区州盟旗镇乡]委)$")
# a qualifier between a company or body and its post: …有限公司行政副总经理, …集团常务副总裁
_QUALIFIER = ("", "行政", "常务", "执行", "党委")
# titles of a grassroots body that takes the place before it (村, 社区, 乡镇): 党支部书记, 村委会主任
_BRANCH_TITLES = ("党总支", "党支部", "总支", "支部", "村委会", "居委会", "村民委员会", "居民委员会", "党委", "党工委")
# posts that general knowledge places in one body when the text names none
_NATIONAL = {"总书记": "中共中央"}


def _relation_args(text: str, pc) -> tuple[str, str | None]:
    """(post as written without its place, of) for a Post candidate."""
    a = pc.attrs
    title = a.get("title") or text[pc.start : pc.end]
    if a.get("_org_start") is None:
        return title, a.get("of")
    if a.get("_org_type") == "Organization" and a.get("_org_jur") and a.get("_org_body") is not None:
        b = a["_org_body"]
        if b > 0 and text[b - 1] in "省市县区州":
            b -= 1
        return text[b : pc.start] + title, a["_org_jur"]
    return title, a.get("of")


def _complete(text: str, ps: int, title: str, anchors: dict) -> tuple[str, str | None, int]:
    """(post, of, start) for a post the post finder left without a body: look left of the title."""
    window = text[max(0, ps - 4) : ps]
    m = _BODY_WORD.search(window)
    if m:
        b = ps - len(m.group())
        hit = anchors.get(b)
        if hit is not None and hit[1].type in ("Place", "Organization"):
            return m.group() + title, hit[1].name, hit[0]
    hit = anchors.get(ps)
    if hit is not None and hit[1].type == "Place" and title.lstrip("副").startswith(_BRANCH_TITLES):
        return title, hit[1].name, hit[0]  # 石岭村|党总支书记: the branch of the place before it
    for q in _QUALIFIER:
        if q and not window.endswith(q):
            continue
        hit = anchors.get(ps - len(q))
        if hit is not None and hit[1].type in ("Enterprise", "Organization"):
            return q + title if q == "党委" else title, hit[1].name, hit[0]
    bare = title.lstrip("原前")
    if bare in _NATIONAL:
        return title, _NATIONAL[bare], ps
    return title, None, ps


# a bare department between a list's 、 and a title: 、组织部|部长, 、办公室|主任
_DEPT_IN_LIST = re.compile(r"、([\u4e00-\u9fff]{1,6}?(?:部|办|局|厅|处|科|室|委))(?=$)")
# a verb of taking up a post, or a copula, right before the post: 当上了|村党支部书记, 原是|…负责人
_APPOINT = re.compile(r"(?:当上了?|当选为?|担任|出任|接任|升任|调任|就任|兼任|被选为|被选举为|被任命为|成为|原是|曾是|现是|是|任)(?=$)")
_BARE_BODY = re.compile(r"(?:村|社区|镇|乡|街道)?(?:党总支|党支部|党委|党工委|村委会|居委会|支部|总支)(?=$)")
_CLAUSE_GAP = re.compile(r"，?[^，。！？；：“”「」\n]{0,8}")
# a post held before the article's date: 时任X, 原X, 曾任X (the record marks it "tense": "past")
_PAST = re.compile(r"(?:时任|原任|曾任|前任|原|前)(?=$)")
_SHARED = {"书记", "党组书记", "主任", "主席", "常委", "委员", "党组成员", "秘书长"}  # titles a list's body completes


class HoldsPost:
    def __call__(self, doc: Doc) -> Doc:
        from extract.components.gazetteer import gazetteer

        text = text_of(doc)
        mentions = doc.user_data.get("kg_mentions") or []
        ctx = doc.user_data.get("kg_context") or {}
        org_jur = {}
        anchors: dict[int, tuple[int, object]] = {}  # end -> (start, entity) of the longest name ending there
        for _s, _e, ent, c in mentions:
            if ent.type == "Organization" and c.attrs.get("_jurisdiction"):
                org_jur[ent.name] = c.attrs["_jurisdiction"]
            if ent.type in ("Place", "Organization", "Enterprise"):
                if _e not in anchors or anchors[_e][0] > _s:
                    anchors[_e] = (_s, ent)
        post_end, post_start = {}, {}
        for s, e, ent, c in mentions:
            if ent.type == "Post":
                post_end[e] = (s, ent, c)
                if c.attrs.get("_org_start") is None:
                    post_start[s] = (s, ent, c)
        appointed = _appointed(text, mentions, anchors)
        rels = doc._.kg_relations if doc._.kg_relations is not None else []
        seen = set()
        last_posts: list = []
        last_end = -1
        dept: dict[int, str] = {}  # post start -> a bare department before its title, in a post list
        for s, e, ent, _c in sorted(((m[0], m[1], m[2], m[3]) for m in mentions), key=lambda m: m[0]):
            if ent.type != "Person":
                continue
            i = s
            while i > 0 and text[i - 1] in _GAP:
                i -= 1
            posts = []
            j = i
            while j in post_end:
                ps, pent, pc = post_end[j]
                posts.append((ps, pent, pc))
                head = pc.attrs.get("_org_start")
                head = ps if head is None else min(ps, head)
                if head > 0 and text[head - 1] == "、" and (head - 1) in post_end:
                    j = head - 1
                elif (d := _DEPT_IN_LIST.search(text, max(0, head - 8), head)) and d.start() in post_end:
                    dept[ps] = d.group(1)  # 市委常委、组织部|部长: the list's body owns the department
                    j = d.start()
                else:
                    # an org mention before the post (株洲市委 副书记) is part of it
                    break
            if not posts and last_posts and last_end >= 0 and text[last_end:s].strip() == "、":
                posts = last_posts
            after = post_start.get(e)
            if after is not None and not posts:
                posts = [after]
            if not posts:
                posts = appointed.get(s, [])
            if posts:
                last_posts, last_end = posts, e
            else:
                last_posts, last_end = [], -1
                continue
            carried = None  # coordinated posts share the body: 上海市委副书记、市长 -> 市长 of 上海市
            for ps, pent, pc in sorted(posts, key=lambda p: p[0]):
                if (pc.attrs.get("title") or "") in _BYLINE:
                    continue
                post, of = _relation_args(text, pc)
                head = pc.attrs.get("_org_start")
                head = ps if head is None else min(ps, head)
                full = pent.name
                if pc.attrs.get("_org_start") is None:
                    if ps in dept:
                        post, of, head = dept[ps] + post, None, ps - len(dept[ps])
                    elif of is None:
                        post, of, head = _complete(text, ps, post, anchors)
                    if (of is None or pc.attrs.get("_of_ctx")) and carried is not None and len(posts) > 1 \
                            and (post[:1] in "省市县区州镇乡村" or post.lstrip("副") in _SHARED or ps in dept):
                        of = carried  # not 国家主席: a title that names its own body
                    if of is not None and of != pc.attrs.get("of"):
                        full = post_name(post, of)
                carried = of or carried
                key = (ent.name, post, of)
                if key in seen:
                    continue
                seen.add(key)
                k = head
                while k in anchors and anchors[k][0] < k:  # 时任|福建省|大田县委书记: past the places before
                    k = anchors[k][0]
                past = post.startswith(("原", "前")) or bool(_PAST.search(text, max(0, k - 3), k))
                rels.append(Relation("holds_post", {"person": ent.name, "post": post, "of": of},
                                     (min(s, head), max(e, pc.end)), {"tense": "past"} if past else {}))
                plist = ent.attrs.setdefault("posts", [])
                if full not in plist:
                    plist.append(full)
                if pent.attrs.get("category") == "gov" or (of and of in org_jur):
                    ent.attrs["official"] = True
                if not ent.attrs.get("jurisdiction"):
                    ent.attrs["jurisdiction"] = _jurisdiction(gazetteer(), of, org_jur)
        rels = _drop_repeated_titles(rels, doc._.kg_entities or [])
        for ent in doc._.kg_entities or []:
            if ent.type == "Person":
                ent.attrs.setdefault("official", False)
                if not ent.attrs.get("jurisdiction"):
                    ent.attrs["jurisdiction"] = ctx.get("prefecture") or ctx.get("province")
        doc._.kg_relations = rels
        return doc


def _appointed(text: str, mentions: list, anchors: dict) -> dict[int, list]:
    """Posts taken up by a verb of appointment or a copula after the person (张三当上了村党支部书记,
    李四回村担任某村党支部书记, 王五，原是某所负责人): {person start: [(post start, post entity, cand)]}.
    The post (with its place or body, and 的) must follow the verb directly; the person is the
    nearest one before the verb in the same clause."""
    persons = sorted((m[0], m[1]) for m in mentions if m[2].type == "Person")
    out: dict[int, list] = {}
    for ps, _pe, pent, pc in mentions:
        if pent.type != "Post":
            continue
        k = pc.attrs.get("_org_start")
        k = ps if k is None else min(ps, k)
        while True:  # the post's own place or body, and 的, belong to it
            if text[k - 1 : k] == "的":
                k -= 1
            elif k in anchors:
                k = anchors[k][0]
            elif b := _BARE_BODY.search(text, max(0, k - 6), k):
                k = b.start()
            else:
                break
        v = _APPOINT.search(text, max(0, k - 8), k)
        if v is None:
            continue
        before = [p for p in persons if p[1] <= v.start()]
        if before and _CLAUSE_GAP.fullmatch(text, before[-1][1], v.start()):
            out.setdefault(before[-1][0], []).append((ps, pent, pc))
    return out


def _drop_repeated_titles(rels: list[Relation], ents: list) -> list[Relation]:
    """Drop a bare post (no body) that only repeats the title of a fuller post the same person holds."""
    held: dict[str, list[str]] = {}
    for r in rels:
        if r.type == "holds_post" and r.args.get("of"):
            held.setdefault(r.args["person"], []).append(r.args["post"])
    out, dropped = [], set()
    for r in rels:
        a = r.args
        if r.type == "holds_post" and not a.get("of") and any(
            p != a["post"] and p.endswith(a["post"]) for p in held.get(a["person"], ())
        ):
            dropped.add((a["person"], a["post"]))
            continue
        out.append(r)
    for ent in ents:
        if ent.type == "Person" and ent.attrs.get("posts"):
            ent.attrs["posts"] = [p for p in ent.attrs["posts"] if (ent.name, p) not in dropped]
    return out


def _jurisdiction(g, of: str | None, org_jur: dict) -> str | None:
    """The prefecture or province a post's place belongs to."""
    if not of:
        return None
    place = org_jur.get(of, of)
    for i in g.find(place):
        p = g.places[i]
        if p.level in ("province", "prefecture"):
            return p.name
        for a in g.ancestors(i):
            if g.places[a].level in ("prefecture", "province"):
                return g.places[a].name
    return None


@Language.factory("kg_holds_post")
def make_holds_post(nlp: Language, name: str) -> HoldsPost:
    return HoldsPost()
