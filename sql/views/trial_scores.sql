-- Score components of every relevant, complete study per topic. Each component value is in [0, 1];
-- its contribution is value x the topic's weight (topics/<slug>.toml [weights]); the score is their
-- sum. Recency is measured against the data date of the load, never the clock, so identical inputs
-- give identical output. Quarantined studies (see the quarantine table) are kept out.
create or replace view trial_scores as
with as_of as (
    select coalesce(max(try_cast(left(data_timestamp, 10) as date)), max(version_holder)) as as_of
    from study_overview
),

sites as (
    select
        nct_id,
        count(*) as site_count,
        count(distinct country) as country_count,
        list(distinct country order by country) filter (where country is not null) as countries
    from locations
    group by all
),

themes as (
    select
        t.topic,
        st.nct_id,
        list(st.label order by st.theme_order) as article_sections,
        list(st.anchor order by st.theme_order) as article_anchors,
        list(st.theme_id order by st.theme_order) as theme_ids
    from study_themes as st
    inner join topics as t on t.article = st.article
    group by all
),

phase_values as (
    select nct_id, max(
        case p
            when 'PHASE4' then 1.0
            when 'PHASE3' then 0.9
            when 'PHASE2' then 0.7
            when 'PHASE1' then 0.4
            when 'EARLY_PHASE1' then 0.3
            when 'NA' then 0.5
            else 0.0
        end
    ) as value
    from (select nct_id, unnest(phases) as p from study_overview)
    group by all
),

values as (
    select
        r.topic,
        s.nct_id,
        case r.tier when 'primary' then 1.0 when 'secondary' then 0.5 else 0.0 end as relevance,
        coalesce(sv.value, 0.0) as status,
        coalesce(pv.value, 0.0) as phase,
        least(1.0, coalesce(ln(1 + greatest(s.enrollment, 0)) / ln(1001), 0.0)) as enrollment,
        -- Clamped to [0, 1]: an update dated after the data date (a typo such as 2099) counts as
        -- current, never as more than current.
        coalesce(
            least(1.0, greatest(0.0, 1.0 - date_diff('day', s.last_update_post_date, a.as_of) / 1826.25)),
            0.0
        ) as recency,
        case when s.has_results then 1.0 else 0.0 end as results,
        least(1.0, coalesce(ln(1 + si.site_count) / ln(51), 0.0)) as sites,
        least(1.0, coalesce(si.country_count, 0) / 5.0) as countries,
        coalesce(spv.value, 0.0) as sponsor,
        least(1.0, 0.5 * coalesce(len(th.theme_ids), 0)) as article
    from study_relevance as r
    inner join study_overview as s on s.nct_id = r.nct_id
    cross join as_of as a
    left join topic_values as sv
        on sv.topic = r.topic and sv.kind = 'status' and sv.key = s.overall_status
    left join topic_values as spv
        on spv.topic = r.topic and spv.kind = 'sponsor' and spv.key = s.lead_sponsor_class
    left join phase_values as pv on pv.nct_id = s.nct_id
    left join sites as si on si.nct_id = s.nct_id
    left join themes as th on th.topic = r.topic and th.nct_id = s.nct_id
    where r.tier <> 'excluded' and not r.removed_from_topic
        and s.nct_id not in (select nct_id from quarantine)
),

weights as (
    pivot (select topic, component, weight from topic_weights)
    on component in ('relevance', 'status', 'phase', 'enrollment', 'recency', 'results',
                     'sites', 'countries', 'sponsor', 'article')
    using first(weight)
    group by topic
),

contributions as (
    select
        v.topic,
        v.nct_id,
        {
            'relevance': round(v.relevance * coalesce(w.relevance, 0), 3),
            'status': round(v.status * coalesce(w.status, 0), 3),
            'phase': round(v.phase * coalesce(w.phase, 0), 3),
            'enrollment': round(v.enrollment * coalesce(w.enrollment, 0), 3),
            'recency': round(v.recency * coalesce(w.recency, 0), 3),
            'results': round(v.results * coalesce(w.results, 0), 3),
            'sites': round(v.sites * coalesce(w.sites, 0), 3),
            'countries': round(v.countries * coalesce(w.countries, 0), 3),
            'sponsor': round(v.sponsor * coalesce(w.sponsor, 0), 3),
            'article': round(v.article * coalesce(w.article, 0), 3)
        } as components,
        v.status as status_value
    from values as v
    left join weights as w on w.topic = v.topic
),

final as (
    select
        c.topic,
        c.nct_id,
        round(
            c.components.relevance + c.components.status + c.components.phase
            + c.components.enrollment + c.components.recency + c.components.results
            + c.components.sites + c.components.countries + c.components.sponsor
            + c.components.article,
            3
        ) as score,
        c.components,
        c.status_value,
        coalesce(si.site_count, 0) as site_count,
        coalesce(si.country_count, 0) as country_count,
        coalesce(si.countries, []) as countries,
        coalesce(th.article_sections, []) as article_sections,
        coalesce(th.article_anchors, []) as article_anchors,
        coalesce(th.theme_ids, []) as theme_ids
    from contributions as c
    left join sites as si on si.nct_id = c.nct_id
    left join themes as th on th.topic = c.topic and th.nct_id = c.nct_id
)

select * from final
