-- Open trials (RECRUITING, NOT_YET_RECRUITING, ENROLLING_BY_INVITATION, AVAILABLE) must rank
-- ahead of every closed one; a weight change in topics/<slug>.toml that breaks this blocks
-- publishing. Returns each closed trial ranked above an open trial of the same topic.
with ranked as (
    select
        topic,
        rank,
        nct_id,
        is_open(overall_status)
            as is_open
    from top_trials
),

final as (
    select c.topic, c.nct_id, c.rank, o.nct_id as open_nct_id, o.rank as open_rank
    from ranked as c
    inner join ranked as o on o.topic = c.topic and o.is_open and o.rank > c.rank
    where not c.is_open
)

select * from final
