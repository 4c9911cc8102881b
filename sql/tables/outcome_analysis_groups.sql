-- AACT's outcome_analysis_groups: the groups an outcome analysis compares, one row per code of
-- its groupIds. outcome_analysis_id is the analysis' outcome_analyses.id (analyses numbered
-- across the study's outcomes as there); result_group_id is the analysis' outcome's own result
-- group with that code (the last one when a code repeats), as AACT's loader sets it.
-- build: joins as written
-- aact: ctgov.outcome_analysis_groups
create or replace table outcome_analysis_groups as
with analyses as (
    select
        nct_id,
        flatten([
            [{'outcome_ordinal': i, 'group_ids': a.groupIds} for a in o.analyses]
            for o, i in outcome_measures
        ]) as analyses
    from aact_results_parsed
),

studies as (
    select
        nct_id,
        flatten([
            [
                {'analysis_ordinal': k, 'outcome_ordinal': a.outcome_ordinal, 'code': g}
                for g in a.group_ids
            ]
            for a, k in analyses
        ]) as leaves
    from analyses
),

leaves as (
    select nct_id, unnest(leaves) as leaf, generate_subscripts(leaves, 1) as ordinal
    from studies
),

rows as (
    select
        nct_id,
        ordinal,
        aact_id(nct_id, leaf.analysis_ordinal) as outcome_analysis_id,
        aact_id(nct_id, leaf.outcome_ordinal) as outcome_id,
        leaf.code as ctgov_group_code
    from leaves
),

outcome_groups as (
    select nct_id, outcome_id, ctgov_group_code, max(id) as result_group_id
    from result_groups
    where result_type = 'Outcome'
    group by all
),

final as (
    select
        aact_id(r.nct_id, r.ordinal) as id,
        r.nct_id,
        r.outcome_analysis_id,
        g.result_group_id,
        r.ctgov_group_code
    from rows as r
    -- A missing code matches a group without one (see outcome_measurements.sql).
    left join outcome_groups as g
        on
            g.nct_id = r.nct_id
            and g.outcome_id = r.outcome_id
            and coalesce(g.ctgov_group_code, '') = coalesce(r.ctgov_group_code, '')
            and (g.ctgov_group_code is null) = (r.ctgov_group_code is null)
)

select * from final
