-- Fetch figures per run, every run of the run log (pipeline_runs) including the skipped and
-- failed ones, beside raw_fetches' records received and the API's totalCount for the topic's
-- queries. Received below totalCount means an incomplete fetch. The last 30 runs.
with fetches as (
    select
        run_id,
        sum(requests)::bigint as requests,
        sum(received)::bigint as received,
        sum(total_count)::bigint as total_count
    from raw_fetches
    where topic = $topic
    group by all
),

fetch_times as (
    select run_id, min(fetched_at) as fetched_at from raw_fetches group by all
),

runs as (
    -- Runs from before the run log existed have fetch rows only; a database holds fetch rows
    -- only for runs that published.
    select
        coalesce(p.run_id, f.run_id) as run_id,
        coalesce(p.started_at, t.fetched_at) as started_at,
        coalesce(p.outcome, 'published') as outcome,
        p.mode,
        coalesce(p.requests, f.requests) as requests,
        f.received,
        f.total_count
    from (
        select * from pipeline_runs where topics is null or list_contains(topics, $topic)
    ) as p
    full join fetches as f on f.run_id = p.run_id
    left join fetch_times as t on t.run_id = f.run_id
    order by run_id desc
    limit 30
),

final as (
    select
        r.run_id,
        strftime(r.started_at, '%Y-%m-%d %H:%M:%S') || ' · ' || r.outcome
            || coalesce(' (' || r.mode || ')', '') as run,
        r.outcome,
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
    where m.value is not null
)

select * from final order by run_id, measure_order
