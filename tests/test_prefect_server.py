"""The deployment on a real Prefect server with a process worker (not the ephemeral mode)."""

import duckdb

from flows.server_demo import run


def test_deployment_runs_on_a_server_with_a_worker(tmp_path, prefect_server):
    result = run(tmp_path / "data", tmp_path / "prefect-home", prefect_server)
    assert result["completed"], result["state"]
    with duckdb.connect(str(tmp_path / "data" / "trials.duckdb"), read_only=True) as con:
        runs = con.execute("select outcome, mode from pipeline_runs").fetchall()
        ranked = con.execute("select count(*) from top_trials").fetchone()[0]
    assert runs == [("published", "full")]
    assert ranked > 0
    assert (tmp_path / "data" / "site" / "top-trials" / "leg-cramps.json").exists()
