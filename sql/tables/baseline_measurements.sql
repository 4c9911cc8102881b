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
--
-- A study's leaves carry the measurement, its class and category and its denominator count only;
-- the measure's texts join the rows at the end from one row per measure (measure_texts), as in
-- outcome_measurements.
-- build: joins as written
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
                            'measure_ordinal': i,
                            'classification': c.title,
                            'category': cat.title,
                            'v': v,
                            'without_denoms': coalesce(c.denoms, m.denoms) is null,
                            'denom_count': flatten([
                                [n.value for n in d.counts if n.groupId is not distinct from v.groupId]
                                for d in coalesce(c.denoms, m.denoms)
                                if d.units = coalesce(m.denomUnitsSelected, 'Participants')
                            ])[1]
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
            for m, i in baseline.measures
        ]))) as leaves
    from aact_results_parsed
),

measures as (
    select
        nct_id,
        generate_subscripts(baseline.measures, 1) as measure_ordinal,
        unnest(baseline.measures) as m
    from aact_results_parsed
),

measure_texts as (
    select
        nct_id,
        measure_ordinal,
        m.title as title,
        m.description as description,
        m.unitOfMeasure as units,
        m.paramType as param_type,
        m.dispersionType as dispersion_type,
        coalesce(m.denomUnitsSelected, 'Participants') as number_analyzed_units,
        m.populationDescription as population_description,
        case
            when m.calculatePct is null or m.calculatePct = 'null' then null
            when m.calculatePct = 'false' then 'No'
            else 'Yes'
        end as calculate_percentage
    from measures
),

leaves as (
    select nct_id, unnest(leaves) as leaf, generate_subscripts(leaves, 1) as ordinal
    from studies
),

rows as (
    select
        l.nct_id,
        l.ordinal,
        l.leaf.v.groupId as ctgov_group_code,
        l.leaf.classification as classification,
        l.leaf.category as category,
        t.title,
        t.description,
        t.units,
        t.param_type,
        l.leaf.v.value as param_value,
        ruby_float(l.leaf.v.value) as param_value_num,
        t.dispersion_type,
        l.leaf.v.spread as dispersion_value,
        ruby_float(l.leaf.v.spread) as dispersion_value_num,
        ruby_float(l.leaf.v.lowerLimit) as dispersion_lower_limit,
        ruby_float(l.leaf.v.upperLimit) as dispersion_upper_limit,
        l.leaf.v.comment as explanation_of_na,
        l.leaf.without_denoms as without_denoms,
        ar_integer(l.leaf.denom_count) as denom_count,
        t.number_analyzed_units,
        t.population_description,
        t.calculate_percentage
    from leaves as l
    inner join measure_texts as t
        on t.nct_id = l.nct_id and t.measure_ordinal = l.leaf.measure_ordinal
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
