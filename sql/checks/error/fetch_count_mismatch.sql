-- Latest fetch of each topic query where the server's totalCount is met neither by the distinct
-- records received (a record repeated across pages, as when the registry refreshes between page
-- requests, counts once; different records with one nctId count apart) nor by every record
-- received (the server counted a record it sent twice, byte for byte, twice: one record claiming
-- another's id and equal to it once read).
with latest as (
    select
        topic,
        query_id,
        arg_max(run_id, fetched_at) as run_id,
        max(fetched_at) as fetched_at,
        arg_max(total_count, fetched_at) as total_count,
        arg_max(unique_received, fetched_at) as unique_received,
        arg_max(received, fetched_at) as received
    from raw_fetches
    group by all
),

final as (
    select *
    from latest
    where total_count is not null and unique_received <> total_count and received <> total_count
    order by topic, query_id
)

select * from final
