-- AACT's calculated_values: one row per study of figures AACT's loader derives after loading
-- the study's rows (CalculatedValue), computed here from the same JSON:
-- facilities are the entries of contactsLocationsModule.locations, adverse events the stats
-- entries of resultsSection.adverseEventsModule's seriousEvents / otherEvents (one AACT
-- reported_events row each), planned outcomes the entries of outcomesModule's lists, dates
-- the study's dates as studies converts them. Durations are whole 30-day months, truncated
-- toward zero (Ruby's (date - date) / 30 then to_i).
-- aact: ctgov.calculated_values
create or replace table calculated_values as
with figures as (
    select
        nct_id,
        len(location_countries) as facilities,
        list_has_any(
            location_countries,
            [
                'United States', 'Guam', 'Puerto Rico', 'U.S. Virgin Islands',
                'Virgin Islands (U.S.)', 'Northern Mariana Islands', 'American Samoa',
                'Midway Atoll', 'Palmyra Atoll', 'Baker Island', 'Howland Island',
                'Jarvis Island', 'Johnston Atoll', 'Kingman Reef', 'Wake Island',
                'Navassa Island', 'Serranilla Bank', 'Bajo Nuevo Bank'
            ]
        ) as us_facility,
        -- AACT sums subjects_affected per event type; a type with rows but no counts sums to 0.
        if(
            len(serious_affected) > 0,
            coalesce(list_sum([aact_integer(n) for n in serious_affected]), 0),
            null
        ) as sae_subjects,
        if(
            len(other_affected) > 0,
            coalesce(list_sum([aact_integer(n) for n in other_affected]), 0),
            null
        ) as nsae_subjects,
        coalesce(outcome_measures, 0) > 0 as results_reported,
        aact_date(status.studyFirstSubmitDate) as first_submitted,
        aact_date(status.resultsFirstSubmitDate) as results_submitted,
        aact_date(status.startDateStruct.date) as start_date,
        status.startDateStruct.type as start_date_type,
        aact_date(status.primaryCompletionDateStruct.date) as primary_completion,
        status.primaryCompletionDateStruct.type as primary_completion_type,
        -- AACT splits an age text on whitespace: the first piece's leading integer (Ruby's
        -- to_i, 0 when there is none) and the last piece singularised in lower case. The API's
        -- units (Years, Months, Weeks, Days, Hours, Minutes) lose their final 's'.
        string_split_regex(regexp_replace(eligibility.minimumAge, '^\s+|\s+$', '', 'g'), '\s+')
            as min_parts,
        string_split_regex(regexp_replace(eligibility.maximumAge, '^\s+|\s+$', '', 'g'), '\s+')
            as max_parts,
        regexp_full_match(coalesce(eligibility.minimumAge, ''), '\s*') as min_blank,
        regexp_full_match(coalesce(eligibility.maximumAge, ''), '\s*') as max_blank,
        nullif(len(outcomes.primaryOutcomes), 0) as primary_outcomes,
        nullif(len(outcomes.secondaryOutcomes), 0) as secondary_outcomes,
        nullif(len(outcomes.otherOutcomes), 0) as other_outcomes
    from study_parsed
    where usable_id
),

final as (
    select
        aact_id(nct_id, 1) as id,
        nct_id,
        coalesce(facilities, 0)::integer as number_of_facilities,
        nsae_subjects::integer as number_of_nsae_subjects,
        sae_subjects::integer as number_of_sae_subjects,
        year(first_submitted)::integer as registered_in_calendar_year,
        null::date as nlm_download_date,
        case
            when start_date_type is distinct from 'ESTIMATED'
                and primary_completion_type is distinct from 'ESTIMATED'
                then trunc((primary_completion - start_date) / 30)::integer
        end as actual_duration,
        results_reported as were_results_reported,
        trunc((results_submitted - primary_completion) / 30)::integer as months_to_report_results,
        if(facilities > 0, us_facility, null) as has_us_facility,
        if(facilities > 0, facilities = 1, null) as has_single_facility,
        if(min_blank, null, coalesce(
            try_cast(regexp_extract(min_parts[1], '^[+-]?\d+') as integer), 0
        )) as minimum_age_num,
        if(max_blank, null, coalesce(
            try_cast(regexp_extract(max_parts[1], '^[+-]?\d+') as integer), 0
        )) as maximum_age_num,
        if(min_blank, null, regexp_replace(lower(min_parts[-1]), '([^s])s$', '\1'))
            as minimum_age_unit,
        if(max_blank, null, regexp_replace(lower(max_parts[-1]), '([^s])s$', '\1'))
            as maximum_age_unit,
        primary_outcomes::integer as number_of_primary_outcomes_to_measure,
        secondary_outcomes::integer as number_of_secondary_outcomes_to_measure,
        other_outcomes::integer as number_of_other_outcomes_to_measure
    from figures
)

select * from final
