-- Drug versus non-drug trials of each topic: medicines, or devices, procedures and supplements?
-- Each relevant trial (tier primary or secondary) falls in one category, by its interventions:
--   drug         any DRUG, BIOLOGICAL or COMBINATION_PRODUCT intervention
--   supplement   otherwise any DIETARY_SUPPLEMENT (minerals, vitamins ...)
--   non-drug     otherwise any other type (DEVICE, PROCEDURE, BEHAVIORAL, OTHER: exercise ...)
--   none listed  the record lists no intervention (observational or incomplete records)
-- Columns: topic; category; trials; open_trials (RECRUITING, NOT_YET_RECRUITING,
-- ENROLLING_BY_INVITATION, AVAILABLE); with_results (results posted); intervention_types (distinct,
-- sorted); interventions (up to 8 intervention names, sorted).
with relevant as (
    select r.topic, s.nct_id, s.overall_status, s.has_results
    from study_relevance as r
    inner join study_overview as s on s.nct_id = r.nct_id
    where r.tier <> 'excluded'
),

per_trial as (
    select
        r.topic,
        r.nct_id,
        r.overall_status,
        r.has_results,
        list(distinct i.intervention_type) filter (where i.intervention_type is not null) as types,
        list(distinct i.name) filter (where i.name is not null) as names,
        count(i.nct_id) as listed
    from relevant as r
    left join study_interventions as i on i.nct_id = r.nct_id
    group by all
),

categorised as (
    select
        *,
        case
            when list_has_any(types, ['DRUG', 'BIOLOGICAL', 'COMBINATION_PRODUCT']) then 'drug'
            when list_contains(types, 'DIETARY_SUPPLEMENT') then 'supplement'
            when listed > 0 then 'non-drug'
            else 'none listed'
        end as category
    from per_trial
),

final as (
    select
        topic,
        category,
        count(*) as trials,
        count(*) filter (
            where is_open(overall_status)
        ) as open_trials,
        count(*) filter (where has_results) as with_results,
        list_sort(list_distinct(flatten(list(types)))) as intervention_types,
        list_sort(list_distinct(flatten(list(names))))[1:8] as interventions
    from categorised
    group by all
)

select * from final order by topic, trials desc, category
