-- Relevant trials by the themes of the topic's article: which trials speak to each section?
-- A topic names its article (topics.article); the article's themes come from its file
-- (content/<article>.toml [[themes]], seed article_themes). A relevant trial (tier primary or
-- secondary) belongs to a theme when one of the theme's synonyms names its title, a condition, a
-- keyword, an intervention or an outcome measure (study_themes); a trial can sit under several
-- themes. A topic without an article has no rows.
-- Columns: topic; theme_order (the theme's position in the article); theme_id; theme (the
-- reader-facing label of the article section); nct_id; brief_title; overall_status (API enum);
-- tier; matched_terms (the theme synonyms found in the trial's texts, sorted).
with relevant as (
    select r.topic, t.article, r.nct_id, r.tier
    from study_relevance as r
    inner join topics as t on t.topic = r.topic
    where r.tier <> 'excluded'
),

final as (
    select
        r.topic,
        th.theme_order,
        th.theme_id,
        th.label as theme,
        r.nct_id,
        s.brief_title,
        s.overall_status,
        r.tier,
        th.matched_terms
    from relevant as r
    inner join study_themes as th on th.article = r.article and th.nct_id = r.nct_id
    inner join study_overview as s on s.nct_id = r.nct_id
)

select * from final order by topic, theme_order, tier, nct_id
