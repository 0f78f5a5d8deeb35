"""Word-level differences between versions (collaborations/diff.py)."""

import random

from django.utils import translation

from collaborations import diff
from collaborations.diff import DELETE, EQUAL, INSERT, Change, text_diff, word_changes
from tests.collaborations.long_texts import LONGEST, long_text, record_comparisons, unrelated_text
from tests.factories import ProblemDescriptionFactory


def test_changed_words_are_marked_and_the_rest_kept():
    changes = word_changes("Otrygghet kvällstid vid torget.", "Otrygghet på kvällar vid torget.")
    assert changes == [
        Change(EQUAL, "Otrygghet "),
        Change(DELETE, "kvällstid"),
        Change(INSERT, "på kvällar"),
        Change(EQUAL, " vid torget."),
    ]


def test_swedish_letters_belong_to_the_word():
    changes = word_changes("Gångtunneln är mörk.", "Gångtunneln är ljus.")
    assert Change(DELETE, "mörk") in changes
    assert Change(INSERT, "ljus") in changes


def test_diff_is_escaped_and_labelled_in_words():
    with translation.override("en"):
        diff = text_diff("Hej <b>du</b>", "Hej <i>du</i>")
    assert "<b>" not in diff.html and "<i>" not in diff.html
    assert "&lt;" in diff.html
    assert (
        '<del><span class="visually-hidden">[removed: </span>b<span class="visually-hidden"> ]</span></del>'
        in (diff.html)
    )
    assert (
        '<ins><span class="visually-hidden">[added: </span>i<span class="visually-hidden"> ]</span></ins>'
        in (diff.html)
    )


def test_labels_are_translated():
    with translation.override("sv"):
        html = text_diff("a", "b").html
    assert "[borttaget: " in html and "[tillagt: " in html


def test_same_text_has_no_changes():
    diff = text_diff("Samma text.\n\nTvå stycken.", "Samma text.\n\nTvå stycken.")
    assert not diff.changed
    assert diff.html == "Samma text.\n\nTvå stycken."


def test_a_moved_line_break_alone_is_not_a_change():
    diff = text_diff("Rad ett.\n\nRad två.", "Rad ett.\nRad två.")
    assert not diff.changed
    assert diff.html == "Rad ett.\nRad två."


def test_problem_diff_covers_text_focus_areas_and_evidence(db):
    old = ProblemDescriptionFactory(version=1, text="A", focus_areas=["safety", "schooling"], evidence="")
    new = ProblemDescriptionFactory(
        collaboration=old.collaboration, version=2, text="A", focus_areas=["safety", "work"], evidence="Enkät"
    )
    diff = new.diff_from(old)
    assert (diff.old_version, diff.new_version) == (1, 2)
    assert not diff.text.changed
    assert diff.evidence.changed
    assert diff.focus_areas_added == ["Arbete och egen försörjning"]
    assert diff.focus_areas_removed == ["Skolgång"]
    assert diff.changed


# --- Bounded: the longest texts are compared in small pieces ------------------------------------


def test_one_changed_word_in_the_longest_text_is_found_comparing_only_small_pieces(monkeypatch):
    products = record_comparisons(monkeypatch, largest=diff.SMALL_PIECES)
    old = long_text()
    at = old.index("otrygghet", LONGEST // 2)
    new = old[:at] + "trygghet" + old[at + len("otrygghet") :]

    changes = word_changes(old, new)

    assert changes == [
        Change(EQUAL, old[:at]),
        Change(DELETE, "otrygghet"),
        Change(INSERT, "trygghet"),
        Change(EQUAL, old[at + len("otrygghet") :]),
    ]
    assert products  # the changed words themselves were compared


def test_one_changed_word_in_one_long_paragraph_is_found_comparing_only_small_pieces(monkeypatch):
    record_comparisons(monkeypatch, largest=diff.SMALL_PIECES)
    old = long_text(paragraphs=False)
    new = old.replace("kvarter 250 ", "kvarteret 250 ")

    changes = word_changes(old, new)

    assert [c for c in changes if c.kind != EQUAL] == [Change(DELETE, "kvarter"), Change(INSERT, "kvarteret")]


def test_many_scattered_changes_are_each_marked_within_the_budget(monkeypatch):
    products = record_comparisons(monkeypatch, largest=diff.SMALL_PIECES)
    old = long_text(paragraphs=False)
    new = old.replace("upplever", "ser")  # once in every sentence, about 500 times

    changes = word_changes(old, new)

    assert [c.text for c in changes if c.kind == DELETE] == ["upplever"] * old.count("upplever")
    assert [c.text for c in changes if c.kind == INSERT] == ["ser"] * old.count("upplever")
    assert sum(products) <= diff.COMPARISON_BUDGET


def test_unrelated_longest_texts_are_shown_removed_and_added_whole(monkeypatch):
    record_comparisons(monkeypatch, largest=diff.SMALL_PIECES)
    old, new = unrelated_text("ord"), unrelated_text("term")

    assert word_changes(old, new) == [Change(DELETE, old), Change(INSERT, new)]


def test_when_the_budget_is_spent_the_rest_is_shown_whole_and_nothing_is_lost():
    old = "Ett två tre fyra.\n\nSamma.\n\nFem sex sju åtta."
    new = "Ett TVÅ tre FYRA.\n\nSamma.\n\nFem SEX sju ÅTTA."

    # 3 × 3 for the paragraphs, 5 × 5 for the words between "Ett " and ".": none left for the last.
    changes = word_changes(old, new, budget=diff.Budget(3 * 3 + 5 * 5))

    assert changes == [
        Change(EQUAL, "Ett "),
        Change(DELETE, "två"),
        Change(INSERT, "TVÅ"),
        Change(EQUAL, " tre "),
        Change(DELETE, "fyra"),
        Change(INSERT, "FYRA"),
        Change(EQUAL, ".\n\nSamma.\n\nFem "),
        Change(DELETE, "sex sju åtta"),
        Change(INSERT, "SEX sju ÅTTA"),
        Change(EQUAL, "."),
    ]


def test_the_changes_always_give_back_both_texts(monkeypatch):
    # Small pieces and a small budget, so that every way of comparing is taken somewhere.
    monkeypatch.setattr(diff, "SMALL_PIECES", 30)
    rng = random.Random(11)
    words = ["Ett", "två", "tre", "och", "att", ",", ".", " ", "  ", "\n", "\r\n\r\n", "torget", "kväll"]
    for _ in range(400):
        old = "".join(rng.choice(words) for _ in range(rng.randint(0, 60)))
        new = list(diff.tokens(old))
        for _ in range(rng.randint(0, 6)):
            new.insert(rng.randint(0, len(new)), rng.choice(words))
            if new and rng.random() < 0.5:
                new.pop(rng.randrange(len(new)))
        new = "".join(new)

        changes = word_changes(old, new, budget=diff.Budget(rng.choice([0, 40, 400, 100_000])))

        assert "".join(c.text for c in changes if c.kind != DELETE) == new
        # A change of whitespace alone is shown as the new whitespace: all else of the old text is kept.
        assert "".join("".join(c.text for c in changes if c.kind != INSERT).split()) == "".join(old.split())
