-- The topic's relevance tier labels in order (topic_tiers): the colour domain of the tier charts.
select label from topic_tiers where topic = $topic order by tier_order
