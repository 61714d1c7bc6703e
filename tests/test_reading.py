"""The reading stage: decoding, bad input, repairs, script, spam, noise, splitting, metadata, offsets."""

from __future__ import annotations

import json
import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from extract.model import Document
from extract.reading import read_documents, read_lines, split_document
from extract.reading.script import to_simplified

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold" / "seeds"

# small made-up articles in the genre (not taken from any corpus)
TRAD = (
    "青山縣:又見幹部好作風\n"
    "2023-05-08 10:20:31 來源:南方網 責任編輯:林小雨 我來說兩句 |\n"
    "分享到:\n"
    "南方網5月8日報道(記者 周明遠 見習記者 韓雪) 5月7日,,青山縣舉行產(chǎn)業(yè)項目集中開工儀式,,"
    "縣委書記王建國出席,、講話。投資總額20億元的8個項目落地青山縣。\n"
)
SPAM = (
    "必威体育\n\n注册\n必威体育:网 > 新闻中心 > 要闻 > 正文\n\n"
    "访青山县委书记王建国:扎根基层办实事\n\n来源:必威体育:日报 2023-11-20 09:19 /\n\n"
    "  记者:请问,青山县如何推进乡村振兴?\n\n"
    "  王建国:我们在必威体育:工作多年,始终把群众放在心上,推动产业发展,办好民生实事。\n\n"
    "  (记者 李华 见习记者 赵敏)\n\n责任编辑:孙丽\n"
)
PAGE = (
    "“把产业做强”\n\n——记青山县产业振兴\n\n"
    "新华社长沙3月6日电 今年以来,青山县坚持把发展产业作为乡村振兴的重中之重,推动特色产业不断壮大。\n\n"
    "全县新建标准化厂房20万平方米,引进企业35家,带动就业人数持续增加。\n\n"
    "▶▶下转03版\n\n"
    "市政府常务会议召开\n\n"
    "研究部署春耕生产工作\n\n"
    "青山日报讯(全媒体记者/陈立新) 3月6日,市长刘志强主持召开市政府常务会议,研究部署春耕生产等工作。\n\n"
    "会议强调,要抓好春耕备耕,确保粮食播种面积稳定在\n\n"
    "120万亩以上,全力保障农资供应。\n"
)


def _doc(text: str, name: str = "x.txt") -> Document:
    return Document(doc=name, original=text)


def _norm(s):
    return re.sub(r"[\s“”\"'()（）:：,，、—\-|丨]", "", unicodedata.normalize("NFKC", s or ""))


def _collect(paths):
    errors: list[tuple[str, str]] = []
    docs = list(read_documents([str(p) for p in paths], lambda n, r: errors.append((n, r))))
    return docs, errors


# -- decoding and bad input -------------------------------------------------------------------


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16"])
def test_encodings_decode_to_the_same_text(tmp_path, enc):
    text = TRAD if enc == "big5" else PAGE
    if enc == "big5":
        text = text.replace("(chǎn)", "").replace("(yè)", "")
    if enc == "gbk":
        text = text.replace("▶", "")
    p = tmp_path / f"a_{enc}.txt"
    p.write_bytes(text.encode(enc))
    docs, errors = _collect([p])
    assert errors == []
    assert len(docs) == 1 and docs[0].original.lstrip("\ufeff") == text
    assert docs[0].encoding.replace("-sig", "").replace("-", "") in enc.replace("-sig", "").replace("-", "") or (
        enc == "gbk" and docs[0].encoding == "gb18030"
    )


def test_bad_files_are_reported_by_name_and_good_ones_read(tmp_path):
    (tmp_path / "good.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "trunc.txt").write_bytes(PAGE.encode("utf-8")[:-2])
    (tmp_path / "junk.txt").write_bytes(b"\x81\x30\xff\xfe\x80" * 50 + b"\xff")
    (tmp_path / "skip.pdf").write_bytes(b"%PDF-1.4")
    docs, errors = _collect([tmp_path])
    assert [Path(d.doc).name for d in docs] == ["good.txt"]
    reasons = {Path(n).name: r for n, r in errors}
    assert set(reasons) == {"empty.txt", "binary.txt", "trunc.txt", "junk.txt"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "truncated" in reasons["trunc.txt"]
    assert "undecodable" in reasons["junk.txt"] or "binary" in reasons["junk.txt"]


def test_jsonl_lines_become_documents_and_bad_lines_are_reported(tmp_path):
    good = {"text": "新华社北京3月1日电 国务院召开常务会议。", "title": "国务院召开常务会议", "date": "20230301",
            "source": "新华社", "url": "http://example.org/a", "id": "a1"}
    p = tmp_path / "items.jsonl"
    p.write_text(json.dumps(good, ensure_ascii=False) + "\n{not json}\n" + '{"text": "半行', encoding="utf-8")
    docs, errors = _collect([p])
    assert [d.doc for d in docs] == [f"{p}:1"]
    assert docs[0].fields["id"] == "a1"
    assert [n for n, _ in errors] == [f"{p}:2", f"{p}:3"]
    assert "truncated" in errors[1][1]
    (art,) = split_document(docs[0])
    assert (art.title, art.date, art.source, art.url) == ("国务院召开常务会议", "2023-03-01", "新华社", "http://example.org/a")
    assert art.text.startswith("国务院召开常务会议")


def test_read_lines_numbers_lines(tmp_path):
    p = tmp_path / "lines.txt"
    p.write_text("第一行北京\n第二行上海\n\n第四行", encoding="utf-8")
    docs = list(read_lines(str(p)))
    assert [d.doc for d in docs] == ["0", "1", "2", "3"]
    assert docs[1].original == "第二行上海"
    (art,) = split_document(docs[3], line_mode=True)
    assert art.text == "第四行"


# -- repairs, script, noise, spam ---------------------------------------------------------------


def test_traditional_page_is_repaired_and_simplified_with_exact_offsets():
    doc = _doc(TRAD)
    (art,) = split_document(doc)
    assert art.script == "traditional"
    assert "(chǎn)" not in art.text and "产业项目" in art.text
    assert ",," not in art.text and "，、" not in art.text and ",、" not in art.text
    assert "我来说两句" not in art.text and "分享到" not in art.text
    assert art.title == "青山县：又见干部好作风"
    assert (art.date, art.source) == ("2023-05-08", "南方网")
    assert art.reporters == ["周明远", "韩雪", "林小雨"] and art.editors == ["林小雨"]
    i = art.text.index("王建国")
    s, e = art.body.to_original(i, i + 3)
    assert doc.original[s:e] == "王建國"
    i = art.text.index("青山县举行")
    s, e = art.body.to_original(i, i + 3)
    assert doc.original[s:e] == "青山縣"


def test_gbk_shift_garbage_is_recovered():
    good = "他说：“今年产量翻了一番。”龍巖市商務局局長說"
    raw = "”龍巖".encode("gbk")[1:].decode("gbk", errors="replace")  # the lost lead byte
    text = "他说：“今年产量翻了一番,?!" + raw + "市商務局局長說"
    (art,) = split_document(_doc(text + "\n"), line_mode=False)
    assert "龙岩市商务局" in art.text
    assert good[:5] in art.text


def test_spam_brand_is_removed_and_flagged():
    doc = _doc(SPAM)
    (art,) = split_document(doc)
    assert art.tampered and "必威体育" in art.spam
    assert "必威" not in art.text
    assert "新闻中心" not in art.text and "注册" not in art.text
    assert art.title == "访青山县委书记王建国：扎根基层办实事"
    assert art.date == "2023-11-20"
    assert art.reporters == ["李华", "赵敏", "孙丽"]


def test_unknown_injected_brand_is_removed():
    text = "在鸿运体育:工作期间,他走遍了鸿运体育:的山山水水。来源:鸿运体育:日报。鸿运体育:省委高度重视。\n"
    (art,) = split_document(_doc(text))
    assert art.tampered and "鸿运体育" not in art.text


def test_ordinary_words_are_not_spam():
    text = "金沙江畔的金沙县，辽东半岛和沙巴州的企业来到云顶山，参观澳门体育局和中国体育彩票中心。\n"
    (art,) = split_document(_doc(text))
    assert not art.tampered and art.text.strip() == text.strip()


# -- splitting and metadata ---------------------------------------------------------------------


def test_newspaper_page_splits_at_headlines_and_datelines():
    arts = split_document(_doc(PAGE))
    assert len(arts) == 2
    a, b = arts
    assert _norm(a.title) == _norm("“把产业做强”——记青山县产业振兴")
    assert (a.source, a.date) == ("新华社", None)  # no year stated anywhere
    assert "下转" not in a.text
    assert _norm(b.title) == _norm("市政府常务会议召开 研究部署春耕生产工作")
    assert b.source == "青山日报" and b.reporters == ["陈立新"]
    assert "稳定在120万亩以上" in b.text  # the sentence broken by the page layout is joined
    assert b.text.startswith("市政府常务会议召开")


def test_every_analysed_character_maps_into_the_original():
    doc = _doc(PAGE)
    for art in split_document(doc):
        for m in re.finditer(r"[\u4e00-\u9fff]+", art.text):
            s, e = art.body.to_original(*m.span())
            assert to_simplified(doc.original[s:e]) == m.group(0)


def test_html_is_stripped_with_offsets_into_the_source():
    html = (
        "<html><head><title>t</title><script>var a='新闻';</script><style>p{}</style></head><body>"
        "<nav>首页 新闻</nav><h1>青山县召开会议</h1><p>来源：青山日报 2023-03-06 10:00</p>"
        "<p>3月6日，县长刘志强&nbsp;主持召开会议。</p><footer>版权所有</footer></body></html>"
    )
    doc = _doc(html, "page.html")
    (art,) = split_document(doc)
    assert "var a" not in art.text and "版权所有" not in art.text and "<p>" not in art.text
    assert art.title == "青山县召开会议" and art.date == "2023-03-06" and art.source == "青山日报"
    i = art.text.index("刘志强")
    s, e = art.body.to_original(i, i + 3)
    assert html[s:e] == "刘志强"


# -- the seed corpus ---------------------------------------------------------------------------


def _seed_docs():
    if not SEEDS.exists() or not GOLD.exists():
        pytest.skip(f"{SEEDS} or {GOLD} not present (shared/ material is needed)")
    docs, errors = _collect([SEEDS])
    assert errors == []
    return docs


def _title_score(g, p):
    gt, pt = _norm(g), _norm(p)
    if not gt or not pt:
        return 0.0
    return SequenceMatcher(None, gt, pt).find_longest_match(0, len(gt), 0, len(pt)).size / len(gt)


def test_seeds_split_into_the_gold_articles_with_metadata():
    docs = _seed_docs()
    total = titles = dates = sources = 0
    n_title = n_date = n_source = 0
    for d in docs:
        gold = json.loads((GOLD / (Path(d.doc).stem + ".json")).read_text(encoding="utf-8"))["articles"]
        arts = split_document(d)
        assert len(arts) == len(gold), Path(d.doc).name
        total += len(arts)
        for g, a in zip(gold, arts, strict=True):
            if g.get("title"):
                n_title += 1
                titles += _title_score(g["title"], a.title) >= 0.9
            if g.get("date"):
                n_date += 1
                dates += a.date == g["date"]
            if g.get("source"):
                n_source += 1
                sources += a.source == g["source"]
            assert a.script == g["script"]
            for bad in g.get("must_not_extract") or []:
                if "必威" in bad:
                    assert "必威" not in a.text
    assert total == 11
    assert titles / n_title >= 0.9 and dates / n_date >= 0.8 and sources / n_source >= 0.8


def test_gb18030_copy_of_a_seed_reads_the_same(tmp_path):
    docs = _seed_docs()
    for d in docs:
        p = tmp_path / Path(d.doc).name
        p.write_bytes(d.original.encode("gb18030"))
        (copy,), errors = _collect([p])
        assert errors == [] and copy.encoding == "gb18030"
        assert [a.text for a in split_document(copy)] == [a.text for a in split_document(d)]


# -- fast paths and structure rules ---------------------------------------------------------------


def test_html_title_gives_the_title_when_there_is_no_h1():
    html = (
        "<html><head><title>青山县召开春耕生产会议_青山新闻网</title></head><body><div>首页 | 新闻</div>"
        "<div>来源：青山日报 2023-03-06 10:00</div><p>3月6日，县长刘志强主持召开会议，研究部署春耕生产工作。</p></body></html>"
    )
    (art,) = split_document(_doc(html, "page.html"))
    assert art.title == "青山县召开春耕生产会议" and art.source == "青山日报"
    (art,) = split_document(_doc(html.replace("<body>", "<body><h1>春耕生产会议召开</h1>"), "page.html"))
    assert art.title == "春耕生产会议召开"


def test_text_after_a_continuation_marker_is_a_piece_of_its_own():
    page = (
        "市政府常务会议召开\n\n"
        "青山日报讯(全媒体记者/陈立新) 3月6日,市长刘志强主持召开市政府常务会议,研究部署春耕生产等工作。\n\n"
        "会议强调,要抓好春耕备耕,确保粮食播种面积稳定\n\n▶▶下转02版\n\n"
        "工作人员介绍,新建的游客服务中心将于年底投入使用,景区道路改造同步推进。\n"
    )
    a, b = split_document(_doc(page))
    assert a.title == "市政府常务会议召开" and "游客服务中心" not in a.text and "下转" not in a.text
    assert b.title is None and b.text.startswith("工作人员介绍")


def test_script_fast_path_keeps_phrase_conversions():
    # no character here changes alone, but OpenCC converts the phrase: the fast check must not skip it
    (art,) = split_document(_doc("我们要瞭解群众的需求。\n"))
    assert "了解" in art.text
    (art,) = split_document(_doc("青山县召开会议，研究部署工作。\n"))
    assert art.script == "simplified" and art.text == "青山县召开会议，研究部署工作。"


def test_clean_text_is_not_copied_by_repairs():
    from extract.offsets import OffsetText
    from extract.reading.noise import remove_inline_noise
    from extract.reading.repair import repair

    t = OffsetText.identity("新华社北京3月1日电 国务院召开常务会议，研究部署春耕生产工作。\n")
    assert repair(t) is t and remove_inline_noise(t) is t
