"""One options model: the CLI, the flow and a deployment's JSON parameters share RefreshOptions
and its defaults."""

from pathlib import Path

import pydantic
import pytest

from flows.fleet import topic_parameters
from flows.nightly import deployment_parameters
from pipeline.jobs.options import RefreshOptions, default
from trials.jobs import refresh_options
from trials.parser import build_parser


def test_the_command_line_defaults_are_the_models(capsys):
    args = build_parser().parse_args(["refresh"])
    for name in ("min_interval", "max_attempts", "backoff"):
        assert getattr(args, name) == default(name) == getattr(RefreshOptions(), name)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["refresh", "--help"])
    assert "giving up (default 6)" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("command", ["refresh", "demo"])
def test_no_snapshot_turns_the_nights_snapshot_off_and_only_that(command):
    def options(*extra):
        args = build_parser().parse_args([command, *extra])
        return refresh_options(args, "http://127.0.0.1:9/api/v2", 0.0)

    default_run, without = options(), options("--no-snapshot")
    assert default_run.build_snapshot is True and without.build_snapshot is False
    assert without == default_run.replace(build_snapshot=False)


def test_deployment_parameters_round_trip_into_the_same_options():
    params = deployment_parameters(
        topics=["leg-cramps"], base_url="http://127.0.0.1:9/api/v2", min_interval=0.0, full=None
    )
    # Only what was given is stored: a later default applies to a deployed run too.
    assert params == {
        "options": {
            "topics": ["leg-cramps"],
            "base_url": "http://127.0.0.1:9/api/v2",
            "min_interval": 0.0,
        }
    }
    again = RefreshOptions.model_validate(params["options"])
    assert again == RefreshOptions(
        topics=("leg-cramps",), base_url="http://127.0.0.1:9/api/v2", min_interval=0
    )
    assert again.full is False and again.db_path == Path("data") / "trials.duckdb"


def test_a_bad_option_fails_the_deploy_not_a_night_run():
    with pytest.raises(pydantic.ValidationError, match="max_attempts"):
        deployment_parameters(max_attempts=0)
    with pytest.raises(pydantic.ValidationError, match="Extra inputs"):
        deployment_parameters(max_attempt=3)
    with pytest.raises(pydantic.ValidationError, match="frozen"):
        RefreshOptions().force = True  # type: ignore[misc]


def test_a_fleet_deployment_gets_its_own_database_and_the_shared_limit():
    params = topic_parameters("leg-cramps", "data", "ctgov-api", base_url=None, min_interval=0.5)
    assert params["rate_limit"] == "ctgov-api"
    assert params["options"] == {
        "topics": ["leg-cramps"],
        "data_dir": "data",
        "db_path": str(Path("data") / "leg-cramps.duckdb"),
        "min_interval": 0.5,
    }


def test_replace_validates_like_the_constructor():
    opts = RefreshOptions()
    assert opts.replace(full=True).full is True and opts.full is False
    with pytest.raises(pydantic.ValidationError):
        opts.replace(page_limit=0)
