-- Descriptions of pipeline_runs; docs/schema.md is generated from them (make docs).
comment on table pipeline_runs is 'Every refresh run: published, skipped (data unchanged) or failed. Runs that did not publish are logged beside the database (<db>.runs.jsonl) and copied in by the next run that publishes, so the published file holds the whole log. Key run_id.';
comment on column pipeline_runs.run_id is 'Run id, the UTC start time as 20261125T101500123456Z; sorts in run order.';
comment on column pipeline_runs.started_at is 'UTC time the run started.';
comment on column pipeline_runs.finished_at is 'UTC time the run ended; null if it never finished (killed).';
comment on column pipeline_runs.outcome is 'How the run ended: published, skipped (the API''s dataTimestamp had not changed) or failed.';
comment on column pipeline_runs.mode is 'full (every study the topic queries match) or incremental (studies updated since the last run).';
comment on column pipeline_runs.topics is 'Topic slugs the run refreshed.';
comment on column pipeline_runs.data_timestamp is 'The API''s dataTimestamp (GET /version) the run read.';
comment on column pipeline_runs.requests is 'HTTP requests made to the API, retries included.';
comment on column pipeline_runs.studies_fetched is 'Distinct studies received over all topic queries.';
comment on column pipeline_runs.studies_new is 'Studies landed for the first time.';
comment on column pipeline_runs.studies_changed is 'Studies landed with a new version (a changed record).';
comment on column pipeline_runs.studies_removed is 'Studies a full resync no longer found (see raw_removals).';
comment on column pipeline_runs.checks_failed is 'Names of error checks (sql/checks/error/) that failed and blocked publishing.';
comment on column pipeline_runs.warnings is 'Names of warning checks (sql/checks/warning/) that reported rows.';
comment on column pipeline_runs.error is 'The error message of a failed run; null otherwise.';
