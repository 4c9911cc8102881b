-- AACT's baseline_counts: how many participants (or other units) each baseline group holds, one
-- row per count of baselineCharacteristicsModule.denoms (`flatten: [denoms, counts]`); scope is
-- AACT's constant 'overall'. result_group_id is the study's 'Baseline' result group with the
-- count's group code (the last one when a code repeats), as AACT's reference lookup gives.
-- aact: ctgov.baseline_counts
create or replace table baseline_counts as
with entries as (
    select
        nct_id,
        unnest([
            {'ordinal': n, 'e': e}
            for e, n in flatten([
                [{'units': d.units, 'c': c} for c in d.counts] for d in baseline.denoms
            ])
        ]) as item
    from aact_results_parsed
),

baseline_groups as (
    select nct_id, ctgov_group_code, max(id) as result_group_id
    from result_groups
    where result_type = 'Baseline'
    group by all
),

final as (
    select
        aact_id(e.nct_id, e.item.ordinal) as id,
        e.nct_id,
        g.result_group_id,
        e.item.e.c.groupId as ctgov_group_code,
        e.item.e.units as units,
        'overall' as scope,
        ar_integer(e.item.e.c.value) as count
    from entries as e
    left join baseline_groups as g
        on
            g.nct_id = e.nct_id
            and g.ctgov_group_code is not distinct from e.item.e.c.groupId
)

select * from final
