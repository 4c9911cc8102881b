-- Which topic found each current study, and through which of its queries.
create or replace table study_topics as
with final as (
    select
        h.topic,
        h.nct_id,
        list(h.query_id order by h.query_id) as query_ids,
        min(h.first_seen_at) as first_seen_at,
        max(h.last_seen_at) as last_seen_at
    from raw_query_hits as h
    semi join study_records as s on s.nct_id = h.nct_id
    group by all
)
select * from final
