-- AACT's outcome_counts: how many participants (or other units) each group of an outcome measure
-- analysed, one row per count of the measure's denoms (`root: denoms, flatten: counts`); scope is
-- AACT's constant 'Measure'. result_group_id as in outcome_measurements.
-- build: joins as written
-- aact: ctgov.outcome_counts
create or replace table outcome_counts as
with studies as (
    select
        nct_id,
        flatten(flatten([
            [[{'outcome_ordinal': i, 'units': d.units, 'c': c} for c in d.counts] for d in o.denoms]
            for o, i in outcome_measures
        ])) as leaves
    from aact_results_parsed
),

leaves as (
    select nct_id, unnest(leaves) as leaf, generate_subscripts(leaves, 1) as ordinal
    from studies
),

rows as (
    select
        nct_id,
        ordinal,
        aact_id(nct_id, leaf.outcome_ordinal) as outcome_id,
        leaf.c.groupId as ctgov_group_code,
        leaf.units as units,
        ar_integer(leaf.c.value) as count
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
        r.outcome_id,
        g.result_group_id,
        r.ctgov_group_code,
        'Measure' as scope,
        r.units,
        r.count
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
