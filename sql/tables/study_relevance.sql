-- Relevance to each ranked topic of the studies it classifies (topic_candidates), with the reason
-- kept (rules: topics/<slug>.toml).
-- tier: primary   one of the topic's primary terms names a title, condition or keyword;
--       secondary a primary or secondary term names a title, condition, keyword or outcome
--                 measure, or the condition MeSH is one of the topic's mesh_ids (the condition
--                 studied beside another one);
--       excluded  anything else: near-misses and studies that name a topic term only elsewhere.
-- removed_from_topic: a full resync no longer found it; it keeps its tier but is not ranked.
-- A text that names one of the topic's exclusion terms is never evidence.
create or replace table study_relevance as
with ranked_topics as (
    select * from topics where ranked
),

hits as (
    select x.nct_id, x.field, x.text, t.topic, t.kind, t.term
    from study_texts as x
    inner join topic_terms as t on contains(x.text_norm, t.term_norm)
    semi join topic_candidates as c on c.topic = t.topic and c.nct_id = x.nct_id
),

excluded_texts as (
    select distinct topic, nct_id, field, text from hits where kind = 'exclude'
),

evidence as (
    select h.*
    from hits as h
    anti join excluded_texts as e
        on e.topic = h.topic and e.nct_id = h.nct_id and e.field = h.field and e.text = h.text
    where h.kind in ('primary', 'secondary')
),

-- Evidence is picked by field (condition, keyword, title, outcome), then the longest, most
-- specific term, then term and text, so ties never depend on scan order.
field_rank as (
    select * from (values ('condition', 1), ('keyword', 2), ('title', 3), ('outcome', 4))
        as f(field, field_order)
),

ranked_evidence as (
    select
        e.topic,
        e.nct_id,
        e.kind,
        e.field,
        {'text': e.text, 'field': e.field, 'term': e.term} as evidence,
        {'field_order': f.field_order, 'longer_first': -length(e.term), 'term': e.term, 'text': e.text}
            as pick
    from evidence as e
    inner join field_rank as f on f.field = e.field
),

primary_evidence as (
    select topic, nct_id, arg_min(evidence, pick) as best
    from ranked_evidence
    where kind = 'primary' and field in ('condition', 'keyword', 'title')
    group by all
),

secondary_evidence as (
    select topic, nct_id, arg_min(evidence, pick) as best
    from ranked_evidence
    group by all
),

mesh_evidence as (
    select distinct t.topic, m.nct_id, m.kind, m.mesh_term
    from condition_meshes as m
    inner join topic_candidates as c on c.nct_id = m.nct_id
    inner join ranked_topics as t on t.topic = c.topic and list_contains(t.mesh_ids, m.mesh_id)
),

near_misses as (
    select topic, nct_id, min(term) as term
    from hits
    where kind = 'exclude' and field in ('title', 'condition', 'keyword')
    group by all
),

eligibility_only as (
    select distinct topic, nct_id
    from hits
    where kind in ('primary', 'secondary') and field = 'eligibility'
),

-- Conditions that name no topic term: the context a trial studies the topic's condition in.
other_conditions as (
    select t.topic, c.nct_id, arg_min(c.name, c.ordinal) as name
    from study_conditions as c
    inner join topic_candidates as t on t.nct_id = c.nct_id
    where not exists (
        select 1 from topic_terms as tt
        where tt.topic = t.topic and contains(norm_text(c.name), tt.term_norm)
    )
    group by all
),

classified as (
    select
        t.topic,
        s.nct_id,
        case
            when p.nct_id is not null then 'primary'
            when se.nct_id is not null or me.nct_id is not null then 'secondary'
            else 'excluded'
        end as tier,
        coalesce(p.best.field, se.best.field, case when me.nct_id is not null then 'condition_mesh' end)
            as evidence_field,
        coalesce(p.best.text, se.best.text, me.mesh_term) as evidence_text,
        coalesce(p.best.term, se.best.term, me.mesh_term) as matched_term,
        o.name as other_condition,
        n.term as near_miss_term,
        el.nct_id is not null as terms_in_eligibility,
        exists (
            select 1 from mesh_evidence as a
            where a.topic = t.topic and a.nct_id = s.nct_id and a.kind = 'ancestor'
        ) as via_mesh_ancestor,
        st.nct_id is not null as found_by_topic,
        st.removed_at is not null as removed_from_topic
    from topic_candidates as t
    inner join study_overview as s on s.nct_id = t.nct_id
    left join primary_evidence as p on p.topic = t.topic and p.nct_id = s.nct_id
    left join secondary_evidence as se
        on se.topic = t.topic and se.nct_id = s.nct_id
    left join (select * from mesh_evidence where kind = 'mesh') as me
        on me.topic = t.topic and me.nct_id = s.nct_id
    left join other_conditions as o on o.topic = t.topic and o.nct_id = s.nct_id
    left join near_misses as n on n.topic = t.topic and n.nct_id = s.nct_id
    left join eligibility_only as el on el.topic = t.topic and el.nct_id = s.nct_id
    left join study_topics as st on st.topic = t.topic and st.nct_id = s.nct_id
),

final as (
    select
        topic,
        nct_id,
        tier,
        case
            when tier <> 'excluded' then
                'Studies '
                || case
                    when evidence_field in ('condition', 'keyword') then lower(evidence_text)
                    else lower(matched_term)
                end
                -- Secondary: the topic's condition studied beside another one (other_conditions).
                || case when tier = 'secondary' then coalesce(' in ' || lower(other_condition), '')
                    else '' end
            when near_miss_term is not null then 'near miss: ' || near_miss_term
            when terms_in_eligibility then 'topic terms named only in the eligibility criteria'
            when via_mesh_ancestor then 'related only through a MeSH ancestor term'
            else 'no topic term in titles, conditions, keywords or outcome measures'
        end as reason,
        evidence_field,
        evidence_text,
        matched_term,
        other_condition,
        found_by_topic,
        removed_from_topic
    from classified
)

select * from final
