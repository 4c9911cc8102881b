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
with leaves as (
    select
        nct_id,
        unnest([
            {'ordinal': n, 'leaf': l}
            for l, n in flatten(flatten(flatten([
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
            ])))
        ]) as item
    from aact_results_parsed
),

rows as (
    select
        nct_id,
        item.ordinal as ordinal,
        aact_id(nct_id, item.leaf.outcome_ordinal) as outcome_id,
        item.leaf.m.groupId as ctgov_group_code,
        item.leaf.classification as classification,
        item.leaf.category as category,
        item.leaf.title as title,
        item.leaf.description as description,
        item.leaf.units as units,
        item.leaf.param_type as param_type,
        item.leaf.m.value as param_value,
        ruby_float(item.leaf.m.value) as param_value_num,
        item.leaf.dispersion_type as dispersion_type,
        item.leaf.m.spread as dispersion_value,
        ruby_float(item.leaf.m.spread) as dispersion_value_num,
        ruby_float(item.leaf.m.lowerLimit) as dispersion_lower_limit,
        ruby_float(item.leaf.m.upperLimit) as dispersion_upper_limit,
        item.leaf.m.comment as explanation_of_na,
        item.leaf.m.upperLimit as dispersion_upper_limit_raw,
        item.leaf.m.lowerLimit as dispersion_lower_limit_raw
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
    left join outcome_groups as g
        on
            g.nct_id = r.nct_id
            and g.outcome_id = r.outcome_id
            and g.ctgov_group_code is not distinct from r.ctgov_group_code
)

select * from final
