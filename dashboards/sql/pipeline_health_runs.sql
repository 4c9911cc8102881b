-- One row per run of the run log (pipeline_runs), skipped and failed runs included, for the
-- topic: API requests (retries included; a skipped run asks /version only), and beside them
-- raw_fetches' records received and the totalCount the API reported for the topic's queries
-- (null when the run fetched nothing). Received below totalCount means an incomplete fetch.
-- The last 30 runs.
with fetches as (
    select
        run_id,
        min(fetched_at) as fetched_at,
        sum(requests)::bigint as requests,
        sum(received)::bigint as received,
        sum(total_count)::bigint as total_count
    from raw_fetches
    where topic = $topic
    group by all
),

runs as (
    -- Runs from before the run log existed have fetch rows only; a database holds fetch rows
    -- only for runs that published.
    select
        coalesce(p.run_id, f.run_id) as run_id,
        coalesce(p.started_at, f.fetched_at) as started_at,
        coalesce(p.outcome, 'published') as outcome,
        p.mode,
        coalesce(p.requests, f.requests) as requests,
        f.received,
        f.total_count
    from (
        select * from pipeline_runs where topics is null or list_contains(topics, $topic)
    ) as p
    full join fetches as f on f.run_id = p.run_id
    order by run_id desc
    limit 30
),

final as (
    select
        run_id,
        strftime(started_at, '%Y-%m-%d %H:%M:%S') as run,
        outcome,
        mode,
        coalesce(requests, 0) as requests,
        received,
        total_count,
        dense_rank() over (order by run_id) as run_order
    from runs
)

select * from final order by run_id
