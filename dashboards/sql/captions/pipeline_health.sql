-- Caption figures of the pipeline health panel, from the chart's own rows (relation chart): one
-- row per run.
select
    count(*) as runs,
    count(*) filter (where outcome = 'published') as published,
    count(*) filter (where outcome = 'skipped') as skipped,
    count(*) filter (where outcome not in ('published', 'skipped')) as failed,
    count(*) filter (where received < total_count) as short,
    min(run) as first_run,
    max(run) as last_run
from chart
