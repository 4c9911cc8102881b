-- Listed relevant trials by start year (protocolSection.statusModule.startDateStruct.date), every year
-- between the first and the last present so gaps show; planned starts count in their year.
with relevant as (
    select
        year(s.start_date) as start_year,
        r.tier
    from study_relevance as r
    inner join study_overview as s on s.nct_id = r.nct_id
    where r.topic = $topic and r.tier <> 'excluded'
        -- Listed trials only, as the page counts them (top_trials: not quarantined or removed).
        and r.nct_id in (select nct_id from top_trials where topic = $topic) and s.start_date is not null
),

years as (
    select unnest(range(min(start_year), max(start_year) + 1)) as start_year from relevant
),

final as (
    select
        y.start_year::varchar as start_year,
        t.label as relevance,
        t.tier_order,
        count(r.start_year) as trials
    from years as y
    cross join (
        select tier, label, tier_order from topic_tiers where topic = $topic and tier <> 'excluded'
    ) as t
    left join relevant as r on r.start_year = y.start_year and r.tier = t.tier
    group by all
)

select * from final order by start_year, tier_order
