-- Caption figures of the relevance panel, from the chart's own rows (relation chart); tier
-- order 1 is primary, 2 secondary, 3 excluded, and the labels are the topic's (topic_tiers).
-- listed_note says how many relevant studies the page lists, and how many it does not.
with figures as (
    select
        sum(studies) as studies,
        coalesce(sum(studies) filter (where tier_order < 3), 0) as relevant,
        coalesce(sum(studies) filter (where tier_order = 1), 0) as primary,
        coalesce(sum(studies) filter (where tier_order = 2), 0) as secondary,
        coalesce(sum(studies) filter (where tier_order = 3), 0) as excluded,
        coalesce(sum(_withheld), 0) as withheld,
        coalesce(any_value(relevance) filter (where tier_order = 1), 'primary') as primary_label,
        coalesce(any_value(relevance) filter (where tier_order = 2), 'secondary') as secondary_label,
        coalesce(any_value(relevance) filter (where tier_order = 3), 'excluded') as excluded_label
    from chart
)

select
    *,
    if(
        withheld = 0,
        'the article page lists every relevant one',
        'the article page lists ' || (relevant - withheld) || ' of the relevant ones and withholds '
        || withheld || ' (a record that is incomplete or cannot be shown safely, or that the '
        || 'topic''s queries no longer return)'
    ) as listed_note
from figures
