-- Listed relevant trials by phase (protocolSection.designModule.phases; PHASE1 + PHASE2 is phase 1/2).
with labelled as (
    select
        t.label as relevance,
        t.tier_order,
        case
            when len(s.phases) = 0 then 'No phase (observational)'
            when s.phases = ['NA'] then 'Not applicable'
            when list_contains(s.phases, 'EARLY_PHASE1') then 'Early phase 1'
            else 'Phase ' || array_to_string([replace(p, 'PHASE', '') for p in s.phases], '/')
        end as phase,
        case
            when len(s.phases) = 0 then 9
            when s.phases = ['NA'] then 8
            when list_contains(s.phases, 'EARLY_PHASE1') then 0
            else list_min([try_cast(replace(p, 'PHASE', '') as integer) for p in s.phases])
        end as phase_order
    from study_relevance as r
    inner join study_overview as s on s.nct_id = r.nct_id
    inner join topic_tiers as t on t.topic = r.topic and t.tier = r.tier
    where r.topic = $topic and r.tier <> 'excluded'
        -- Listed trials only, as the page counts them (top_trials: not quarantined or removed).
        and r.nct_id in (select nct_id from top_trials where topic = $topic)
),

final as (
    select
        phase,
        min(phase_order) as phase_order,
        relevance,
        tier_order,
        count(*) as trials
    from labelled
    group by phase, relevance, tier_order
)

select * from final order by phase_order, tier_order
