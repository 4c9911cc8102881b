-- AACT's documents: one row per protocolSection.referencesModule.availIpds entry (individual
-- participant data sets and documents available), in record order.
-- aact: ctgov.documents
create or replace table documents as
with entries as (
    select nct_id, unnest(numbered(avail_ipds), max_depth := 2)
    from study_parsed
    where usable_id
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        item.id as document_id,
        item.type as document_type,
        item.url as url,
        item.comment as comment
    from entries
)

select * from final
