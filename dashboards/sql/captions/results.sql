-- Caption figures of the results panel, from the chart's own rows (relation chart).
select
    coalesce(sum(trials) filter (where reporting <> 'Not finished yet'), 0) as finished,
    coalesce(sum(trials) filter (where reporting like 'Posted%'), 0) as posted,
    coalesce(sum(trials) filter (where reporting = 'Posted within a year'), 0)
        as on_time,
    coalesce(sum(trials) filter (where reporting = 'Not finished yet'), 0) as unfinished
from chart
