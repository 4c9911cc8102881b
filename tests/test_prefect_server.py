"""Deployments on a real Prefect server with process workers: the nightly
deployment run by one worker, and the fleet, whose two workers run two topics' deployments at
once while the requests the emulator receives from both stay within the one shared rate limit.
Both use the one server of the session's prefect_server fixture. Prefect (through flows/) is
imported inside the tests: collecting this file (every worker does) stays cheap."""

import threading
from dataclasses import replace

import duckdb
from conftest import served_ids

from pipeline.config.topics import list_topics, load_topic
from pipeline.emulator import Emulator

# The fleet's limit in the test: faster than the API's 1/s so the test stays short; the same
# code path and limit kind as production (flows/fleet.py defaults: 1/s, burst 1).
PER_SECOND = 4.0
BURST = 1
# Each run alone may send 20 requests/s: only the shared limit holds the fleet to 4/s.
MIN_INTERVAL = 0.05
# Small pages make many requests (the real API allows up to 1000 a page).
PAGE_SIZE = 4
# Requests reach the emulator a little after their slot was granted, and that delay varies on a
# loaded machine: a window on the emulator's clock may be this much shorter than at the limit.
DELIVERY_JITTER = 0.5


def pages(count: int) -> int:
    # An exactly full last page still carries a token, which leads to one more (empty) page.
    return count // PAGE_SIZE + 1


def test_two_topics_side_by_side_keep_to_the_fleet_rate(tmp_path, corpus_studies, prefect_server):
    from flows.fleet_demo import max_excess, run_fleet

    slugs = list_topics()
    ranked = [slug for slug in slugs if load_topic(slug).ranked]
    whole = [slug for slug in slugs if slug not in ranked]
    assert len(ranked) == 1 and len(whole) == 1, slugs
    topic = load_topic(ranked[0])

    # The emulator serves real records, unchanged: the ranked topic's studies plus as many others
    # as make the whole-registry topic send about as many pages as the ranked one.
    with Emulator(corpus_studies) as emu:
        per_query = {
            q.id: len(served_ids(emu, replace(topic, queries=(q,)))) for q in topic.queries
        }
        matched = served_ids(emu, topic)
    ranked_pages = sum(pages(n) for n in per_query.values())
    size = ranked_pages * PAGE_SIZE
    by_id = {s["protocolSection"]["identificationModule"]["nctId"]: s for s in corpus_studies}
    others = sorted(set(by_id) - matched)
    served = [by_id[i] for i in sorted(matched)] + [by_id[i] for i in others[: size - len(matched)]]

    with Emulator(served) as emu:
        emu.max_page_size = PAGE_SIZE
        # Each run's first request (GET /version) waits for the other's: both then search at once,
        # so the shared limit is what keeps them apart, whatever the workers' start-up times.
        emu.version_barrier = threading.Barrier(len(slugs), timeout=240)
        out = run_fleet(
            emu,
            tmp_path / "data",
            tmp_path / "prefect-home",
            per_second=PER_SECOND,
            burst=BURST,
            min_interval=MIN_INTERVAL,
            timeout=300,
            server=prefect_server,
        )
    assert set(out["states"].values()) == {"COMPLETED"}, (out["states"], out["worker_logs"])

    # Both runs were sent, each topic to its own database.
    log = out["log"]
    searches = [e for e in log if e["path"].endswith("/studies")]
    paging = {"pageSize", "countTotal", "pageToken"}
    by_topic = {
        # The whole-registry topic sends no query parameters, the ranked one only query ones.
        ranked[0]: [e["at"] for e in searches if e["params"].keys() - paging],
        whole[0]: [e["at"] for e in searches if not e["params"].keys() - paging],
    }
    assert len(by_topic[ranked[0]]) == ranked_pages
    assert len(by_topic[whole[0]]) == pages(len(served))
    for slug in slugs:
        with duckdb.connect(str(tmp_path / "data" / f"{slug}.duckdb"), read_only=True) as con:
            assert con.execute("select outcome from pipeline_runs").fetchall() == [("published",)]

    # Side by side: both runs were in flight before either searched (each run's GET /version
    # waited for the other's at the emulator's barrier), so from then on each would have sent at
    # its own pace (20/s) had the limit not been shared. Prefect's rate limit is not fair (a
    # denied request waits longer each time), so one run may wait out the other's stream: that
    # is the limit at work, and the window check below holds either way.
    t0 = min(e["at"] for e in log)
    timeline = {slug: [round(t - t0, 2) for t in times] for slug, times in by_topic.items()}
    versions = [e["at"] for e in log if e["path"].endswith("/version")]
    assert len(versions) == len(slugs) and max(versions) <= min(e["at"] for e in searches)

    # Fleet-wide, as the emulator saw it: no window holds more requests than the limit allows.
    times = [e["at"] for e in log]
    excess, count, seconds = max_excess(times, PER_SECOND, BURST + PER_SECOND * DELIVERY_JITTER)
    assert excess <= 0, (f"{count} requests in {seconds:.2f} s; limit {PER_SECOND}/s", timeline)
    print(
        f"fleet: {out['requests']} requests in {out['seconds']:.1f} s ({out['rate']:.2f}/s), "
        f"limit {PER_SECOND}/s; busiest window {count} in {seconds:.2f} s; "
        + ", ".join(f"{k} {v:.1f}" for k, v in out["phases"].items())
    )


def test_max_excess_finds_the_busiest_window():
    from flows.fleet_demo import max_excess

    # The check the fleet test relies on: at 4/s with a burst of 1, three requests 0.25 s apart
    # are allowed; three within 0.2 s are 1.2 over the limit.
    assert max_excess([0.0, 0.25, 0.5], 4.0, 1)[0] <= 0
    excess, count, seconds = max_excess([5.0, 0.0, 0.1, 0.2], 4.0, 1)
    assert (round(excess, 6), count, seconds) == (1.2, 3, 0.2)


def test_deployment_runs_on_a_server_with_a_worker(tmp_path, prefect_server):
    from flows.server_demo import run

    result = run(tmp_path / "data", tmp_path / "prefect-home", prefect_server)
    assert result["completed"], result["state"]
    with duckdb.connect(str(tmp_path / "data" / "trials.duckdb"), read_only=True) as con:
        runs = con.execute("select outcome, mode from pipeline_runs").fetchall()
        ranked = con.execute("select count(*) from top_trials").fetchone()[0]
    assert runs == [("published", "full")]
    assert ranked > 0
    assert (tmp_path / "data" / "site" / "top-trials" / "leg-cramps.json").exists()
