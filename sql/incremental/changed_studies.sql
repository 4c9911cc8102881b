-- The studies whose rebuilt rows may differ from the stored ones: their current version or its
-- keys (study_records), or a topic's hits or removals of them (study_topics), changed since the
-- last rebuild; new and removed studies included. fresh_records and fresh_topics are those two
-- tables computed again from raw; every other rebuilt row of a study depends on these alone.
-- Quarantine rows without a first_run_id are redone once pipeline_runs holds the run that first
-- saw the study: it is stored there after the rebuild that made them.
--
-- Each pair is compared whole row against whole row (`f is distinct from s`, every column, so a
-- column added to either table file is compared too), joined on its key: nct_id, and topic and
-- nct_id. The rows of a study missing on one side come out of the full join with that side all
-- null, which is distinct. A full join hashes one side once; the EXCEPT ALL both ways it
-- replaces hashed every row four times, which at 580,000 studies spilled ~110 MiB to disk
-- during every run and took 1.9 s instead of 0.2 s.
create or replace table changed_studies as
with records as (
    select coalesce(f.nct_id, s.nct_id) as nct_id
    from fresh_records as f
    full join current_records as s on s.nct_id = f.nct_id
    where f is distinct from s
),

memberships as (
    select coalesce(f.nct_id, s.nct_id) as nct_id
    from fresh_topics as f
    full join study_topics as s on s.topic = f.topic and s.nct_id = f.nct_id
    where f is distinct from s
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
