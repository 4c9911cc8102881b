-- MeSH descriptors the registry mapped to the interventions (kind 'mesh') and their ancestors ('ancestor').
-- UIs are normalised to their official form (normalize_mesh_id in sql/macros/, where the rule is
-- explained); mesh_id_raw keeps the received form.
create or replace table intervention_meshes as
with entries as (
    select nct_id, unnest(browse_entries(intervention_browse)) as entry
    from study_parsed
),

final as (
    -- A record can list the same descriptor in both forms; keep its first appearance.
    select distinct on (nct_id, mesh_id, kind)
        nct_id,
        normalize_mesh_id(entry.id) as mesh_id,
        entry.term as mesh_term,
        lower(entry.term) as downcase_mesh_term,
        entry.kind as kind,
        entry.ordinal as ordinal,
        entry.id as mesh_id_raw
    from entries
    order by nct_id, mesh_id, kind, ordinal
)

select * from final
