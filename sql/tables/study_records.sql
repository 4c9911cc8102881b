-- The current version of every study: the most recently seen raw version per nct_id.
create or replace table study_records as
with final as (
    select
        nct_id,
        arg_max(content_hash, last_seen_at) as content_hash,
        arg_max(data_timestamp, last_seen_at) as data_timestamp,
        max(last_seen_at) as last_seen_at,
        min(first_seen_at) as first_seen_at,
        count(*) as versions,
        arg_max(record, last_seen_at) as record
    from raw_studies
    group by all
)
select * from final
