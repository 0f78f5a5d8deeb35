"""Word-level differences between versions (collaborations/diff.py)."""

from django.utils import translation

from collaborations.diff import DELETE, EQUAL, INSERT, Change, text_diff, word_changes
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
