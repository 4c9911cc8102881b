-- AACT's eligibilities: one row per study whose record has an eligibilityModule (AACT's root).
-- gender_based is AACT's Ruby boolean parse (true/false, or the texts y/yes/true/t and
-- n/no/false/f in any case; anything else null); adult, child and older_adult say whether
-- stdAges lists ADULT, CHILD or OLDER_ADULT (null when stdAges is absent). An absent minimum or
-- maximum age is null: AACT's mapping names a default 'N/A' that its loader never applies.
-- aact: ctgov.eligibilities
create or replace table eligibilities as
with modules as (
    select nct_id, eligibility as e
    from study_parsed
    where usable_id and eligibility is not null
),

final as (
    select
        aact_id(nct_id, 1) as id,
        nct_id,
        e.samplingMethod as sampling_method,
        e.sex as gender,
        e.minimumAge as minimum_age,
        e.maximumAge as maximum_age,
        aact_boolean(json_text(e.healthyVolunteers)) as healthy_volunteers,
        e.studyPopulation as population,
        e.eligibilityCriteria as criteria,
        e.genderDescription as gender_description,
        case
            when lower(json_text(e.genderBased)) in ('y', 'yes', 'true', 't') then true
            when lower(json_text(e.genderBased)) in ('n', 'no', 'false', 'f') then false
        end as gender_based,
        list_contains(e.stdAges, 'ADULT') as adult,
        list_contains(e.stdAges, 'CHILD') as child,
        list_contains(e.stdAges, 'OLDER_ADULT') as older_adult
    from modules
)

select * from final
