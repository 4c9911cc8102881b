-- Status changes of relevant trials in the last 30 days: which trials opened, closed or stopped?
-- Reads the status_changes view (overall_status compared across successive stored versions of each
-- study in raw_studies, in the order each version was first seen). The 30 days count back from the
-- newest landing in the database, not from the clock, so the answer does not change when the query
-- is re-run later. Only changes this database saw: a study first landed after its change has no
-- earlier version to compare with.
-- Columns: topic; nct_id; brief_title; old_status; new_status; changed_seen_at (UTC time the
-- changed version was first landed); data_timestamp (the API refresh that carried it);
-- last_update_post_date (the changed version's lastUpdatePostDateStruct.date, registry text).
with window_start as (
    select max(last_seen_at) - interval 30 day as since from raw_studies
),

final as (
    select
        r.topic,
        c.nct_id,
        s.brief_title,
        c.old_status,
        c.new_status,
        c.changed_seen_at,
        c.new_data_timestamp as data_timestamp,
        c.last_update_post_date
    from status_changes as c
    cross join window_start as w
    inner join study_relevance as r on r.nct_id = c.nct_id and r.tier <> 'excluded'
    left join study_overview as s on s.nct_id = c.nct_id
    where c.changed_seen_at >= w.since
)

select * from final order by topic, changed_seen_at desc, nct_id
