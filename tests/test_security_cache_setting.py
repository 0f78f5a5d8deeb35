"""CACHE_URL chooses the cache that holds rate limits and used two-factor codes (samverkan.settings)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from samverkan.settings import cache_from_url


@pytest.mark.parametrize("url", [None, "", "locmem://"])
def test_memory_of_the_process_by_default(url):
    assert cache_from_url(url) == {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }


def test_database_cache_shared_by_every_worker():
    assert cache_from_url("db://samverkan_cache") == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "samverkan_cache",
    }


def test_redis_without_its_package_fails_loudly(monkeypatch):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(ImproperlyConfigured, match="redis package"):
        cache_from_url("redis://cache:6379/0")


def test_redis_with_its_package(monkeypatch):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: object())
    assert cache_from_url("rediss://cache:6380/1") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "rediss://cache:6380/1",
    }


@pytest.mark.parametrize("url", ["memcached://cache:11211", "db://", "cache"])
def test_anything_else_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url(url)
