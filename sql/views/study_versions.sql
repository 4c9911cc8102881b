-- Every stored version of every study in the order it was first seen, with the fields history
-- queries compare and the previous version's values beside them.
create or replace view study_versions as
with versions as (
    select
        nct_id,
        content_hash,
        data_timestamp,
        first_seen_at,
        last_seen_at,
        source,
        record->>'$.protocolSection.statusModule.overallStatus' as overall_status,
        try_cast(record->>'$.protocolSection.designModule.enrollmentInfo.count' as bigint)
            as enrollment,
        record->>'$.protocolSection.designModule.enrollmentInfo.type' as enrollment_type,
        record->>'$.protocolSection.statusModule.lastUpdatePostDateStruct.date'
            as last_update_post_date
    from raw_studies
),

final as (
    select
        *,
        row_number() over w as version,
        lag(overall_status) over w as previous_status,
        lag(enrollment) over w as previous_enrollment,
        lag(data_timestamp) over w as previous_data_timestamp
    from versions
    window w as (partition by nct_id order by first_seen_at, content_hash)
)

select * from final
