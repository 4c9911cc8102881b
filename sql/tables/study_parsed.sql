-- Every field the normalised tables read, parsed from each current record's JSON once: one
-- json_transform per record, one struct column per module. Parsing is the bulk of a rebuild, so
-- the tables below read these columns instead of transforming the JSON again, each its own.
-- Missing modules and keys give nulls (json_transform is lenient: absent keys and wrong types
-- become null); resultsSection is never asked for.
--
-- The records reach json_transform in two parts (by a hash of nct_id).
-- json_transform parses every record of a chunk before it transforms any, so its memory is one
-- chunk of parsed records per thread, which cannot spill: 465-482 MiB for full chunks (2,048
-- records of ~19 KB) on two threads, the whole buffer pool at 50,000 studies. Each part fills
-- half a chunk: 330 MiB. Each part scans raw_studies again (decompressing every record), so
-- four parts (248 MiB) cost 0.12 s more at 10,000 studies and 0.58 s more at 50,000, and their
-- hash tables and write buffers took as much memory as the half chunks save. An incremental
-- rebuild (a few changed studies in every chunk already) sets the variable study_parsed_parts
-- to 1, and part 1 is empty (a semi join with nothing to match stops its scan at once).
-- build: intermediate
create or replace table study_parsed as
with records as (
    -- A semi join hashes the small key table; an inner join may hash the records instead.
    select r.nct_id, r.content_hash, r.data_timestamp, r.record
    from raw_studies as r
    semi join (
        from current_records
        where hash(nct_id) % coalesce(getvariable('study_parsed_parts'), 2) = 0
    ) as s
        on s.nct_id = r.nct_id and s.content_hash = r.content_hash
    union all
    select r.nct_id, r.content_hash, r.data_timestamp, r.record
    from raw_studies as r
    semi join (
        from current_records
        where hash(nct_id) % coalesce(getvariable('study_parsed_parts'), 2) = 1
    ) as s
        on s.nct_id = r.nct_id and s.content_hash = r.content_hash
),

parsed as (
    select
        r.nct_id,
        r.content_hash,
        r.data_timestamp,
        -- Records are stored as their compact JSON text: an object starts with '{'. Anything else
        -- (a list, a string, null) is upstream junk the quarantine table reports.
        left(r.record::varchar, 1) = '{' as is_object,
        json_transform(r.record, '{
            "protocolSection": {
                "identificationModule": {
                    "briefTitle": "VARCHAR", "officialTitle": "VARCHAR", "acronym": "VARCHAR",
                    "orgStudyIdInfo": {"id": "VARCHAR"},
                    "organization": {"fullName": "VARCHAR", "class": "VARCHAR"}
                },
                "statusModule": {
                    "overallStatus": "VARCHAR", "lastKnownStatus": "VARCHAR", "whyStopped": "VARCHAR",
                    "studyFirstSubmitDate": "VARCHAR", "lastUpdateSubmitDate": "VARCHAR",
                    "startDateStruct": {"date": "VARCHAR", "type": "VARCHAR"},
                    "primaryCompletionDateStruct": {"date": "VARCHAR", "type": "VARCHAR"},
                    "completionDateStruct": {"date": "VARCHAR", "type": "VARCHAR"},
                    "studyFirstPostDateStruct": {"date": "VARCHAR", "type": "VARCHAR"},
                    "lastUpdatePostDateStruct": {"date": "VARCHAR", "type": "VARCHAR"},
                    "resultsFirstPostDateStruct": {"date": "VARCHAR", "type": "VARCHAR"},
                    "expandedAccessInfo": {"hasExpandedAccess": "BOOLEAN"}
                },
                "sponsorCollaboratorsModule": {
                    "leadSponsor": {"name": "VARCHAR", "class": "VARCHAR"},
                    "collaborators": [{"name": "VARCHAR", "class": "VARCHAR"}]
                },
                "oversightModule": {
                    "oversightHasDmc": "BOOLEAN",
                    "isFdaRegulatedDrug": "BOOLEAN",
                    "isFdaRegulatedDevice": "BOOLEAN"
                },
                "descriptionModule": {"briefSummary": "VARCHAR"},
                "conditionsModule": {"conditions": ["VARCHAR"], "keywords": ["VARCHAR"]},
                "designModule": {
                    "studyType": "VARCHAR",
                    "phases": ["VARCHAR"],
                    "targetDuration": "VARCHAR",
                    "enrollmentInfo": {"count": "BIGINT", "type": "VARCHAR"},
                    "designInfo": {
                        "allocation": "VARCHAR", "interventionModel": "VARCHAR",
                        "interventionModelDescription": "VARCHAR", "primaryPurpose": "VARCHAR",
                        "observationalModel": "VARCHAR", "timePerspective": "VARCHAR",
                        "maskingInfo": {
                            "masking": "VARCHAR", "maskingDescription": "VARCHAR",
                            "whoMasked": ["VARCHAR"]
                        }
                    }
                },
                "armsInterventionsModule": {
                    "armGroups": [{
                        "label": "VARCHAR", "type": "VARCHAR", "description": "VARCHAR",
                        "interventionNames": ["VARCHAR"]
                    }],
                    "interventions": [{
                        "type": "VARCHAR", "name": "VARCHAR", "description": "VARCHAR",
                        "armGroupLabels": ["VARCHAR"], "otherNames": ["VARCHAR"]
                    }]
                },
                "outcomesModule": {
                    "primaryOutcomes": [{"measure": "VARCHAR", "timeFrame": "VARCHAR", "description": "VARCHAR"}],
                    "secondaryOutcomes": [{"measure": "VARCHAR", "timeFrame": "VARCHAR", "description": "VARCHAR"}],
                    "otherOutcomes": [{"measure": "VARCHAR", "timeFrame": "VARCHAR", "description": "VARCHAR"}]
                },
                "eligibilityModule": {
                    "eligibilityCriteria": "VARCHAR", "healthyVolunteers": "BOOLEAN", "sex": "VARCHAR",
                    "genderBased": "BOOLEAN", "genderDescription": "VARCHAR",
                    "minimumAge": "VARCHAR", "maximumAge": "VARCHAR", "stdAges": ["VARCHAR"],
                    "studyPopulation": "VARCHAR", "samplingMethod": "VARCHAR"
                },
                "contactsLocationsModule": {"locations": [{
                    "facility": "VARCHAR", "status": "VARCHAR", "city": "VARCHAR", "state": "VARCHAR",
                    "zip": "VARCHAR", "country": "VARCHAR", "geoPoint": {"lat": "DOUBLE", "lon": "DOUBLE"}
                }], "centralContacts": [{
                    "name": "VARCHAR", "role": "VARCHAR", "phone": "VARCHAR", "phoneExt": "VARCHAR",
                    "email": "VARCHAR"
                }]}
            },
            "derivedSection": {
                "miscInfoModule": {"versionHolder": "VARCHAR"},
                "conditionBrowseModule": {
                    "meshes": [{"id": "VARCHAR", "term": "VARCHAR"}],
                    "ancestors": [{"id": "VARCHAR", "term": "VARCHAR"}]
                },
                "interventionBrowseModule": {
                    "meshes": [{"id": "VARCHAR", "term": "VARCHAR"}],
                    "ancestors": [{"id": "VARCHAR", "term": "VARCHAR"}]
                }
            },
            "hasResults": "BOOLEAN"
        }') as j
    from records as r
),

final as (
    select
        nct_id,
        content_hash,
        data_timestamp,
        is_object,
        j.protocolSection.identificationModule as identification,
        j.protocolSection.statusModule as status,
        j.protocolSection.sponsorCollaboratorsModule as sponsor_collaborators,
        j.protocolSection.oversightModule as oversight,
        j.protocolSection.descriptionModule.briefSummary as brief_summary,
        j.protocolSection.conditionsModule as conditions,
        j.protocolSection.designModule as design,
        j.protocolSection.armsInterventionsModule as arms_interventions,
        j.protocolSection.outcomesModule as outcomes,
        j.protocolSection.eligibilityModule as eligibility,
        j.protocolSection.contactsLocationsModule.locations as locations,
        j.protocolSection.contactsLocationsModule.centralContacts as central_contacts,
        j.derivedSection.miscInfoModule.versionHolder as version_holder,
        j.derivedSection.conditionBrowseModule as condition_browse,
        j.derivedSection.interventionBrowseModule as intervention_browse,
        j.hasResults as has_results
    from parsed
)

select * from final
