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
                            'title': o.title,
                            'description': o.description,
                            'units': o.unitOfMeasure,
                            'param_type': o.paramType,
                            'dispersion_type': o.dispersionType,
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

leaves as (
    select nct_id, unnest(leaves) as leaf, generate_subscripts(leaves, 1) as ordinal
    from studies
),

rows as (
    select
        nct_id,
        ordinal,
        aact_id(nct_id, leaf.outcome_ordinal) as outcome_id,
        leaf.m.groupId as ctgov_group_code,
        leaf.classification as classification,
        leaf.category as category,
        leaf.title as title,
        leaf.description as description,
        leaf.units as units,
        leaf.param_type as param_type,
        leaf.m.value as param_value,
        ruby_float(leaf.m.value) as param_value_num,
        leaf.dispersion_type as dispersion_type,
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
        r.title,
        r.description,
        r.units,
        r.param_type,
        r.param_value,
        r.param_value_num,
        r.dispersion_type,
        r.dispersion_value,
        r.dispersion_value_num,
        r.dispersion_lower_limit,
        r.dispersion_upper_limit,
        r.explanation_of_na,
        r.dispersion_upper_limit_raw,
        r.dispersion_lower_limit_raw
    from rows as r
    -- A missing code matches a group without one, as Ruby's hash keys do: two equalities,
    -- which DuckDB hashes (`is not distinct from` made the join 0.4 s slower at 10,000 studies).
    left join outcome_groups as g
        on
            g.nct_id = r.nct_id
            and g.outcome_id = r.outcome_id
            and coalesce(g.ctgov_group_code, '') = coalesce(r.ctgov_group_code, '')
            and (g.ctgov_group_code is null) = (r.ctgov_group_code is null)
)

select * from final
