-- AACT's study_records: one row per
-- section of each current record (protocolSection, resultsSection, annotationSection,
-- documentSection, derivedSection; the sections it has), as AACT's StudyRecord kept one per
-- section, typed StudyRecord::ProtocolSection and so on. content is the section's JSON, sha the
-- SHA-256 (hex) of its compact text, as AACT hashed a section to tell whether it changed; like
-- AACT, the derived section's miscInfoModule.versionHolder (the registry's daily version date)
-- is left out of both, so a section's sha changes only with its data. A view: the JSON stays in
-- raw_studies (~11 GB at registry size) instead of being copied into a table by every rebuild,
-- and is read only when this relation is.
-- aact: ctgov.study_records
create or replace view study_records as
with records as (
    select r.nct_id, r.record
    from raw_studies as r
    semi join current_records as s on s.nct_id = r.nct_id and s.content_hash = r.content_hash
    where regexp_full_match(r.nct_id, 'NCT[0-9]{8}')
),

sections as (
    select
        nct_id,
        json_extract(record, [
            '$.protocolSection', '$.resultsSection', '$.annotationSection',
            '$.documentSection', '$.derivedSection'
        ]) as contents
    from records
),

entries as (
    select nct_id, generate_subscripts(contents, 1) as ordinal, unnest(contents) as content
    from sections
),

kept as (
    -- versionHolder out of the derived section's compact text, with the comma beside it (it is
    -- followed by another key, preceded by one, or alone). A quote inside a JSON string is
    -- escaped, so the pattern matches only the key itself, and its value up to the closing quote
    -- (escapes included). json_merge_patch would drop
    -- miscInfoModule whole when versionHolder was all it held; AACT keeps it, empty.
    select
        nct_id,
        ordinal,
        case
            when ordinal = 5 then regexp_replace(
                regexp_replace(
                    regexp_replace(content::varchar, '"versionHolder":"(?:[^"\\]|\\.)*",', ''),
                    ',"versionHolder":"(?:[^"\\]|\\.)*"', ''
                ),
                '"versionHolder":"(?:[^"\\]|\\.)*"', ''
            )::json
            else content
        end as content
    from entries
    where content is not null
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        'StudyRecord::' || [
            'ProtocolSection', 'ResultsSection', 'AnnotationSection', 'DocumentSection',
            'DerivedSection'
        ][ordinal] as type,
        content,
        sha256(content::varchar) as sha,
        null::timestamp as created_at,
        null::timestamp as updated_at
    from kept
)

select * from final
