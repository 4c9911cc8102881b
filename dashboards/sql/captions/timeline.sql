-- Caption figures of the start year panel, from the chart's own rows (relation chart); top_years
-- names the busiest years (up to three, else how many there are).
with by_year as (
    select start_year, sum(trials) as trials from chart group by all
),

busiest as (
    select start_year from by_year where trials = (select max(trials) from by_year)
)

select
    (select sum(trials) from chart) as trials,
    (select min(start_year) from chart) as first_year,
    (select max(start_year) from chart) as last_year,
    (select max(trials) from by_year) as top_trials,
    (
        select if(count(*) <= 3, string_agg(start_year, ', ' order by start_year), count(*) || ' years')
        from busiest
    ) as top_years
