-- The protocol and derived fields AACT's study-level tables read (aact_studies, conditions,
-- keywords, design groups, interventions, designs, outcomes to measure, eligibility, ids,
-- browse terms, calculated values), parsed from each current record's JSON once: one
-- json_transform per record, one struct column per module. Of resultsSection only the few
-- values those tables need (the study's baseline and limitations texts, how many outcome
-- measures, the serious and other adverse events' affected counts).
--
-- AACT converts a value by its column's type after reading it (ActiveRecord), so values bound
-- for integer and boolean columns are read as text here and cast by aact_integer / aact_boolean,
-- which follow ActiveRecord's rules ('NA' is 0, 'no' is true); json_transform's own casts differ.
-- Missing modules and keys give nulls (json_transform is lenient); a module that is present gives
-- a struct, all of its fields null if it is empty, which is what decides AACT's one-row tables.
--
-- Every study with a usable NCT id (NCT and 8 digits), quarantined ones included: the ids of
-- these tables are made from it (aact_id). The two parts follow sql/tables/study_parsed.sql (its
-- header says why); an incremental rebuild sets study_parsed_parts to 1.
-- build: intermediate
create or replace table aact_parsed as
with current_studies as (
    select nct_id, content_hash
    from study_records
    where regexp_full_match(nct_id, 'NCT[0-9]{8}')
),

records as (
    -- A semi join hashes the small key table; an inner join may hash the records instead.
    select r.nct_id, r.record
    from raw_studies as r
    semi join (
        from current_studies
        where hash(nct_id) % coalesce(getvariable('study_parsed_parts'), 2) = 0
    ) as s
        on s.nct_id = r.nct_id and s.content_hash = r.content_hash
    union all
    select r.nct_id, r.record
    from raw_studies as r
    semi join (
        from current_studies
        where hash(nct_id) % coalesce(getvariable('study_parsed_parts'), 2) = 1
    ) as s
        on s.nct_id = r.nct_id and s.content_hash = r.content_hash
),

parsed as (
    select
        r.nct_id,
        json_transform(r.record, '{
            "protocolSection": {
                "identificationModule": {
                    "nctIdAliases": ["VARCHAR"],
                    "orgStudyIdInfo": {
                        "id": "VARCHAR", "type": "VARCHAR", "domain": "VARCHAR", "link": "VARCHAR"
                    },
                    "secondaryIdInfos": [{
                        "id": "VARCHAR", "type": "VARCHAR", "domain": "VARCHAR", "link": "VARCHAR"
                    }],
                    "briefTitle": "VARCHAR", "officialTitle": "VARCHAR", "acronym": "VARCHAR",
                    "organization": {"fullName": "VARCHAR", "class": "VARCHAR"}
                },
                "statusModule": {
                    "statusVerifiedDate": "VARCHAR", "overallStatus": "VARCHAR",
                    "lastKnownStatus": "VARCHAR", "delayedPosting": "VARCHAR",
                    "whyStopped": "VARCHAR",
                    "expandedAccessInfo": {
                        "hasExpandedAccess": "VARCHAR", "nctId": "VARCHAR",
                        "statusForNctId": "VARCHAR"
                    },
                    "startDateStruct": {"date": "VARCHAR", "type": "VARCHAR"},
                    "primaryCompletionDateStruct": {"date": "VARCHAR", "type": "VARCHAR"},
                    "completionDateStruct": {"date": "VARCHAR", "type": "VARCHAR"},
                    "studyFirstSubmitDate": "VARCHAR", "studyFirstSubmitQcDate": "VARCHAR",
                    "studyFirstPostDateStruct": {"date": "VARCHAR", "type": "VARCHAR"},
                    "resultsFirstSubmitDate": "VARCHAR", "resultsFirstSubmitQcDate": "VARCHAR",
                    "resultsFirstPostDateStruct": {"date": "VARCHAR", "type": "VARCHAR"},
                    "dispFirstSubmitDate": "VARCHAR", "dispFirstSubmitQcDate": "VARCHAR",
                    "dispFirstPostDateStruct": {"date": "VARCHAR", "type": "VARCHAR"},
                    "lastUpdateSubmitDate": "VARCHAR",
                    "lastUpdatePostDateStruct": {"date": "VARCHAR", "type": "VARCHAR"}
                },
                "oversightModule": {
                    "oversightHasDmc": "VARCHAR", "isFdaRegulatedDrug": "VARCHAR",
                    "isFdaRegulatedDevice": "VARCHAR", "isUnapprovedDevice": "VARCHAR",
                    "isPpsd": "VARCHAR", "isUsExport": "VARCHAR", "fdaaa801Violation": "VARCHAR"
                },
                "descriptionModule": {"briefSummary": "VARCHAR", "detailedDescription": "VARCHAR"},
                "conditionsModule": {"conditions": ["VARCHAR"], "keywords": ["VARCHAR"]},
                "designModule": {
                    "studyType": "VARCHAR",
                    "patientRegistry": "VARCHAR",
                    "phases": ["VARCHAR"],
                    "targetDuration": "VARCHAR",
                    "enrollmentInfo": {"count": "VARCHAR", "type": "VARCHAR"},
                    "expandedAccessTypes": {
                        "individual": "VARCHAR", "intermediate": "VARCHAR", "treatment": "VARCHAR"
                    },
                    "bioSpec": {"retention": "VARCHAR", "description": "VARCHAR"},
                    "designInfo": {
                        "allocation": "VARCHAR", "observationalModel": "VARCHAR",
                        "interventionModel": "VARCHAR", "interventionModelDescription": "VARCHAR",
                        "primaryPurpose": "VARCHAR", "timePerspective": "VARCHAR",
                        "maskingInfo": {
                            "masking": "VARCHAR", "maskingDescription": "VARCHAR",
                            "whoMasked": ["VARCHAR"]
                        }
                    }
                },
                "ipdSharingStatementModule": {
                    "ipdSharing": "VARCHAR", "description": "VARCHAR", "timeFrame": "VARCHAR",
                    "accessCriteria": "VARCHAR", "url": "VARCHAR"
                },
                "armsInterventionsModule": {
                    "armGroups": [{"label": "VARCHAR", "type": "VARCHAR", "description": "VARCHAR"}],
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
                    "samplingMethod": "VARCHAR", "studyPopulation": "VARCHAR",
                    "maximumAge": "VARCHAR", "minimumAge": "VARCHAR", "sex": "VARCHAR",
                    "genderBased": "VARCHAR", "genderDescription": "VARCHAR",
                    "healthyVolunteers": "VARCHAR", "eligibilityCriteria": "VARCHAR",
                    "stdAges": ["VARCHAR"]
                },
                "contactsLocationsModule": {"locations": [{"country": "VARCHAR"}]}
            },
            "derivedSection": {
                "conditionBrowseModule": {
                    "meshes": [{"term": "VARCHAR"}], "ancestors": [{"term": "VARCHAR"}]
                },
                "interventionBrowseModule": {
                    "meshes": [{"term": "VARCHAR"}], "ancestors": [{"term": "VARCHAR"}]
                }
            },
            "resultsSection": {
                "baselineCharacteristicsModule": {
                    "populationDescription": "VARCHAR", "typeUnitsAnalyzed": "VARCHAR"
                },
                "moreInfoModule": {"limitationsAndCaveats": {"description": "VARCHAR"}},
                "outcomeMeasuresModule": {"outcomeMeasures": [{"type": "VARCHAR"}]},
                "adverseEventsModule": {
                    "seriousEvents": [{"stats": [{"numAffected": "VARCHAR"}]}],
                    "otherEvents": [{"stats": [{"numAffected": "VARCHAR"}]}]
                }
            }
        }') as j
    from records as r
),

final as (
    select
        nct_id,
        j.protocolSection.identificationModule as identification,
        j.protocolSection.statusModule as status,
        j.protocolSection.oversightModule as oversight,
        j.protocolSection.descriptionModule as description,
        j.protocolSection.conditionsModule as conditions,
        j.protocolSection.designModule as design,
        j.protocolSection.ipdSharingStatementModule as ipd_sharing,
        j.protocolSection.armsInterventionsModule as arms_interventions,
        j.protocolSection.outcomesModule as outcomes,
        j.protocolSection.eligibilityModule as eligibility,
        [l.country for l in j.protocolSection.contactsLocationsModule.locations] as location_countries,
        j.derivedSection.conditionBrowseModule as condition_browse,
        j.derivedSection.interventionBrowseModule as intervention_browse,
        j.resultsSection.baselineCharacteristicsModule as baseline,
        j.resultsSection.moreInfoModule.limitationsAndCaveats.description as limitations_and_caveats,
        len(j.resultsSection.outcomeMeasuresModule.outcomeMeasures) as outcome_measures,
        -- One AACT reported_events row per stats entry of every event (its flatten); an event
        -- without stats gives none.
        flatten([
            [s.numAffected for s in e.stats]
            for e in j.resultsSection.adverseEventsModule.seriousEvents
        ]) as serious_affected,
        flatten([
            [s.numAffected for s in e.stats]
            for e in j.resultsSection.adverseEventsModule.otherEvents
        ]) as other_affected
    from parsed
)

select * from final
