-- The labels of the topic's relevant tiers (primary, secondary) in order: the colour domain of
-- the charts that count relevant trials only.
select label from topic_tiers where topic = $topic and tier <> 'excluded' order by tier_order
