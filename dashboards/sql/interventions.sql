-- Listed relevant trials by intervention type (protocolSection.armsInterventionsModule.interventions[].type);
-- a trial testing a drug and a device counts under both.
with typed as (
    select distinct
        r.nct_id,
        t.label as relevance,
        t.tier_order,
        coalesce(
            upper(left(i.intervention_type, 1))
            || lower(replace(i.intervention_type[2:], '_', ' ')),
            'None listed'
        ) as intervention_type
    from study_relevance as r
    inner join topic_tiers as t on t.topic = r.topic and t.tier = r.tier
    left join study_interventions as i on i.nct_id = r.nct_id
    where r.topic = $topic and r.tier <> 'excluded'
        -- Listed trials only, as the page counts them (top_trials: not quarantined or removed).
        and r.nct_id in (select nct_id from top_trials where topic = $topic)
),

final as (
    select
        intervention_type,
        relevance,
        tier_order,
        count(*) as trials
    from typed
    group by all
)

select * from final order by intervention_type, tier_order
