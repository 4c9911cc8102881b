-- Caption figures of the top trials panel, from the chart's own rows (relation chart).
with trials as (
    select distinct rank, score, _open from chart
),

by_component as (
    select component, sum(points) as points from chart group by all
)

select
    (select count(*) from trials) as trials,
    (select count(*) filter (where _open) from trials) as open,
    (select min(score) from trials) as min_score,
    (select max(score) from trials) as max_score,
    component as top_component,
    points as top_points
from by_component
order by points desc, component
limit 1
