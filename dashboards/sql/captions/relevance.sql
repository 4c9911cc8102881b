-- Caption figures of the relevance panel, from the chart's own rows (relation chart); tier
-- order 1 is primary, 2 secondary, 3 excluded, and the labels are the topic's (topic_tiers).
select
    sum(studies) as studies,
    coalesce(sum(studies) filter (where tier_order < 3), 0) as relevant,
    coalesce(sum(studies) filter (where tier_order = 1), 0) as primary,
    coalesce(sum(studies) filter (where tier_order = 2), 0) as secondary,
    coalesce(sum(studies) filter (where tier_order = 3), 0) as excluded,
    coalesce(any_value(relevance) filter (where tier_order = 1), 'primary') as primary_label,
    coalesce(any_value(relevance) filter (where tier_order = 2), 'secondary') as secondary_label,
    coalesce(any_value(relevance) filter (where tier_order = 3), 'excluded') as excluded_label
from chart
