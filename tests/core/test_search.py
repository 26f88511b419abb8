"""The search tokenizer: real word segmentation on both sides, weights by field, fallbacks for unindexed words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.search import STOPWORDS, WEIGHTS, index_terms, normalize, query_terms, segment


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
    assert not set(index_terms(title="关于做好2023年的有关工作")) & STOPWORDS


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
