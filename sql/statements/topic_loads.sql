-- Per topic: the last data timestamp loaded and when its last full resync was fetched.
-- Read by pipeline.jobs.planning to decide how each topic is fetched this run.
select topic, max(data_timestamp), max(fetched_at) filter (where mode = 'full')
from raw_fetches
group by topic
