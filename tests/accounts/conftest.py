import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """allauth counts rate limits (and used two-factor codes) in the cache, which outlives a test: start
    every test here with none, and leave none behind for the tests that follow."""
    cache.clear()
    yield
    cache.clear()
