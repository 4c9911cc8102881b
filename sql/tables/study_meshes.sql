-- The MeSH descriptors the registry mapped to each study's conditions and interventions (kind
-- 'mesh') and their ancestors ('ancestor'), one row per descriptor, kind and browse module
-- ('condition' or 'intervention'); condition_meshes and intervention_meshes are its two halves.
-- UIs are normalised to their official form (normalize_mesh_id in sql/macros/, where the rule is
-- explained); mesh_id_raw keeps the received form.
-- build: intermediate
create or replace table study_meshes as
with entries as (
    select nct_id, 'condition' as browse, unnest(browse_entries(condition_browse)) as entry
    from study_parsed
    union all
    select nct_id, 'intervention' as browse, unnest(browse_entries(intervention_browse)) as entry
    from study_parsed
),

firsts as (
    -- A record can list the same descriptor in both forms; keep its first appearance. A grouped
    -- min() can spill to disk; DISTINCT ON ... ORDER BY ran out of memory at registry size.
    select
        nct_id,
        browse,
        normalize_mesh_id(entry.id) as mesh_id,
        entry.kind as kind,
        min({'ordinal': entry.ordinal, 'term': entry.term, 'raw': entry.id}) as first
    from entries
    group by all
),

final as (
    select
        nct_id,
        browse,
        mesh_id,
        first.term as mesh_term,
        lower(first.term) as downcase_mesh_term,
        kind,
        first.ordinal as ordinal,
        first.raw as mesh_id_raw
    from firsts
)

select * from final
