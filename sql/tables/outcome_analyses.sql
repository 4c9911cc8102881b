-- AACT's outcome_analyses: one row per statistical analysis of an outcome measure
-- (outcomeMeasures[].analyses), numbered across the study's outcomes in record order.
-- pValue is split as AACT's loader splits it: p_value_modifier is the text without digits, dots
-- and hyphens, stripped ('<0.001' gives '<', '0.05' gives ''), p_value the text without '<', '>',
-- '=' and spaces as a double (ActiveRecord's cast: '0.001'; 0 when no number leads, 'NA' 0),
-- p_value_raw the text as given.
-- aact: ctgov.outcome_analyses
create or replace table outcome_analyses as
with studies as (
    select
        nct_id,
        flatten([
            [{'outcome_ordinal': i, 'a': a} for a in o.analyses] for o, i in outcome_measures
        ]) as leaves
    from aact_results_parsed
),

leaves as (
    select nct_id, unnest(leaves) as leaf, generate_subscripts(leaves, 1) as ordinal
    from studies
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        aact_id(nct_id, leaf.outcome_ordinal) as outcome_id,
        leaf.a.nonInferiorityType as non_inferiority_type,
        leaf.a.nonInferiorityComment as non_inferiority_description,
        leaf.a.paramType as param_type,
        ar_decimal(leaf.a.paramValue) as param_value,
        leaf.a.dispersionType as dispersion_type,
        ar_decimal(leaf.a.dispersionValue) as dispersion_value,
        ruby_strip(regexp_replace(leaf.a.pValue, '[0-9.-]', '', 'g')) as p_value_modifier,
        ar_float(ruby_strip(regexp_replace(leaf.a.pValue, '[<> =]', '', 'g'))) as p_value,
        leaf.a.ciNumSides as ci_n_sides,
        ruby_float(leaf.a.ciPctValue) as ci_percent,
        ruby_float(leaf.a.ciLowerLimit) as ci_lower_limit,
        ruby_float(leaf.a.ciUpperLimit) as ci_upper_limit,
        leaf.a.ciUpperLimitComment as ci_upper_limit_na_comment,
        leaf.a.pValueComment as p_value_description,
        leaf.a.statisticalMethod as method,
        leaf.a.statisticalComment as method_description,
        leaf.a.estimateComment as estimate_description,
        leaf.a.groupDescription as groups_description,
        leaf.a.otherAnalysisDescription as other_analysis_description,
        leaf.a.ciUpperLimit as ci_upper_limit_raw,
        leaf.a.ciLowerLimit as ci_lower_limit_raw,
        leaf.a.pValue as p_value_raw
    from leaves
)

select * from final
