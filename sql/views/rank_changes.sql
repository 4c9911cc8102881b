-- How each trial's rank moved between a published run and the run published before it, per topic:
-- new entries have no old_rank, trials that left the list have no new_rank.
create or replace view rank_changes as
with runs as (
    select distinct topic, run_id, ranked_at from raw_rankings
),

paired as (
    select
        topic,
        run_id,
        lag(run_id) over (partition by topic order by ranked_at, run_id) as previous_run_id
    from runs
    qualify previous_run_id is not null
),

current_ranks as (
    select p.topic, p.run_id, p.previous_run_id, r.nct_id, r.rank
    from paired as p
    inner join raw_rankings as r on r.topic = p.topic and r.run_id = p.run_id
),

previous_ranks as (
    select p.topic, p.run_id, p.previous_run_id, r.nct_id, r.rank
    from paired as p
    inner join raw_rankings as r on r.topic = p.topic and r.run_id = p.previous_run_id
),

final as (
    select
        coalesce(c.topic, o.topic) as topic,
        coalesce(c.run_id, o.run_id) as run_id,
        coalesce(c.previous_run_id, o.previous_run_id) as previous_run_id,
        coalesce(c.nct_id, o.nct_id) as nct_id,
        o.rank as old_rank,
        c.rank as new_rank,
        o.rank - c.rank as places_up,
        case
            when o.rank is null then 'new'
            when c.rank is null then 'left'
            when c.rank < o.rank then 'up'
            when c.rank > o.rank then 'down'
            else 'same'
        end as movement
    from current_ranks as c
    full join previous_ranks as o
        on o.topic = c.topic and o.run_id = c.run_id and o.nct_id = c.nct_id
)

select * from final
