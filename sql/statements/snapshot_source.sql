-- The run a snapshot is made from: the last published run's id and data timestamp; a file no
-- refresh published (`trials import`) has no run, and the newest data timestamp of its records.
with last_run as (
    select run_id, data_timestamp
    from pipeline_runs
    where outcome = 'published'
    order by started_at desc, run_id desc
    limit 1
)

select
    (select run_id from last_run) as run_id,
    coalesce(
        (select data_timestamp from last_run), (select max(data_timestamp) from current_records)
    ) as data_timestamp
