-- Caption figures of the countries panel, from the chart's own rows (relation chart); _countries
-- counts every country with a site, shown or not.
with by_country as (
    select country, sum(trials) as n from chart group by all
)

select
    (select max(_countries) from chart) as countries,
    (select count(*) from by_country) as shown,
    if(
        (select count(*) from by_country) < (select max(_countries) from chart),
        ' (the ' || (select count(*) from by_country) || ' with the most trials are shown)',
        ''
    ) as shown_note,
    country as top_country,
    n as top_trials
from by_country
order by n desc, country
limit 1
