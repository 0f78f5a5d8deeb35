import pytest

from samverkan.sqlite import unicode_like


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        ("%åsby%", "Åsby kommun", True),
        ("%ÄNGEN", "Trygga ängen", True),
        ("%öst%", "Väster", False),
        ("a_c", "ABC", True),
        ("a_c", "abbc", False),
        (r"%50\%%", "Nå 50% av målet", True),
        (r"%50\%%", "Nå 500 av målet", False),
        (r"%a\_b%", "xa_bx", True),
        (r"%a\_b%", "xacbx", False),
    ],
)
def test_unicode_like(pattern, value, expected):
    assert unicode_like(pattern, value, "\\") is expected


def test_null_is_unknown():
    assert unicode_like(None, "x") is None
    assert unicode_like("%x%", None) is None
