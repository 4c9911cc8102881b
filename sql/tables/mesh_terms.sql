-- AACT's mesh_terms, empty: AACT loads it from the National Library of Medicine's MeSH tree file
-- (tree numbers and their terms), not from the registry. The registry's JSON names a study's
-- MeSH terms and ids (condition_meshes, intervention_meshes) but no tree numbers or qualifiers,
-- so nothing here can fill these columns honestly.
-- aact: ctgov.mesh_terms
create or replace table mesh_terms as
with final as (
    select
        null::integer as id,
        null::varchar as qualifier,
        null::varchar as tree_number,
        null::varchar as description,
        null::varchar as mesh_term,
        null::varchar as downcase_mesh_term
    limit 0
)

select * from final
