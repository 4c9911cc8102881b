-- Status changes of cramp trials in the last 30 days: which trials opened, closed or stopped?
-- Compares overall_status (protocolSection.statusModule.overallStatus) across successive stored
-- versions of each study in raw_studies, ordered by when each version was first seen. The 30 days
-- count back from the newest landing in the database, not from the clock, so the answer does not
-- change when the query is re-run later. Only changes this database saw: a study first landed
-- after its change has no earlier version to compare with.
-- Columns: topic; nct_id; brief_title; old_status; new_status; changed_seen_at (UTC time the
-- changed version was first landed); data_timestamp (the API refresh that carried it);
-- last_update_post_date (the changed version's lastUpdatePostDateStruct.date, registry text).
with versions as (
    select
        nct_id,
        content_hash,
        data_timestamp,
        first_seen_at,
        record->>'$.protocolSection.statusModule.overallStatus' as overall_status,
        record->>'$.protocolSection.statusModule.lastUpdatePostDateStruct.date'
            as last_update_post_date,
        lag(record->>'$.protocolSection.statusModule.overallStatus') over (
            partition by nct_id order by first_seen_at, content_hash
        ) as old_status,
        row_number() over (partition by nct_id order by first_seen_at, content_hash) as version
    from raw_studies
),

window_start as (
    select max(last_seen_at) - interval 30 day as since from raw_studies
),

final as (
    select
        r.topic,
        v.nct_id,
        s.brief_title,
        v.old_status,
        v.overall_status as new_status,
        v.first_seen_at as changed_seen_at,
        v.data_timestamp,
        v.last_update_post_date
    from versions as v
    cross join window_start as w
    inner join study_relevance as r on r.nct_id = v.nct_id and r.tier <> 'excluded'
    left join studies as s on s.nct_id = v.nct_id
    where v.version > 1
        and v.overall_status is distinct from v.old_status
        and v.first_seen_at >= w.since
)

select * from final order by topic, changed_seen_at desc, nct_id
