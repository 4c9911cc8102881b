-- AACT's provided_documents: one row per documentSection.largeDocumentModule.largeDocs entry, in
-- record order. url is AACT's link to the file,
-- https://ClinicalTrials.gov/ProvidedDocs/<last 2 digits of the NCT id>/<NCT id>/<filename>
-- (an empty filename when the record has none, as AACT's string interpolation does).
-- The has_ flags are the JSON values cast as ActiveRecord casts into a boolean column
-- (aact_boolean). document_date is the date text cast as ActiveRecord casts it into a date
-- column: an ISO date (YYYY-MM-DD) is kept, a partial one (YYYY-MM, YYYY) has no day and is null.
-- aact: ctgov.provided_documents
create or replace table provided_documents as
with entries as (
    select nct_id, unnest(numbered(large_docs), max_depth := 2)
    from study_parsed
    where usable_id
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        item.label as document_type,
        aact_boolean(item.hasProtocol) as has_protocol,
        aact_boolean(item.hasIcf) as has_icf,
        aact_boolean(item.hasSap) as has_sap,
        if(
            regexp_full_match(item.date, '\d{4}-\d{2}-\d{2}(T.*)?'),
            try_cast(substr(item.date, 1, 10) as date),
            null
        ) as document_date,
        'https://ClinicalTrials.gov/ProvidedDocs/' || right(nct_id, 2) || '/' || nct_id || '/'
        || coalesce(item.filename, '') as url
    from entries
)

select * from final
