"""The search tokenizer: real word segmentation on both sides, weights by field, fallbacks for unindexed words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.search import (
    STOPWORDS,
    WEIGHTS,
    QueryTerm,
    excerpt,
    index_terms,
    marked_parts,
    normalize,
    query_terms,
    segment,
)


def test_a_compound_is_indexed_with_the_words_inside_it() -> None:
    terms = index_terms(title="优化营商环境若干措施")
    assert {"营商环境", "营商", "环境", "优化", "若干", "措施"} <= set(terms)


def test_a_query_for_a_word_inside_the_title_finds_its_terms() -> None:
    indexed = index_terms(title="吴忠市审批服务管理局关于印发《工程建设项目审批制度改革实施方案》的通知")
    for query in ["工程建设项目", "实施方案", "审批 改革", "吴忠", "管理局"]:
        for term in query_terms(query):
            assert any(all(part in indexed for part in form) for form in term.forms()), (query, term)


def test_fields_weigh_differently_and_body_repetition_does_not_add() -> None:
    terms = index_terms(
        title="关于公布证照分离改革事项清单的通知",
        body="证照分离改革全覆盖。证照分离改革在全市推开。证照分离。证照分离。",
        doc_number="吴审批发〔2021〕12号",
    )
    assert terms["证照分离"] == WEIGHTS["title"] + WEIGHTS["body"]
    assert terms["全市"] == WEIGHTS["body"]
    assert terms["清单"] == WEIGHTS["title"]
    assert terms["2021"] == WEIGHTS["doc_number"]
    assert terms["审批"] == WEIGHTS["doc_number"]


def test_punctuation_stopwords_and_width_are_normalised() -> None:
    assert normalize("ＡＢＣ１２３") == "abc123"
    assert segment("关于的《》，。") == []
    assert query_terms("  ") == ()
    assert [t.text for t in query_terms("２０２３年 部门预算")] == ["2023", "部门预算"]
    # A body's stopwords are never terms; a title's characters all are (below).
    assert not set(index_terms(title="", body="关于做好2023年的有关工作")) & STOPWORDS


def test_a_word_not_in_the_index_falls_back_to_the_words_inside_it() -> None:
    (term,) = query_terms("营商环境")
    assert term.text == "营商环境"
    assert ("营商", "环境") in term.fallbacks
    # An older index cut this title without the domain word; the fallback still finds it.
    old_index = {"优化", "营商", "环境", "若干", "措施"}
    assert any(all(part in old_index for part in form) for form in term.forms())


def test_an_unknown_long_word_is_indexed_by_its_character_pairs() -> None:
    terms = index_terms(title="关于贺兰山东麓葡萄酒产区保护的决定")
    words = segment("贺兰山东麓葡萄酒产区")
    assert words  # jieba segments it
    for word in words:
        assert word in terms


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="营商环境优化政务服务审批许可吴忠市关于的通知2023年，。《》 abcＡ", max_size=40))
def test_every_query_word_of_a_title_is_found_in_that_title_s_terms(title: str) -> None:
    indexed = index_terms(title=title)
    for term in query_terms(title):
        assert any(all(part in indexed for part in form) for form in term.forms()), (title, term)
    assert all(0 < weight <= 255 for weight in indexed.values())


def _found_in(term: QueryTerm, indexed: dict[str, int]) -> bool:
    """The form the search uses when every form's terms are indexed somewhere: the first."""
    return all(part in indexed for part in term.forms()[0])


def test_what_qa_typed_is_found_in_the_titles_that_contain_it() -> None:
    """Single characters, words jieba cuts differently in the title, and stopwords (real titles of the demo
    agency, 吴忠市审批服务管理局)."""
    cases = {
        "一件事": "吴忠市企业开办“一件事一次办”工作规程",
        "跑一次": "吴忠市审批服务管理局关于公布政务服务事项“最多跑一次”清单的通知",
        "好差": "吴忠市政务服务“好差评”管理办法",
        "市审批局": "吴忠市审批服务管理局2021年部门预算",
        "关于": "关于调整部分行政许可事项办理时限的公告",
    }
    for query, title in cases.items():
        indexed = index_terms(title=title)
        terms = query_terms(query)
        assert terms, query
        for term in terms:
            assert _found_in(term, indexed), (query, term)


def test_stopwords_are_searched_only_when_the_query_has_nothing_else() -> None:
    assert [t.text for t in query_terms("关于")] == ["关于"]
    assert [t.text for t in query_terms("的 了")] == ["的", "了"]
    assert [t.text for t in query_terms("关于 营商环境")] == ["营商环境"]
    assert query_terms("，。《》！") == ()


def test_a_dictionary_word_is_looked_up_as_itself_a_guessed_one_by_its_pairs() -> None:
    (known,) = query_terms("营商环境")
    assert known.forms() == (("营商环境",), ("营商", "商环", "环境"), ("营商", "环境"))
    (short,) = query_terms("营商")
    assert short.forms() == (("营商",),)
    guessed, _farm = query_terms("巴浪湖农场")  # a place name jieba's model guesses, not in its dictionary
    assert guessed.forms() == (("巴浪", "浪湖"), ("巴浪湖",))
    # A title holds every dictionary word inside it, wherever jieba cut it: 审批服务 across 市审批 | 服务.
    title = index_terms(title="吴忠市审批服务管理局关于巴浪湖农场的公告")
    assert {"审批服务", "审批", "管理局", "巴浪", "浪湖"} <= set(title)


def test_an_index_number_is_one_term_whole_or_by_its_tail() -> None:
    terms = index_terms(title="道路运输经营许可办理指南", index_number="WZSP/2021-00001")
    assert terms["wzsp/2021-00001"] == WEIGHTS["index_number"]
    assert terms["2021-00001"] == WEIGHTS["index_number"]
    assert [t.forms() for t in query_terms("WZSP/2021-00001")] == [(("wzsp/2021-00001",),)]
    assert [t.forms() for t in query_terms(" ２０２１-００００１ ")] == [(("2021-00001",),)]
    assert [t.text for t in query_terms("wzsp/2021-00001 许可")] == ["wzsp/2021-00001", "许可"]


_HAN_TEXT = "吴忠市审批服务管理局关于公布政务服务事项最多跑一次清单的通知企业开办一件事一次办好差评营商环境"


@settings(max_examples=150, deadline=None)
@given(
    title=st.text(alphabet=_HAN_TEXT + "“”，2023年《》", min_size=1, max_size=40),
    start=st.integers(0, 40),
    length=st.integers(1, 12),
)
def test_any_han_part_of_a_title_finds_that_title(title: str, start: int, length: int) -> None:
    """Whatever Han text is part of a title, every word of it is found in the title's terms by its first form,
    however jieba cut the title and the query."""
    query = title[start : start + length]
    indexed = index_terms(title=title)
    for term in query_terms(query):
        if any("\u4e00" <= c <= "\u9fff" for c in term.text):
            assert _found_in(term, indexed), (title, query, term)


def test_a_title_is_cut_into_marked_and_unmarked_parts() -> None:
    assert marked_parts("优化营商环境若干措施", ["营商", "营商环境"]) == (
        ("优化", False),
        ("营商环境", True),
        ("若干措施", False),
    )
    # Full-width letters and capitals are found like the index finds them, and shown as written.
    assert marked_parts("ＷＺＳＰ文件与Ab", ["wzsp", "ab"]) == (
        ("ＷＺＳＰ", True),
        ("文件与", False),
        ("Ab", True),
    )
    # Words that touch are one mark (a word found by its character pairs).
    assert marked_parts("巴浪湖农场", ["巴浪", "浪湖"]) == (("巴浪", True), ("湖农场", False))
    assert marked_parts("巴浪湖农场", ["巴浪", "湖农"]) == (("巴浪湖农", True), ("场", False))
    assert marked_parts("无关", []) == (("无关", False),)


_BODY = (
    "为进一步规范政务服务行为，提升服务质量，制定本规范。"
    "第一条 本规范适用于全市各级政务服务大厅。"
    "第二条 帮办代办人员应当主动为企业和群众提供咨询、引导、材料预审和全程跟踪等服务，做到热情周到、规范高效。"
    "第三条 对重点项目实行全程帮办代办，审批部门应当在承诺时限内办结。"
    "第四条 本规范自印发之日起施行。"
)


def test_the_excerpt_is_the_window_with_most_words_from_the_start_of_its_sentence() -> None:
    found = excerpt(_BODY, ["帮办代办", "审批"], width=52)
    assert found.text.startswith("第三条")  # both words are in the third article, not the second
    assert ("帮办代办", True) in found.parts
    assert ("审批", True) in found.parts
    assert found.cut_before
    assert not found.cut_after  # the text ends within the window
    assert len(found.text) <= 52
    near = excerpt(
        _BODY, ["帮办代办", "审批"], width=40
    )  # the sentence starts too far before: a quarter of the width
    assert near.text.startswith("对重点项目实行全程帮办代办")


def test_without_a_word_in_it_the_excerpt_is_the_start_of_the_text() -> None:
    found = excerpt(_BODY, ["营商环境"], width=20)
    assert found.text == _BODY[:20]
    assert not found.marked
    assert not found.cut_before
    assert found.cut_after
    short = excerpt("第一条\n\n  本规范 适用于 全市。", ["全市"])
    assert short.text == "第一条 本规范 适用于 全市。"
    assert (short.cut_before, short.cut_after) == (False, False)
    assert excerpt("", ["全市"]).parts == ()


def test_a_body_that_opens_with_its_title_is_excerpted_after_it() -> None:
    title = "吴忠市政务服务“好差评”管理办法"
    body = f"{title}\n\n第一条 为建立“好差评”制度，制定本办法。"
    assert excerpt(body, ["办法"], title=title).text == "第一条 为建立“好差评”制度，制定本办法。"
    assert excerpt(f"{title}。", ["办法"], title=title).parts == ()
    assert excerpt(body, ["办法"], title="另一个标题").text.startswith(title)


_EXCERPT_TEXT = "审批服务帮办代办，全市。营商环境 ＡＢ ab\n第一条"


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=_EXCERPT_TEXT, max_size=300),
    words=st.lists(st.text(alphabet=_EXCERPT_TEXT, min_size=1, max_size=4), max_size=4),
    width=st.integers(16, 80),
)
def test_an_excerpt_is_a_marked_window_of_the_text(text: str, words: list[str], width: int) -> None:
    found = excerpt(text, words, width=width)
    shown = " ".join(text.split())
    assert len(found.text) <= width
    assert found.text in shown
    assert found.cut_before == (not shown.startswith(found.text))
    assert found.cut_after == (not shown.endswith(found.text))
    wanted = {normalize(w) for w in words if w.strip()}
    for part, marked in found.parts:
        if marked:
            assert normalize(part)
            assert all(c in "".join(wanted) for c in normalize(part))
    if any(w in normalize(shown) for w in wanted):
        assert found.marked
    joined = "".join(part for part, _ in marked_parts(text, words))
    assert joined == text


@settings(max_examples=100, deadline=None)
@given(
    title=st.text(alphabet=_EXCERPT_TEXT, min_size=1, max_size=8),
    separator=st.sampled_from(["", "。", "\n\n", "： "]),
    body=st.text(alphabet=_EXCERPT_TEXT, max_size=120).filter(
        lambda b: not b[:1].isspace() and b[:1] not in "。，：；,.:;"
    ),
    words=st.lists(st.text(alphabet=_EXCERPT_TEXT, min_size=1, max_size=4), max_size=3),
)
def test_a_title_the_body_opens_with_is_left_out_of_its_excerpt(
    title: str, separator: str, body: str, words: list[str]
) -> None:
    if not title.strip() or title.strip() != title:
        return
    assert excerpt(title + separator + body, words, title=title) == excerpt(body, words)
