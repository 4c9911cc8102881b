-- One row per study that has an eligibilityModule. Ages keep the registry text and add years.
create or replace table study_eligibility as
with parsed as (
    select nct_id, eligibility as e
    from study_parsed
),

ages as (
    select
        *,
        -- "18 Years", "6 Months", "4 Weeks": number and unit; "N/A" or other text gives nulls.
        [
            regexp_extract(
                a, '^\s*(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?\s*$',
                ['n', 'unit'], 'i'
            )
            for a in [e.minimumAge, e.maximumAge]
        ] as parts,
        -- Years from the unit: months /12, weeks /52.1775 (= 365.25 / 7), days /365.25, hours and
        -- minutes from days.
        [
            try_cast(p.n as double) / case lower(p.unit)
                when 'year' then 1
                when 'month' then 12
                when 'week' then 365.25 / 7
                when 'day' then 365.25
                when 'hour' then 365.25 * 24
                when 'minute' then 365.25 * 24 * 60
            end
            for p in parts
        ] as years
    from parsed
    -- A missing module transforms to null: no row.
    where e is not null
),

final as (
    select
        nct_id,
        e.sex as sex,
        e.minimumAge as minimum_age,
        e.maximumAge as maximum_age,
        years[1] as minimum_age_years,
        years[2] as maximum_age_years,
        json_boolean(e.healthyVolunteers) as healthy_volunteers,
        coalesce(e.stdAges, []::varchar[]) as std_ages,
        e.eligibilityCriteria as criteria,
        json_boolean(e.genderBased) as gender_based,
        e.genderDescription as gender_description,
        e.samplingMethod as sampling_method,
        e.studyPopulation as study_population
    from ages
)

select * from final
