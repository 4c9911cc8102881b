-- Caption figures of the sponsor classes panel, from the chart's own rows (relation chart).
with by_class as (
    select sponsor_class, sum(trials) as n from chart group by all
)

select
    (select sum(trials) from chart) as trials,
    (select count(*) from by_class) as classes,
    sponsor_class as top_class,
    n as top_trials
from by_class
order by n desc, sponsor_class
limit 1
