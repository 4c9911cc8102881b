-- The current version of every study: the most recently seen raw version per nct_id.
-- Keys only: the JSON stays in raw_studies (join on nct_id and content_hash), so a rebuild does
-- not copy ~11 GB of records at registry size.
-- Versions seen last together are different records one answer gave the same nctId (the
-- quarantine withholds the study: duplicate_nct_id). The current one is then the one first seen
-- earliest (the study as it was before the collision), then the greatest content hash: the same
-- pick in every rebuild.
create or replace table current_records as
with latest as (
    select
        nct_id,
        arg_max(content_hash, (last_seen_at, -epoch_us(first_seen_at), content_hash))
            as content_hash,
        max(last_seen_at) as last_seen_at,
        min(first_seen_at) as first_seen_at,
        count(*) as versions
    from raw_studies
    group by all
),

final as (
    select
        l.nct_id,
        l.content_hash,
        r.data_timestamp,
        l.last_seen_at,
        l.first_seen_at,
        l.versions
    from latest as l
    inner join raw_studies as r on r.nct_id = l.nct_id and r.content_hash = l.content_hash
)

select * from final
