-- Caption figures of the intervention types panel, from the chart's own rows (relation chart).
with by_type as (
    select intervention_type, sum(trials) as n from chart group by all
)

select
    (select count(*) from by_type) as types,
    intervention_type as top_type,
    n as top_trials
from by_type
order by n desc, intervention_type
limit 1
