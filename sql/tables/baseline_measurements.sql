-- AACT's baseline_measurements: one row per measurement (value per group) of each baseline
-- measure, flattened from measures -> classes -> categories -> measurements as AACT's mapping
-- does, with the quirk of outcome_measurements (a measure whose first class has no categories
-- gives each such class one row with nothing measured).
--
-- number_analyzed follows AACT's BaselineMeasurement.number_analyzed: with units the measure's
-- denomUnitsSelected (default 'Participants'), the first count for the row's group among the
-- denoms of those units, the class's denoms when it has them, else the measure's. With neither,
-- the study's baseline count of that group and units. AACT looks that count up without naming
-- the study (any study's row of that group code and units can answer, and none raises an error
-- that stops the load); here it is the study's own, the first by id.
-- aact: ctgov.baseline_measurements
create or replace table baseline_measurements as
with studies as (
    select
        nct_id,
        flatten(flatten(flatten([
            [
                [
                    [
                        {
                            'title': m.title,
                            'description': m.description,
                            'units': m.unitOfMeasure,
                            'population_description': m.populationDescription,
                            'calculate_pct': m.calculatePct,
                            'param_type': m.paramType,
                            'dispersion_type': m.dispersionType,
                            'denom_units': coalesce(m.denomUnitsSelected, 'Participants'),
                            'denoms': coalesce(c.denoms, m.denoms),
                            'classification': c.title,
                            'category': cat.title,
                            'v': v
                        }
                        for v in cat.measurements
                    ]
                    for cat in (
                        case
                            when c.categories is null and m.classes[1].categories is null
                                then [{'title': null, 'measurements': [null]}]
                            else c.categories
                        end
                    )
                ]
                for c in m.classes
            ]
            for m in baseline.measures
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
        leaf.v.groupId as ctgov_group_code,
        leaf.classification as classification,
        leaf.category as category,
        leaf.title as title,
        leaf.description as description,
        leaf.units as units,
        leaf.param_type as param_type,
        leaf.v.value as param_value,
        ruby_float(leaf.v.value) as param_value_num,
        leaf.dispersion_type as dispersion_type,
        leaf.v.spread as dispersion_value,
        ruby_float(leaf.v.spread) as dispersion_value_num,
        ruby_float(leaf.v.lowerLimit) as dispersion_lower_limit,
        ruby_float(leaf.v.upperLimit) as dispersion_upper_limit,
        leaf.v.comment as explanation_of_na,
        leaf.denoms is null as without_denoms,
        -- The first count of the row's group (a missing group matches a count without one, as
        -- Ruby's == does) in the first denom of the selected units that has one.
        ar_integer(flatten([
            [c.value for c in d.counts if c.groupId is not distinct from leaf.v.groupId]
            for d in leaf.denoms if d.units = leaf.denom_units
        ])[1]) as denom_count,
        leaf.denom_units as number_analyzed_units,
        leaf.population_description as population_description,
        case
            when leaf.calculate_pct is null or leaf.calculate_pct = 'null' then null
            when leaf.calculate_pct = 'false' then 'No'
            else 'Yes'
        end as calculate_percentage
    from leaves
),

baseline_groups as (
    select nct_id, ctgov_group_code, max(id) as result_group_id
    from result_groups
    where result_type = 'Baseline'
    group by all
),

overall_counts as (
    select nct_id, ctgov_group_code, units, arg_min(count, id) as count
    from baseline_counts
    group by all
),

final as (
    select
        aact_id(r.nct_id, r.ordinal) as id,
        r.nct_id,
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
        if(r.without_denoms, o.count, r.denom_count) as number_analyzed,
        r.number_analyzed_units,
        r.population_description,
        r.calculate_percentage
    from rows as r
    -- A missing code matches a group (and a count) without one, as Ruby's hash keys and
    -- ActiveRecord's `where` do (see outcome_measurements.sql).
    left join baseline_groups as g
        on
            g.nct_id = r.nct_id
            and coalesce(g.ctgov_group_code, '') = coalesce(r.ctgov_group_code, '')
            and (g.ctgov_group_code is null) = (r.ctgov_group_code is null)
    left join overall_counts as o
        on
            r.without_denoms
            and o.nct_id = r.nct_id
            and coalesce(o.ctgov_group_code, '') = coalesce(r.ctgov_group_code, '')
            and (o.ctgov_group_code is null) = (r.ctgov_group_code is null)
            and o.units = r.number_analyzed_units
)

select * from final
