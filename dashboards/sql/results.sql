-- Results reporting of the listed relevant trials, from AACT's studies (ctgov.studies: dates as AACT
-- stores them, a month given alone is its last day): a finished trial (COMPLETED or TERMINATED)
-- posted results within 12 months of primary completion, later, without a primary completion
-- date to compare with, or not yet; other trials have not finished. reporting_order keeps the
-- categories in that order.
with relevant as (
    select r.nct_id, t.label as relevance, t.tier_order
    from study_relevance as r
    inner join topic_tiers as t on t.topic = r.topic and t.tier = r.tier
    where r.topic = $topic and r.tier <> 'excluded'
        -- Listed trials only, as the page counts them (top_trials: not quarantined or removed).
        and r.nct_id in (select nct_id from top_trials where topic = $topic)
),

classified as (
    select
        r.relevance,
        r.tier_order,
        case
            when s.overall_status not in ('COMPLETED', 'TERMINATED') then 'Not finished yet'
            when s.results_first_posted_date is null then 'Finished, none posted'
            when s.primary_completion_date is null then 'Posted, no end date'
            when s.results_first_posted_date <= s.primary_completion_date + interval '12 months'
                then 'Posted within a year'
            else 'Posted later'
        end as reporting
    from relevant as r
    inner join ctgov.studies as s on s.nct_id = r.nct_id
),

final as (
    select
        reporting,
        relevance,
        tier_order,
        count(*) as trials,
        case reporting
            when 'Posted within a year' then 1
            when 'Posted later' then 2
            when 'Posted, no end date' then 3
            when 'Finished, none posted' then 4
            else 5
        end as reporting_order
    from classified
    group by all
)

select * from final order by reporting_order, tier_order
