-- The 15 countries with the most relevant trials (a trial counts once per country it has a site
-- in); _countries is how many countries list a site in all, so a caption can say when the chart
-- shows only some of them.
with per_country as (
    select
        l.country,
        t.label as relevance,
        t.tier_order,
        count(distinct r.nct_id) as trials
    from study_relevance as r
    inner join locations as l on l.nct_id = r.nct_id
    inner join topic_tiers as t on t.topic = r.topic and t.tier = r.tier
    where r.topic = $topic and r.tier <> 'excluded'
        -- Listed trials only, as the page counts them (top_trials: not quarantined or removed).
        and r.nct_id in (select nct_id from top_trials where topic = $topic) and l.country is not null
    group by all
),

top_countries as (
    select country
    from per_country
    group by all
    order by sum(trials) desc, country
    limit 15
),

final as (
    select
        p.country,
        p.relevance,
        p.tier_order,
        p.trials,
        (select count(distinct country) from per_country) as _countries
    from per_country as p
    semi join top_countries as t on t.country = p.country
)

select * from final order by country, tier_order
