-- AACT's baseline_counts: how many participants (or other units) each baseline group holds, one
-- row per count of baselineCharacteristicsModule.denoms (`flatten: [denoms, counts]`); scope is
-- AACT's constant 'overall'. result_group_id is the study's 'Baseline' result group with the
-- count's group code (the last one when a code repeats), as AACT's reference lookup gives.
-- build: joins as written
-- aact: ctgov.baseline_counts
create or replace table baseline_counts as
with studies as (
    select
        nct_id,
        flatten([[{'units': d.units, 'c': c} for c in d.counts] for d in baseline.denoms]) as leaves
    from aact_results_parsed
),

leaves as (
    select nct_id, unnest(leaves) as leaf, generate_subscripts(leaves, 1) as ordinal
    from studies
),

baseline_groups as (
    select nct_id, ctgov_group_code, max(id) as result_group_id
    from result_groups
    where result_type = 'Baseline'
    group by all
),

final as (
    select
        aact_id(e.nct_id, e.ordinal) as id,
        e.nct_id,
        g.result_group_id,
        e.leaf.c.groupId as ctgov_group_code,
        e.leaf.units as units,
        'overall' as scope,
        ar_integer(e.leaf.c.value) as count
    from leaves as e
    -- A missing code matches a group without one (see outcome_measurements.sql).
    left join baseline_groups as g
        on
            g.nct_id = e.nct_id
            and coalesce(g.ctgov_group_code, '') = coalesce(e.leaf.c.groupId, '')
            and (g.ctgov_group_code is null) = (e.leaf.c.groupId is null)
)

select * from final
