-- AACT's outcome_analyses: one row per statistical analysis of an outcome measure
-- (outcomeMeasures[].analyses), numbered across the study's outcomes in record order.
-- pValue is split as AACT's loader splits it: p_value_modifier is the text without digits, dots
-- and hyphens, stripped ('<0.001' gives '<', '0.05' gives ''), p_value the text without '<', '>',
-- '=' and spaces as a double (ActiveRecord's cast: '0.001'; 0 when no number leads, 'NA' 0),
-- p_value_raw the text as given.
-- aact: ctgov.outcome_analyses
create or replace table outcome_analyses as
with entries as (
    select
        nct_id,
        unnest([
            {'ordinal': n, 'e': e}
            for e, n in flatten([
                [{'outcome_ordinal': i, 'a': a} for a in o.analyses] for o, i in outcome_measures
            ])
        ]) as item
    from aact_results_parsed
),

final as (
    select
        aact_id(nct_id, item.ordinal) as id,
        nct_id,
        aact_id(nct_id, item.e.outcome_ordinal) as outcome_id,
        item.e.a.nonInferiorityType as non_inferiority_type,
        item.e.a.nonInferiorityComment as non_inferiority_description,
        item.e.a.paramType as param_type,
        ar_decimal(item.e.a.paramValue) as param_value,
        item.e.a.dispersionType as dispersion_type,
        ar_decimal(item.e.a.dispersionValue) as dispersion_value,
        ruby_strip(regexp_replace(item.e.a.pValue, '[0-9.-]', '', 'g')) as p_value_modifier,
        ar_float(ruby_strip(regexp_replace(item.e.a.pValue, '[<> =]', '', 'g'))) as p_value,
        item.e.a.ciNumSides as ci_n_sides,
        ruby_float(item.e.a.ciPctValue) as ci_percent,
        ruby_float(item.e.a.ciLowerLimit) as ci_lower_limit,
        ruby_float(item.e.a.ciUpperLimit) as ci_upper_limit,
        item.e.a.ciUpperLimitComment as ci_upper_limit_na_comment,
        item.e.a.pValueComment as p_value_description,
        item.e.a.statisticalMethod as method,
        item.e.a.statisticalComment as method_description,
        item.e.a.estimateComment as estimate_description,
        item.e.a.groupDescription as groups_description,
        item.e.a.otherAnalysisDescription as other_analysis_description,
        item.e.a.ciUpperLimit as ci_upper_limit_raw,
        item.e.a.ciLowerLimit as ci_lower_limit_raw,
        item.e.a.pValue as p_value_raw
    from entries
)

select * from final
