-- Members per topic that are not removed (the shrink check compares them).
select topic, count(*) from study_topics where removed_at is null group by topic
