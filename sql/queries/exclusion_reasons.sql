-- Why fetched studies were left out of the ranking: exclusion reasons, near misses first.
-- study_relevance.reason for excluded studies: near miss: <term> (one of the topic's exclude_terms
-- names a title, condition or keyword); topic terms named only in the eligibility criteria;
-- related only through a MeSH ancestor term; no topic term in titles, conditions, keywords or
-- outcome measures (the query matched on a synonym or another field).
-- Columns: topic; reason; studies; example_nct_ids (up to 5, sorted); example_titles (their
-- brief titles, same order).
with excluded as (
    select r.topic, r.reason, r.nct_id, s.brief_title
    from study_relevance as r
    inner join study_overview as s on s.nct_id = r.nct_id
    where r.tier = 'excluded'
),

final as (
    select
        topic,
        reason,
        count(*) as studies,
        list(nct_id order by nct_id)[1:5] as example_nct_ids,
        list(brief_title order by nct_id)[1:5] as example_titles
    from excluded
    group by all
)

select * from final
order by topic, not starts_with(reason, 'near miss'), studies desc, reason
