-- Listed relevant trials by overall status (protocolSection.statusModule.overallStatus), split by tier.
-- _open marks the statuses readers can still join (is_open); captions count them.
with final as (
    select
        coalesce(
            upper(left(s.overall_status, 1)) || lower(replace(s.overall_status[2:], '_', ' ')),
            'Not stated'
        ) as status,
        t.label as relevance,
        t.tier_order,
        coalesce(is_open(s.overall_status), false) as _open,
        count(*) as trials
    from study_relevance as r
    inner join study_overview as s on s.nct_id = r.nct_id
    inner join topic_tiers as t on t.topic = r.topic and t.tier = r.tier
    where r.topic = $topic and r.tier <> 'excluded'
        -- Listed trials only, as the page counts them (top_trials: not quarantined or removed).
        and r.nct_id in (select nct_id from top_trials where topic = $topic)
    group by all
)

select * from final order by status, tier_order
