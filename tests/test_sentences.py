"""Excerpts end on a sentence (testimonial cards and glimpses) and search results start at
one, in Portuguese and English, never fooled by "Dr." or "n.º"."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from action_portugal.base.fulltext import MARK_END, MARK_START, from_sentence
from action_portugal.base.sentences import (
    ELLIPSIS,
    cut_at_sentence,
    sentence_ends,
    sentence_start,
)

PT = (
    "O Dr. Silva falou da Convenção n.º 102 em Luanda. A Sra. Lopes respondeu às perguntas "
    "do público. Depois, o Prof. Costa apresentou o estudo."
)
EN = (
    "Dr. Smith spoke about Convention No. 102 in Maputo. Ms. Lopes answered the questions, "
    "e.g. those on pensions. Then Prof. Costa presented the study."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            PT,
            [
                "O Dr. Silva falou da Convenção n.º 102 em Luanda.",
                " A Sra. Lopes respondeu às perguntas do público.",
            ],
        ),
        (
            EN,
            [
                "Dr. Smith spoke about Convention No. 102 in Maputo.",
                " Ms. Lopes answered the questions, e.g. those on pensions.",
            ],
        ),
    ],
)
def test_abbreviations_end_no_sentence(text, expected):
    ends = sentence_ends(text)
    sentences = [text[start:end] for start, end in zip([0, *ends], ends, strict=False)]
    assert sentences == expected


@pytest.mark.parametrize("text", [PT, EN])
def test_a_long_text_is_cut_after_its_last_whole_sentence_within_the_limit(text):
    first_two = text[: sentence_ends(text)[1]]
    assert cut_at_sentence(text, len(first_two) + 10) == first_two
    assert cut_at_sentence(text, len(first_two) - 1) == text[: sentence_ends(text)[0]]
    assert cut_at_sentence(text, len(text)) == text


def test_a_first_sentence_longer_than_the_limit_is_cut_at_a_word():
    cut = cut_at_sentence(PT, 31)
    assert cut == "O Dr. Silva falou da Convenção…"
    assert cut_at_sentence(PT, 30) == "O Dr. Silva falou da…"
    assert cut_at_sentence("Palavra" * 20, 10) == "PalavraPa…"


def test_quotes_and_marks_close_a_sentence():
    text = "Disse: «Vamos ratificar.» E ratificou! Seria possível? Sim… Foi."
    assert cut_at_sentence(text, 40) == "Disse: «Vamos ratificar.» E ratificou!"
    assert sentence_start(text, text.index("Sim")) == text.index("Sim")


words = st.text(alphabet="abcdeçãéDrSnº. ", min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(words, min_size=1, max_size=60), st.integers(min_value=5, max_value=300))
def test_an_excerpt_never_exceeds_its_limit_and_is_the_texts_beginning(parts, limit):
    text = " ".join(" ".join(parts).split())
    cut = cut_at_sentence(text, limit)
    assert len(cut) <= limit
    if cut.endswith(ELLIPSIS) and cut != text:
        assert text.startswith(cut[: -len(ELLIPSIS)])
    else:
        assert text.startswith(cut)
        assert cut == text or len(cut) in sentence_ends(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([PT, EN, "Sim.", "Yes!", "O n.º 3."]), min_size=1, max_size=8))
def test_whole_sentences_are_kept_whole(sentences):
    text = " ".join(sentences)
    for limit in (40, 120, 400):
        cut = cut_at_sentence(text, limit)
        if not cut.endswith(ELLIPSIS):
            assert cut.endswith((".", "!"))
            assert not cut.endswith(("Dr.", "n.º", "No.", "Sra.", "Ms.", "e.g.", "Prof."))


def marked(text, *words):
    for word in words:
        text = text.replace(word, f"{MARK_START}{word}{MARK_END}")
    return text


@pytest.mark.parametrize(("text", "word"), [(PT, "perguntas"), (EN, "questions")])
def test_a_search_passage_starts_at_the_sentence_that_holds_the_match(text, word):
    # What PostgreSQL gives: a passage that starts mid-sentence.
    raw = marked(text[text.index(word) - 12 : text.index(word) + 40], word)
    passage = from_sentence(text, raw)
    sentence = text[sentence_start(text, text.index(word)) :]
    assert passage.replace(MARK_START, "").replace(MARK_END, "").startswith(sentence[:20])
    assert passage.startswith(("A Sra.", "Ms. Lopes"))
    assert f"{MARK_START}{word}{MARK_END}" in passage


def test_a_passage_whose_words_are_not_in_the_text_is_left_as_it_came():
    raw = marked("nothing like it", "like")
    assert from_sentence(PT, raw) == raw
