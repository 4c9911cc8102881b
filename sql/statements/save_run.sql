-- One row of pipeline_runs, inserted or replaced (the last line a run logs wins).
-- Parameters in the order of pipeline.warehouse.history.RunRecord's fields.
insert or replace into pipeline_runs by name
select
    ?::varchar as run_id, ?::timestamp as started_at, ?::varchar as outcome,
    ?::timestamp as finished_at, ?::varchar as mode, ?::varchar[] as topics,
    ?::varchar as data_timestamp, ?::bigint as requests, ?::bigint as studies_fetched,
    ?::bigint as studies_new, ?::bigint as studies_changed, ?::bigint as studies_removed,
    ?::varchar[] as checks_failed, ?::varchar[] as warnings, ?::varchar as error
