-- Enrollment count changes between successive stored versions of a study.
create or replace view enrollment_changes as
with final as (
    select
        nct_id,
        previous_enrollment as old_enrollment,
        enrollment as new_enrollment,
        enrollment - previous_enrollment as difference,
        enrollment_type,
        previous_data_timestamp as old_data_timestamp,
        data_timestamp as new_data_timestamp,
        first_seen_at as changed_seen_at
    from study_versions
    where version > 1 and enrollment is distinct from previous_enrollment
)

select * from final
