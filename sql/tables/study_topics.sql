-- Which topic found each current study, through which of its queries, and whether a later full
-- resync of the topic no longer found it (removed_at set; the study stays, but leaves the list).
create or replace table study_topics as
with open_removals as (
    select topic, nct_id, max(removed_at) as removed_at
    from raw_removals
    where restored_at is null
    group by all
),

final as (
    select
        h.topic,
        h.nct_id,
        list(h.query_id order by h.query_id) as query_ids,
        min(h.first_seen_at) as first_seen_at,
        max(h.last_seen_at) as last_seen_at,
        any_value(r.removed_at) as removed_at
    from raw_query_hits as h
    semi join current_records as s on s.nct_id = h.nct_id
    left join open_removals as r on r.topic = h.topic and r.nct_id = h.nct_id
    group by all
)

select * from final
