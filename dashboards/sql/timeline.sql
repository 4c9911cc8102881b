-- Cramp trials by start year (protocolSection.statusModule.startDateStruct.date), every year
-- between the first and the last present so gaps show; planned starts count in their year.
with relevant as (
    select
        year(s.start_date) as start_year,
        case r.tier when 'primary' then 'Leg cramps the focus'
            else 'Cramps beside another condition' end as relevance
    from study_relevance as r
    inner join studies as s on s.nct_id = r.nct_id
    where r.topic = $topic and r.tier <> 'excluded' and s.start_date is not null
),

years as (
    select unnest(range(min(start_year), max(start_year) + 1)) as start_year from relevant
),

final as (
    select
        y.start_year::varchar as start_year,
        t.relevance,
        count(r.start_year) as trials
    from years as y
    cross join (
        values ('Leg cramps the focus'), ('Cramps beside another condition')
    ) as t(relevance)
    left join relevant as r on r.start_year = y.start_year and r.relevance = t.relevance
    group by all
)

select * from final order by start_year, relevance
