-- Caption figures of the phase panel, from the chart's own rows (relation chart). Phase orders
-- 8 and 9 are "not applicable" and "no phase".
with by_phase as (
    select phase, sum(trials) as n from chart group by all
)

select
    (select sum(trials) from chart) as trials,
    (select coalesce(sum(trials), 0) from chart where phase_order < 8) as phased,
    phase as top_phase,
    n as top_trials
from by_phase
order by n desc, phase
limit 1
