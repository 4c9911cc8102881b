-- The 15 countries with the most cramp trials (a trial counts once per country it has a site in).
with per_country as (
    select
        l.country,
        r.tier,
        count(distinct r.nct_id) as trials
    from study_relevance as r
    inner join locations as l on l.nct_id = r.nct_id
    where r.topic = $topic and r.tier <> 'excluded' and l.country is not null
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
        case p.tier when 'primary' then 'Leg cramps the focus'
            else 'Cramps beside another condition' end as relevance,
        p.trials
    from per_country as p
    semi join top_countries as t on t.country = p.country
)

select * from final order by country, relevance
