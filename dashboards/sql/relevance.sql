-- Every fetched study by relevance tier and reason: how precise the topic queries are.
with final as (
    select
        case tier when 'primary' then 'Leg cramps the focus'
            when 'secondary' then 'Cramps beside another condition'
            else 'Not about cramps' end as relevance,
        case
            when tier <> 'excluded' then 'Evidence in the ' || replace(evidence_field, '_', ' ')
            when starts_with(reason, 'near miss') then 'Near miss (other cramps, spasticity ...)'
            else upper(left(reason, 1)) || reason[2:]
        end as reason,
        count(*) as studies
    from study_relevance
    where topic = $topic
    group by all
)

select * from final order by relevance, studies desc
