-- The studies whose rebuilt rows may differ from the stored ones: their current version or its
-- keys (study_records), or a topic's hits or removals of them (study_topics), changed since the
-- last rebuild; new and removed studies included. fresh_records and fresh_topics are those two
-- tables computed again from raw; every other rebuilt row of a study depends on these alone.
-- Quarantine rows without a first_run_id are redone once pipeline_runs holds the run that first
-- saw the study: it is stored there after the rebuild that made them.
create or replace table changed_studies as
with records as (
    (select * from fresh_records except all select * from study_records)
    union all
    (select * from study_records except all select * from fresh_records)
),

memberships as (
    (select * from fresh_topics except all select * from study_topics)
    union all
    (select * from study_topics except all select * from fresh_topics)
),

final as (
    select nct_id from records
    union
    select nct_id from memberships
    union
    select q.nct_id
    from quarantine as q
    semi join pipeline_runs as p on p.started_at = q.first_seen_at
    where q.first_run_id is null
)

select * from final
