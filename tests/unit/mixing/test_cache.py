"""The render memo: a revision reuses what its edit did not change, and gets the same bits."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from mixdown_dev.examples import beat, vocal_like
from mixdown_mixing.cache import RenderCache
from mixdown_mixing.core import Track, mix, render

RATE_HZ = 44100
SECONDS = 6.0


@pytest.fixture(scope="module")
def song():
    return {"vocal": vocal_like(SECONDS, RATE_HZ, seed=5).astype(np.float32),
            "beat": beat(SECONDS, RATE_HZ, bpm=100.0, seed=5).astype(np.float32)}


def tracks(song, sources: bool = True) -> list[Track]:
    return [Track("vocal.wav", "lead_vocal", song["vocal"], source="jobs/x/vocal.wav" if sources else None),
            Track("beat.wav", "instrumental", song["beat"], source="jobs/x/beat.wav" if sources else None)]


@pytest.fixture(scope="module")
def mixed(song):
    cache = RenderCache()
    result = mix(tracks(song), RATE_HZ, bpm=100.0, cache=cache)
    return result, cache


def test_a_render_from_the_memo_is_bit_identical_and_reuses_every_piece(song, mixed):
    result, cache = mixed
    before = copy.deepcopy(cache.counts())
    again = render(tracks(song), RATE_HZ, result.parameters, cache=cache)
    np.testing.assert_array_equal(again, result.audio)
    hits = {kind: count - before["hits"].get(kind, 0) for kind, count in cache.counts()["hits"].items()}
    assert hits["chain"] == 2
    assert hits.get("reverb", 0) + hits.get("delay", 0) >= 1  # the lead vocal feeds at least one bus
    assert cache.counts()["misses"] == before["misses"]  # nothing computed again


def test_a_fader_edit_recomputes_only_what_it_feeds_and_matches_a_cold_render(song, mixed):
    result, cache = mixed
    edited = copy.deepcopy(result.parameters)
    edited["beat.wav"]["gain_db"] -= 3.0
    before = copy.deepcopy(cache.counts())
    warm = render(tracks(song), RATE_HZ, edited, cache=cache)
    cold = render(tracks(song, sources=False), RATE_HZ, edited)
    np.testing.assert_array_equal(warm, cold)
    assert not np.array_equal(warm, result.audio)
    after = cache.counts()
    assert after["hits"]["chain"] - before["hits"]["chain"] == 2  # no chain runs again for a fader
    assert after["misses"].get("chain", 0) == before["misses"].get("chain", 0)
    # the beat alone feeds the ducker, which is linear in it: its fader applies after the memo
    assert edited["bus"]["duck_depth_db"] > 0.0 and edited["beat.wav"]["duck_amount"] > 0.0
    assert after["hits"]["duck"] - before["hits"].get("duck", 0) == 1
    assert after["misses"].get("duck", 0) == before["misses"].get("duck", 0)


@pytest.mark.parametrize("target, parameter, change", [
    ("vocal.wav", "reverb_send_db", 1.5),  # "un peu plus de reverb": the vocal alone sends to it
    ("vocal.wav", "delay_send_db", -3.0),
    ("reverb", "reverb_return_db", 2.0),
    ("vocal.wav", "gain_db", 1.0),  # the vocal's fader moves its sends too
])
def test_a_level_edit_of_a_lone_feeder_reuses_the_bus_and_matches_a_cold_render(song, mixed, target, parameter,
                                                                                   change):
    result, cache = mixed
    assert result.parameters["beat.wav"]["reverb_send_db"] == result.parameters["beat.wav"]["delay_send_db"] == -60.0
    edited = copy.deepcopy(result.parameters)
    edited[target][parameter] += change
    before = copy.deepcopy(cache.counts())
    warm = render(tracks(song), RATE_HZ, edited, cache=cache)
    np.testing.assert_array_equal(warm, render(tracks(song, sources=False), RATE_HZ, edited))
    assert not np.array_equal(warm, result.audio)
    after = cache.counts()
    assert after["misses"] == before["misses"]  # reverb, delay, ducker and chains all from the memo
    assert after["hits"]["reverb"] - before["hits"].get("reverb", 0) == 1


def test_a_chain_edit_recomputes_that_chain_and_the_buses_it_feeds(song, mixed):
    result, cache = mixed
    edited = copy.deepcopy(result.parameters)
    edited["vocal.wav"]["high_shelf_gain_db"] += 2.0
    before = copy.deepcopy(cache.counts())
    warm = render(tracks(song), RATE_HZ, edited, cache=cache)
    np.testing.assert_array_equal(warm, render(tracks(song, sources=False), RATE_HZ, edited))
    after = cache.counts()
    assert after["misses"]["chain"] - before["misses"].get("chain", 0) == 1  # the vocal's
    assert after["hits"]["chain"] - before["hits"]["chain"] == 1  # the beat's


def test_pieces_from_the_memo_are_read_only():
    cache = RenderCache()
    piece = cache.get_or_compute("reverb", ("k",), lambda: np.ones((2, 8), dtype=np.float32))
    with pytest.raises(ValueError):
        piece[0, 0] = 2.0
    assert cache.get_or_compute("reverb", ("k",), lambda: np.zeros(1)) is piece


def test_the_memo_stays_within_its_bytes_dropping_the_least_recently_used():
    cache = RenderCache(max_bytes=3 * 4000)
    for key in "abc":
        cache.get_or_compute("chain", key, lambda: np.zeros(1000, dtype=np.float32))
    cache.get_or_compute("chain", "a", lambda: np.ones(1000, dtype=np.float32))  # a is used again
    cache.get_or_compute("chain", "d", lambda: np.zeros(1000, dtype=np.float32))  # b goes
    assert cache.size_bytes <= 3 * 4000 and len(cache) == 3
    recomputed = []
    cache.get_or_compute("chain", "b", lambda: recomputed.append("b") or np.zeros(10, dtype=np.float32))
    cache.get_or_compute("chain", "a", lambda: recomputed.append("a") or np.zeros(10, dtype=np.float32))
    assert recomputed == ["b"]
    too_big = cache.get_or_compute("chain", "e", lambda: np.zeros(10_000, dtype=np.float32))
    assert too_big.flags.writeable and cache.size_bytes <= 3 * 4000  # larger than the memo: not kept
