-- Fetch figures per run from raw_fetches, summed over the topic's queries: API requests (retries
-- included), records received and the totalCount the API reported. Received below totalCount
-- means an incomplete fetch. The last 30 runs.
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
        r.run_id,
        strftime(r.started_at, '%Y-%m-%d %H:%M') as run,
        'published' as outcome,
        dense_rank() over (order by r.run_id) as run_order,
        m.measure,
        m.measure_order,
        m.value
    from runs as r,
        unnest([
            {'measure': 'API requests', 'measure_order': 1, 'value': r.requests},
            {'measure': 'Records received', 'measure_order': 2, 'value': r.received},
            {'measure': 'API totalCount', 'measure_order': 3, 'value': r.total_count}
        ]) as u(m)
)

select * from final order by run_id, measure_order
