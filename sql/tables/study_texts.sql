-- Every short text of a study that relevance and article themes look at, normalised once
-- (norm_text) so term matching is a plain substring test. Only studies some ranked topic
-- classifies (topic_candidates): the others are never matched against terms.
create or replace table study_texts as
with candidates as (
    select distinct nct_id from topic_candidates
),

texts as (
    select nct_id, 'title' as field, brief_title as text from study_overview
    union all
    select nct_id, 'title', official_title from study_overview
    union all
    select nct_id, 'condition', name from study_conditions
    union all
    select nct_id, 'keyword', name from study_keywords
    union all
    select nct_id, 'outcome', measure from planned_outcomes
    union all
    select nct_id, 'intervention', name from study_interventions
    union all
    select nct_id, 'intervention', unnest(other_names) from study_interventions
    union all
    select nct_id, 'eligibility', criteria from study_eligibility
),

final as (
    select t.nct_id, t.field, t.text, norm_text(t.text) as text_norm
    from texts as t
    semi join candidates as c on c.nct_id = t.nct_id
    where t.text is not null and trim(t.text) <> ''
)

select * from final
