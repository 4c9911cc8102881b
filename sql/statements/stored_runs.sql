-- The outcome and error stored per run, to replay only run-log lines that change something.
select run_id, outcome, error
from pipeline_runs
