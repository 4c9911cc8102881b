-- Cramp trials by intervention type (protocolSection.armsInterventionsModule.interventions[].type);
-- a trial testing a drug and a device counts under both.
with typed as (
    select distinct
        r.nct_id,
        r.tier,
        coalesce(
            upper(left(i.intervention_type, 1))
            || lower(replace(i.intervention_type[2:], '_', ' ')),
            'None listed'
        ) as intervention_type
    from study_relevance as r
    left join interventions as i on i.nct_id = r.nct_id
    where r.topic = $topic and r.tier <> 'excluded'
),

final as (
    select
        intervention_type,
        case tier when 'primary' then 'Leg cramps the focus'
            else 'Cramps beside another condition' end as relevance,
        count(*) as trials
    from typed
    group by all
)

select * from final order by intervention_type, relevance
