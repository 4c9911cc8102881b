-- Per topic and query: the API parameters of its last full fetch (JSON text). A query whose
-- parameters differ today is fetched in full again (pipeline.jobs.planning.changed_queries).
select topic, query_id, arg_max(params, fetched_at)::varchar
from raw_fetches
where mode = 'full'
group by all
