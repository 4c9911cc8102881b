-- AACT's outcome_counts: how many participants (or other units) each group of an outcome measure
-- analysed, one row per count of the measure's denoms (`root: denoms, flatten: counts`); scope is
-- AACT's constant 'Measure'. result_group_id as in outcome_measurements.
-- aact: ctgov.outcome_counts
create or replace table outcome_counts as
with entries as (
    select
        nct_id,
        unnest([
            {'ordinal': n, 'e': e}
            for e, n in flatten(flatten([
                [[{'outcome_ordinal': i, 'units': d.units, 'c': c} for c in d.counts] for d in o.denoms]
                for o, i in outcome_measures
            ]))
        ]) as item
    from aact_results_parsed
),

rows as (
    select
        nct_id,
        item.ordinal as ordinal,
        aact_id(nct_id, item.e.outcome_ordinal) as outcome_id,
        item.e.c.groupId as ctgov_group_code,
        item.e.units as units,
        ar_integer(item.e.c.value) as count
    from entries
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
        r.outcome_id,
        g.result_group_id,
        r.ctgov_group_code,
        'Measure' as scope,
        r.units,
        r.count
    from rows as r
    left join outcome_groups as g
        on
            g.nct_id = r.nct_id
            and g.outcome_id = r.outcome_id
            and g.ctgov_group_code is not distinct from r.ctgov_group_code
)

select * from final
