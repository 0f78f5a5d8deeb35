"""Long texts for the comparison tests, and a SequenceMatcher that tells how much it was given."""

import difflib

from collaborations.forms import ProblemDescriptionForm

# The longest problem description (and evidence) the form accepts.
LONGEST = ProblemDescriptionForm.base_fields["text"].max_length


def long_text(size=LONGEST, *, paragraphs=True):
    """Swedish prose of exactly `size` characters, in paragraphs of five sentences (or one paragraph)."""
    sentences = []
    for n in range(size // 40 + 1):
        end = "\r\n\r\n" if paragraphs and n % 5 == 4 else " "
        sentences.append(f"Boende i kvarter {n} upplever otrygghet kvällstid vid torget.{end}")
    return "".join(sentences)[:size]


def unrelated_text(prefix, size=LONGEST):
    """`size` characters of words that no other prefix's text has ("ord0 ord1 …")."""
    return " ".join(f"{prefix}{n}" for n in range(size // 3))[:size]


def record_comparisons(monkeypatch, *, largest):
    """Replace difflib.SequenceMatcher with one that records the product of the lengths of the two
    sequences it is given, and fails at once when that product is above `largest` (a quadratic
    comparison of long texts would otherwise run for minutes before the test could fail)."""
    products = []
    real = difflib.SequenceMatcher

    class Recording(real):
        def __init__(self, isjunk=None, a="", b="", autojunk=True):
            products.append(len(a) * len(b))
            assert products[-1] <= largest, f"SequenceMatcher given {len(a)} × {len(b)} items"
            super().__init__(isjunk, a, b, autojunk)

    monkeypatch.setattr(difflib, "SequenceMatcher", Recording)
    return products
