-- Latest fetch of each topic query where the server's totalCount differs from the unique studies received.
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
    where total_count is not null and unique_received <> total_count
    order by topic, query_id
)

select * from final
