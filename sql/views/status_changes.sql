-- Overall status changes between successive stored versions of a study.
create or replace view status_changes as
with final as (
    select
        nct_id,
        previous_status as old_status,
        overall_status as new_status,
        previous_data_timestamp as old_data_timestamp,
        data_timestamp as new_data_timestamp,
        first_seen_at as changed_seen_at,
        last_update_post_date
    from study_versions
    where version > 1 and overall_status is distinct from previous_status
)

select * from final
