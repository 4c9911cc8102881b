-- Caption figures of the intervention types panel, from the chart's own rows (relation chart).
with by_type as (
    select intervention_type, sum(trials) as trials from chart group by all
)

select
    (select count(*) from by_type) as types,
    intervention_type as top_type,
    trials as top_trials
from by_type
order by trials desc, intervention_type
limit 1
