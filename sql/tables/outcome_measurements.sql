-- AACT's outcome_measurements: one row per measurement (value per group) of each outcome
-- measure, flattened from classes -> categories -> measurements as AACT's mapping does
-- (`flatten: [classes, categories, measurements]`), classification and category from the
-- measurement's class and category, the measure's fields repeated on every row.
--
-- AACT's flatten fills a quirk: when an outcome's first class has no categories key, every class
-- of it without one gets a single empty category holding a single empty measurement, so such a
-- class yields one row with the class title and nothing measured (no group). When the first
-- class has categories, a class without them yields nothing.
-- result_group_id is the outcome's own result group with the measurement's group code (AACT's
-- ResultGroup.handle_outcome_result_groups_ids: the last such group when a code repeats).
--
-- A study's leaves carry the measurement and its class and category only; the measure's texts
-- (title, description, units, ...) join the rows at the end from one row per measure
-- (measures). Copied into every leaf, they made each chunk of 2,048 studies' leaf lists hold
-- every measure's description once per measurement, outside DuckDB's memory limit.
-- build: joins as written
-- aact: ctgov.outcome_measurements
create or replace table outcome_measurements as
with studies as (
    select
        nct_id,
        flatten(flatten(flatten([
            [
                [
                    [
                        {
                            'outcome_ordinal': i,
                            'classification': c.title,
                            'category': cat.title,
                            'm': m
                        }
                        for m in cat.measurements
                    ]
                    for cat in (
                        case
                            when c.categories is null and o.classes[1].categories is null
                                then [{'title': null, 'measurements': [null]}]
                            else c.categories
                        end
                    )
                ]
                for c in o.classes
            ]
            for o, i in outcome_measures
        ]))) as leaves
    from aact_results_parsed
),

measures as (
    select
        nct_id,
        generate_subscripts(outcome_measures, 1) as outcome_ordinal,
        unnest(outcome_measures) as o
    from aact_results_parsed
),

measure_texts as (
    select
        nct_id,
        outcome_ordinal,
        o.title as title,
        o.description as description,
        o.unitOfMeasure as units,
        o.paramType as param_type,
        o.dispersionType as dispersion_type
    from measures
),

leaves as (
    select nct_id, unnest(leaves) as leaf, generate_subscripts(leaves, 1) as ordinal
    from studies
),

rows as (
    select
        nct_id,
        ordinal,
        leaf.outcome_ordinal as outcome_ordinal,
        aact_id(nct_id, leaf.outcome_ordinal) as outcome_id,
        leaf.m.groupId as ctgov_group_code,
        leaf.classification as classification,
        leaf.category as category,
        leaf.m.value as param_value,
        ruby_float(leaf.m.value) as param_value_num,
        leaf.m.spread as dispersion_value,
        ruby_float(leaf.m.spread) as dispersion_value_num,
        ruby_float(leaf.m.lowerLimit) as dispersion_lower_limit,
        ruby_float(leaf.m.upperLimit) as dispersion_upper_limit,
        leaf.m.comment as explanation_of_na,
        leaf.m.upperLimit as dispersion_upper_limit_raw,
        leaf.m.lowerLimit as dispersion_lower_limit_raw
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
        r.classification,
        r.category,
        t.title,
        t.description,
        t.units,
        t.param_type,
        r.param_value,
        r.param_value_num,
        t.dispersion_type,
        r.dispersion_value,
        r.dispersion_value_num,
        r.dispersion_lower_limit,
        r.dispersion_upper_limit,
        r.explanation_of_na,
        r.dispersion_upper_limit_raw,
        r.dispersion_lower_limit_raw
    from rows as r
    inner join measure_texts as t
        on t.nct_id = r.nct_id and t.outcome_ordinal = r.outcome_ordinal
    left join outcome_groups as g
        on
            g.nct_id = r.nct_id
            and g.outcome_id = r.outcome_id
            and coalesce(g.ctgov_group_code, '') = coalesce(r.ctgov_group_code, '')
            and (g.ctgov_group_code is null) = (r.ctgov_group_code is null)
)

select * from final
