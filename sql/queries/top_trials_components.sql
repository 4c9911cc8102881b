-- The ranked top list with its score broken down: why is each trial where it is?
-- One row per ranked trial (top_trials), in rank order. Each component column holds the points it
-- adds (component value in [0, 1] x the topic weight, topics/<slug>.toml [weights]); they sum to
-- score, which runs from 0 to the sum of the topic's weights (topic_weights; docs/ranking.md).
-- Columns: topic; rank; nct_id; acronym; brief_title; overall_status; tier (primary or secondary);
-- score; relevance; status; phase; enrollment; recency; results; sites; countries; sponsor;
-- article (points each); reasons (plain-English, joined with '; ').
with final as (
    select
        topic,
        rank,
        nct_id,
        acronym,
        brief_title,
        overall_status,
        tier,
        score,
        components.relevance as relevance,
        components.status as status,
        components.phase as phase,
        components.enrollment as enrollment,
        components.recency as recency,
        components.results as results,
        components.sites as sites,
        components.countries as countries,
        components.sponsor as sponsor,
        components.article as article,
        array_to_string(reasons, '; ') as reasons
    from top_trials
)

select * from final order by topic, rank
