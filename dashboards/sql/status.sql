-- Cramp trials by overall status (protocolSection.statusModule.overallStatus), split by tier.
with final as (
    select
        coalesce(
            upper(left(s.overall_status, 1)) || lower(replace(s.overall_status[2:], '_', ' ')),
            'Not stated'
        ) as status,
        case r.tier when 'primary' then 'Leg cramps the focus'
            else 'Cramps beside another condition' end as relevance,
        count(*) as trials
    from study_relevance as r
    inner join studies as s on s.nct_id = r.nct_id
    where r.topic = $topic and r.tier <> 'excluded'
    group by all
)

select * from final order by status, relevance
