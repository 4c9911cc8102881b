-- AACT's documents: one row per protocolSection.referencesModule.availIpds entry (individual
-- participant data sets and documents available), in record order.
-- aact: ctgov.documents
create or replace table documents as
with entries as (
    select nct_id, generate_subscripts(avail_ipds, 1) as ordinal, unnest(avail_ipds) as item
    from aact_sites_parsed
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
