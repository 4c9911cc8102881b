-- The 15 best-ranked trials with the points each score component adds (top_trials.components);
-- _open marks the trials readers can still join (is_open).
with ranked as (
    select
        rank,
        nct_id,
        score,
        coalesce(is_open(overall_status), false) as _open,
        rank || '. ' || nct_id || ' · '
            || coalesce(acronym, if(length(brief_title) > 38, brief_title[:37] || '…', brief_title))
            as trial,
        components
    from top_trials
    where topic = $topic and rank <= 15
),

final as (
    select
        r.rank,
        r.trial,
        r.score,
        r._open,
        c.component,
        c.component_order,
        c.points
    from ranked as r,
        unnest([
            {'component': 'Recruitment status', 'component_order': 1, 'points': r.components.status},
            {'component': 'Relevance', 'component_order': 2, 'points': r.components.relevance},
            {'component': 'Phase', 'component_order': 3, 'points': r.components.phase},
            {'component': 'Enrollment', 'component_order': 4, 'points': r.components.enrollment},
            {'component': 'Recently updated', 'component_order': 5, 'points': r.components.recency},
            {'component': 'Results posted', 'component_order': 6, 'points': r.components.results},
            {'component': 'Sites', 'component_order': 7, 'points': r.components.sites},
            {'component': 'Countries', 'component_order': 8, 'points': r.components.countries},
            {'component': 'Sponsor type', 'component_order': 9, 'points': r.components.sponsor},
            {'component': 'Matches the article', 'component_order': 10, 'points': r.components.article}
        ]) as u(c)
    where c.points > 0
)

select * from final order by rank, component_order
