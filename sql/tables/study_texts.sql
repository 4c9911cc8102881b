-- Every short text of a study that relevance and article themes look at, normalised once
-- (norm_text) so term matching is a plain substring test.
create or replace table study_texts as
with texts as (
    select nct_id, 'title' as field, brief_title as text from studies
    union all
    select nct_id, 'title', official_title from studies
    union all
    select nct_id, 'condition', name from conditions
    union all
    select nct_id, 'keyword', name from keywords
    union all
    select nct_id, 'outcome', measure from outcomes
    union all
    select nct_id, 'intervention', name from interventions
    union all
    select nct_id, 'intervention', unnest(other_names) from interventions
    union all
    select nct_id, 'eligibility', criteria from eligibilities
),

final as (
    select nct_id, field, text, norm_text(text) as text_norm
    from texts
    where text is not null and trim(text) <> ''
)

select * from final
