-- AACT's ipd_information_types: one row per protocolSection.ipdSharingStatementModule.infoTypes
-- value (STUDY_PROTOCOL, SAP, ICF, CSR, ANALYTIC_CODE), in record order.
-- aact: ctgov.ipd_information_types
create or replace table ipd_information_types as
with entries as (
    select nct_id, generate_subscripts(info_types, 1) as ordinal, unnest(info_types) as name
    from study_parsed
    where usable_id
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        name
    from entries
)

select * from final
