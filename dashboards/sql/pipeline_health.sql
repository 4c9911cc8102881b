-- One row per run from raw_fetches (databases without the run log: published runs only), summed
-- over the topic's queries: API requests (retries included), records received and the
-- totalCount the API reported. Received below totalCount means an incomplete fetch. The last
-- 30 runs.
with runs as (
    select
        run_id,
        min(fetched_at) as started_at,
        sum(requests)::bigint as requests,
        sum(received)::bigint as received,
        sum(total_count)::bigint as total_count
    from raw_fetches
    where topic = $topic
    group by all
    order by run_id desc
    limit 30
),

final as (
    select
        run_id,
        strftime(started_at, '%Y-%m-%d %H:%M:%S') as run,
        'published' as outcome,
        null::varchar as mode,
        requests,
        received,
        total_count,
        dense_rank() over (order by run_id) as run_order
    from runs
)

select * from final order by run_id
