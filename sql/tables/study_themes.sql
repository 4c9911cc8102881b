-- Article themes (content/<article>.toml) of the studies a ranked topic of the article classifies
-- (topic_candidates): a theme's synonym names one of the study's titles, conditions, keywords,
-- interventions or outcome measures, and the theme's primary purposes (when it lists any) admit
-- the study's design (an unknown purpose admits it).
create or replace table study_themes as
with matches as (
    select
        a.article,
        x.nct_id,
        a.theme_id,
        a.label,
        a.anchor,
        a.theme_order,
        a.primary_purposes,
        a.term
    from study_texts as x
    inner join article_themes as a on contains(x.text_norm, a.term_norm)
    -- Only studies a ranked topic of the article classifies.
    semi join (
        select c.nct_id, t.article
        from topic_candidates as c
        inner join topics as t on t.topic = c.topic
    ) as c on c.nct_id = x.nct_id and c.article = a.article
    where x.field in ('title', 'condition', 'keyword', 'intervention', 'outcome')
),

final as (
    select
        m.article,
        m.nct_id,
        m.theme_id,
        any_value(m.label) as label,
        any_value(m.anchor) as anchor,
        any_value(m.theme_order) as theme_order,
        list(distinct m.term order by m.term) as matched_terms
    from matches as m
    left join study_designs as d on d.nct_id = m.nct_id
    where len(m.primary_purposes) = 0
        or d.primary_purpose is null
        or list_contains(m.primary_purposes, d.primary_purpose)
    group by all
)

select * from final
