-- Every refresh: published, skipped (data unchanged) or failed. Skipped and failed runs cannot
-- touch the published file, so they are logged beside it (<db>.runs.jsonl) and copied in here by
-- the next run that publishes.
create table if not exists pipeline_runs (
    run_id varchar primary key,
    started_at timestamp not null,
    finished_at timestamp,
    outcome varchar not null,
    mode varchar,
    topics varchar[],
    data_timestamp varchar,
    requests bigint,
    studies_fetched bigint,
    studies_new bigint,
    studies_changed bigint,
    studies_removed bigint,
    checks_failed varchar[],
    warnings varchar[],
    error varchar
);
