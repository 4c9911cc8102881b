-- Per topic, the run, data timestamp and time of its latest stored ranking.
select
    topic,
    arg_max(run_id, ranked_at),
    arg_max(data_timestamp, ranked_at),
    max(ranked_at)
from raw_rankings
group by topic
