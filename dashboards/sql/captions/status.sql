-- Caption figures of the status panel, from the chart's own rows (relation chart).
with by_status as (
    select status, sum(trials) as n from chart group by all
)

select
    (select sum(trials) from chart) as trials,
    (select count(*) from by_status) as statuses,
    (select coalesce(sum(trials), 0) from chart where _open) as open,
    status as top_status,
    n as top_trials
from by_status
order by n desc, status
limit 1
