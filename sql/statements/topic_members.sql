-- Per topic: how many studies it holds (not removed), for the shrink guard.
select topic, count(*)
from study_topics
where removed_at is null
group by topic
