-- Every fetched study by relevance tier and reason: how precise the topic queries are.
-- _withheld counts the relevant studies of a row the page does not list: quarantined (their
-- record is incomplete or cannot be shown safely) or no longer returned by the topic's queries.
with final as (
    select
        t.label as relevance,
        t.tier_order,
        case
            when r.tier <> 'excluded' then 'Evidence in the ' || replace(r.evidence_field, '_', ' ')
            when starts_with(r.reason, 'near miss') then 'Names one of the topic''s exclusion terms'
            else upper(left(r.reason, 1)) || r.reason[2:]
        end as reason,
        count(*) as studies,
        count(*) filter (
            where r.tier <> 'excluded'
                and r.nct_id not in (select nct_id from top_trials where topic = $topic)
        ) as _withheld
    from study_relevance as r
    inner join topic_tiers as t on t.topic = r.topic and t.tier = r.tier
    where r.topic = $topic
    group by all
)

select * from final order by tier_order, studies desc, reason
