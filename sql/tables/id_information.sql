-- AACT's id_information: the study's other identifiers (identificationModule), in AACT's insert
-- order: each secondaryIdInfos entry ('secondary_id'), then the orgStudyIdInfo ('org_study_id',
-- one row whenever the record has it), then each nctIdAliases entry ('nct_alias', its value
-- only). id_type, id_type_description and id_link are the entry's type, domain and link.
-- aact: ctgov.id_information
create or replace table id_information as
with ids as (
    select
        nct_id,
        list_concat(
            list_concat(
                [
                    {
                        'id_source': 'secondary_id', 'id_value': s.id, 'id_type': s.type,
                        'id_type_description': s.domain, 'id_link': s.link
                    }
                    for s in identification.secondaryIdInfos
                ],
                if(
                    identification.orgStudyIdInfo is null,
                    [],
                    [{
                        'id_source': 'org_study_id',
                        'id_value': identification.orgStudyIdInfo.id,
                        'id_type': identification.orgStudyIdInfo.type,
                        'id_type_description': identification.orgStudyIdInfo.domain,
                        'id_link': identification.orgStudyIdInfo.link
                    }]
                )
            ),
            [
                {
                    'id_source': 'nct_alias', 'id_value': a, 'id_type': null::varchar,
                    'id_type_description': null::varchar, 'id_link': null::varchar
                }
                for a in identification.nctIdAliases
            ]
        ) as items
    from study_parsed
    where usable_id
),

entries as (
    select nct_id, unnest(numbered(items), max_depth := 2)
    from ids
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        item.id_source,
        item.id_value,
        item.id_type,
        item.id_type_description,
        item.id_link
    from entries
)

select * from final
