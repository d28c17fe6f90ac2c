"""The splitter's promise as a property: k clean stories joined by any separator a scrape uses
(three blank lines, one blank line, a bare newline) come back as k articles, bodies intact.

Stories are about different things, as the stories of one multi-story file are: each draws its
words from its own topic, so the only cues are the ones real files give after cleaning (a
headline-like line, the vocabulary changing, the headline's words recurring below it).
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from cleaner import clean_text

TOPICS = [
    ("flood rain river water rescue boats residents homes villages firefighters evacuated region "
     "levels storm damage bridges roads emergency shelters regional authorities warned").split(),
    ("central bank interest rates inflation policymakers economy prices markets investors bonds "
     "growth lending currency monetary committee forecast percent quarter wages").split(),
    ("football club season coach players match league goals striker stadium supporters transfer "
     "victory defeat championship midfielder penalty referee fixture squad").split(),
    ("vaccine hospital patients doctors virus clinical trial health ministry treatment infection "
     "researchers disease medicine nurses symptoms laboratory outbreak study").split(),
]
GLUE = "the of and in on with for that was were had has said".split()
SEPARATORS = ["\n\n\n\n", "\n\n", "\n"]


@st.composite
def story(draw, vocab: list[str]) -> tuple[str, list[str]]:
    """A headline (title case, topic words only) and two to five paragraphs of full sentences."""
    head = " ".join(w.capitalize() for w in draw(st.lists(st.sampled_from(vocab), min_size=4, max_size=9, unique=True)))
    # Distinct sentences: a paragraph printed twice is clutter, not part of a clean story.
    sentences = [
        ws[0].capitalize() + " " + " ".join(ws[1:]) + "."
        for ws in draw(st.lists(st.lists(st.sampled_from(vocab + GLUE), min_size=10, max_size=20, unique=True),
                                min_size=4, max_size=12, unique_by=tuple))
    ]
    cuts = sorted(draw(st.sets(st.integers(1, len(sentences) - 1), min_size=1, max_size=4)))
    paragraphs = [" ".join(sentences[a:b]) for a, b in zip([0, *cuts], [*cuts, len(sentences)])]
    return head, paragraphs


@st.composite
def multi_story_file(draw) -> tuple[str, list[tuple[str, list[str]]]]:
    topics = draw(st.permutations(range(len(TOPICS))))[:draw(st.integers(2, len(TOPICS)))]
    stories = [draw(story(TOPICS[t])) for t in topics]
    separator = draw(st.sampled_from(SEPARATORS))
    paragraph_break = draw(st.sampled_from(["\n\n", "\n"]))
    text = separator.join(head + paragraph_break + paragraph_break.join(body) for head, body in stories)
    return text + "\n", stories


# A known miss: its first failing example tells enough, and shrinking a multi-story file takes
# many minutes.
KNOWN_MISS = (Phase.explicit, Phase.reuse, Phase.generate)


# Stories here run 40 to 240 words: the step model, fitted on real stories, weighs a break after
# one under about 80 words as a section of it, and misses some at one blank line or a newline.
@pytest.mark.xfail(reason="breaks after a story under about 80 words, one blank line or none apart", strict=False)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], phases=KNOWN_MISS)
@given(multi_story_file())
def test_k_stories_joined_by_any_separator_come_back_as_k_articles(case):
    text, stories = case
    articles = clean_text(text)
    assert [a.title for a in articles] == [head for head, _ in stories]
    assert [a.text for a in articles] == ["\n".join(body) for _, body in stories]
