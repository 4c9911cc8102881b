-- Each current record's JSON parsed once for every table that reads fields of it: the project's
-- own tables (study_overview, study_conditions, the sites, the ranking's texts) and every AACT
-- table. One json_transform per record, one column per module or list the tables unnest.
-- Reading and parsing a record is most of what a parse costs, whatever the fields asked: two
-- parses of the same records (this file and an AACT-only one) were 6.2 s and 9.5 s of a 35.7 s
-- rebuild at 100,000 studies; one parse of both shapes costs about what the larger did.
-- `results` is resultsSection, which aact_results_parsed keeps for the few records with one.
--
-- Each side converts values its own way, so the fields the two read as different types are read
-- as JSON and converted by the reader: json_transform(value, '"BOOLEAN"') (macro json_boolean)
-- gives exactly what a BOOLEAN field of the transform gave (the project's tables), the text
-- (json_text) what a VARCHAR field gave (AACT's, cast by the aact_*, ar_* and ruby_* macros as
-- ActiveRecord and Ruby cast: 'NA' is 0, 'no' is true; json_transform's own casts differ).
-- Missing modules and keys give nulls (json_transform is lenient: absent keys and wrong types
-- become null); a module that is present gives a struct, all of its fields null if it is empty,
-- which is what decides AACT's one-row tables (responsible_parties, the lead sponsor), as AACT's
-- loader makes one row from `{}`.
--
-- Every current record, quarantined ones and those without a usable NCT id included (the
-- quarantine reports them). AACT's tables read the records with a usable id only
-- (`where usable_id`: NCT and 8 digits), since their ids are made from it (aact_id).
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
                    "nctIdAliases": [
                        "VARCHAR"
                    ],
                    "orgStudyIdInfo": {
                        "id": "VARCHAR",
                        "type": "VARCHAR",
                        "domain": "VARCHAR",
                        "link": "VARCHAR"
                    },
                    "secondaryIdInfos": [
                        {
                            "id": "VARCHAR",
                            "type": "VARCHAR",
                            "domain": "VARCHAR",
                            "link": "VARCHAR"
                        }
                    ],
                    "briefTitle": "VARCHAR",
                    "officialTitle": "VARCHAR",
                    "acronym": "VARCHAR",
                    "organization": {
                        "fullName": "VARCHAR",
                        "class": "VARCHAR"
                    }
                },
                "statusModule": {
                    "statusVerifiedDate": "VARCHAR",
                    "overallStatus": "VARCHAR",
                    "lastKnownStatus": "VARCHAR",
                    "delayedPosting": "VARCHAR",
                    "whyStopped": "VARCHAR",
                    "expandedAccessInfo": {
                        "hasExpandedAccess": "JSON",
                        "nctId": "VARCHAR",
                        "statusForNctId": "VARCHAR"
                    },
                    "startDateStruct": {
                        "date": "VARCHAR",
                        "type": "VARCHAR"
                    },
                    "primaryCompletionDateStruct": {
                        "date": "VARCHAR",
                        "type": "VARCHAR"
                    },
                    "completionDateStruct": {
                        "date": "VARCHAR",
                        "type": "VARCHAR"
                    },
                    "studyFirstSubmitDate": "VARCHAR",
                    "studyFirstSubmitQcDate": "VARCHAR",
                    "studyFirstPostDateStruct": {
                        "date": "VARCHAR",
                        "type": "VARCHAR"
                    },
                    "resultsFirstSubmitDate": "VARCHAR",
                    "resultsFirstSubmitQcDate": "VARCHAR",
                    "resultsFirstPostDateStruct": {
                        "date": "VARCHAR",
                        "type": "VARCHAR"
                    },
                    "dispFirstSubmitDate": "VARCHAR",
                    "dispFirstSubmitQcDate": "VARCHAR",
                    "dispFirstPostDateStruct": {
                        "date": "VARCHAR",
                        "type": "VARCHAR"
                    },
                    "lastUpdateSubmitDate": "VARCHAR",
                    "lastUpdatePostDateStruct": {
                        "date": "VARCHAR",
                        "type": "VARCHAR"
                    }
                },
                "oversightModule": {
                    "oversightHasDmc": "JSON",
                    "isFdaRegulatedDrug": "JSON",
                    "isFdaRegulatedDevice": "JSON",
                    "isUnapprovedDevice": "VARCHAR",
                    "isPpsd": "VARCHAR",
                    "isUsExport": "VARCHAR",
                    "fdaaa801Violation": "VARCHAR"
                },
                "descriptionModule": {
                    "briefSummary": "VARCHAR",
                    "detailedDescription": "VARCHAR"
                },
                "conditionsModule": {
                    "conditions": [
                        "VARCHAR"
                    ],
                    "keywords": [
                        "VARCHAR"
                    ]
                },
                "designModule": {
                    "studyType": "VARCHAR",
                    "patientRegistry": "VARCHAR",
                    "phases": [
                        "VARCHAR"
                    ],
                    "targetDuration": "VARCHAR",
                    "enrollmentInfo": {
                        "count": "JSON",
                        "type": "VARCHAR"
                    },
                    "expandedAccessTypes": {
                        "individual": "VARCHAR",
                        "intermediate": "VARCHAR",
                        "treatment": "VARCHAR"
                    },
                    "bioSpec": {
                        "retention": "VARCHAR",
                        "description": "VARCHAR"
                    },
                    "designInfo": {
                        "allocation": "VARCHAR",
                        "observationalModel": "VARCHAR",
                        "interventionModel": "VARCHAR",
                        "interventionModelDescription": "VARCHAR",
                        "primaryPurpose": "VARCHAR",
                        "timePerspective": "VARCHAR",
                        "maskingInfo": {
                            "masking": "VARCHAR",
                            "maskingDescription": "VARCHAR",
                            "whoMasked": [
                                "VARCHAR"
                            ]
                        }
                    }
                },
                "ipdSharingStatementModule": {
                    "ipdSharing": "VARCHAR",
                    "description": "VARCHAR",
                    "timeFrame": "VARCHAR",
                    "accessCriteria": "VARCHAR",
                    "url": "VARCHAR",
                    "infoTypes": [
                        "VARCHAR"
                    ]
                },
                "armsInterventionsModule": {
                    "armGroups": [
                        {
                            "label": "VARCHAR",
                            "type": "VARCHAR",
                            "description": "VARCHAR",
                            "interventionNames": [
                                "VARCHAR"
                            ]
                        }
                    ],
                    "interventions": [
                        {
                            "type": "VARCHAR",
                            "name": "VARCHAR",
                            "description": "VARCHAR",
                            "armGroupLabels": [
                                "VARCHAR"
                            ],
                            "otherNames": [
                                "VARCHAR"
                            ]
                        }
                    ]
                },
                "outcomesModule": {
                    "primaryOutcomes": [
                        {
                            "measure": "VARCHAR",
                            "timeFrame": "VARCHAR",
                            "description": "VARCHAR"
                        }
                    ],
                    "secondaryOutcomes": [
                        {
                            "measure": "VARCHAR",
                            "timeFrame": "VARCHAR",
                            "description": "VARCHAR"
                        }
                    ],
                    "otherOutcomes": [
                        {
                            "measure": "VARCHAR",
                            "timeFrame": "VARCHAR",
                            "description": "VARCHAR"
                        }
                    ]
                },
                "eligibilityModule": {
                    "samplingMethod": "VARCHAR",
                    "studyPopulation": "VARCHAR",
                    "maximumAge": "VARCHAR",
                    "minimumAge": "VARCHAR",
                    "sex": "VARCHAR",
                    "genderBased": "JSON",
                    "genderDescription": "VARCHAR",
                    "healthyVolunteers": "JSON",
                    "eligibilityCriteria": "VARCHAR",
                    "stdAges": [
                        "VARCHAR"
                    ]
                },
                "contactsLocationsModule": {
                    "locations": [
                        {
                            "country": "VARCHAR",
                            "facility": "VARCHAR",
                            "status": "VARCHAR",
                            "city": "VARCHAR",
                            "state": "VARCHAR",
                            "zip": "VARCHAR",
                            "geoPoint": {
                                "lat": "DOUBLE",
                                "lon": "DOUBLE"
                            },
                            "contacts": [
                                {
                                    "name": "VARCHAR",
                                    "role": "VARCHAR",
                                    "phone": "VARCHAR",
                                    "phoneExt": "VARCHAR",
                                    "email": "VARCHAR"
                                }
                            ]
                        }
                    ],
                    "centralContacts": [
                        {
                            "name": "VARCHAR",
                            "role": "VARCHAR",
                            "phone": "VARCHAR",
                            "phoneExt": "VARCHAR",
                            "email": "VARCHAR"
                        }
                    ],
                    "overallOfficials": [
                        {
                            "name": "VARCHAR",
                            "affiliation": "VARCHAR",
                            "role": "VARCHAR"
                        }
                    ]
                },
                "sponsorCollaboratorsModule": {
                    "leadSponsor": {
                        "name": "VARCHAR",
                        "class": "VARCHAR"
                    },
                    "collaborators": [
                        {
                            "name": "VARCHAR",
                            "class": "VARCHAR"
                        }
                    ],
                    "responsibleParty": {
                        "type": "VARCHAR",
                        "investigatorFullName": "VARCHAR",
                        "investigatorTitle": "VARCHAR",
                        "investigatorAffiliation": "VARCHAR",
                        "oldNameTitle": "VARCHAR",
                        "oldOrganization": "VARCHAR"
                    }
                },
                "referencesModule": {
                    "references": [
                        {
                            "pmid": "VARCHAR",
                            "type": "VARCHAR",
                            "citation": "VARCHAR",
                            "retractions": [
                                {
                                    "pmid": "VARCHAR",
                                    "source": "VARCHAR"
                                }
                            ]
                        }
                    ],
                    "seeAlsoLinks": [
                        {
                            "label": "VARCHAR",
                            "url": "VARCHAR"
                        }
                    ],
                    "availIpds": [
                        {
                            "id": "VARCHAR",
                            "type": "VARCHAR",
                            "url": "VARCHAR",
                            "comment": "VARCHAR"
                        }
                    ]
                }
            },
            "derivedSection": {
                "conditionBrowseModule": {
                    "meshes": [
                        {
                            "id": "VARCHAR",
                            "term": "VARCHAR"
                        }
                    ],
                    "ancestors": [
                        {
                            "id": "VARCHAR",
                            "term": "VARCHAR"
                        }
                    ]
                },
                "interventionBrowseModule": {
                    "meshes": [
                        {
                            "id": "VARCHAR",
                            "term": "VARCHAR"
                        }
                    ],
                    "ancestors": [
                        {
                            "id": "VARCHAR",
                            "term": "VARCHAR"
                        }
                    ]
                },
                "miscInfoModule": {
                    "removedCountries": [
                        "VARCHAR"
                    ],
                    "versionHolder": "VARCHAR"
                }
            },
            "resultsSection": {
                "baselineCharacteristicsModule": {
                    "populationDescription": "VARCHAR",
                    "typeUnitsAnalyzed": "VARCHAR",
                    "groups": [
                        {
                            "id": "VARCHAR",
                            "title": "VARCHAR",
                            "description": "VARCHAR"
                        }
                    ],
                    "denoms": [
                        {
                            "units": "VARCHAR",
                            "counts": [
                                {
                                    "groupId": "VARCHAR",
                                    "value": "VARCHAR"
                                }
                            ]
                        }
                    ],
                    "measures": [
                        {
                            "title": "VARCHAR",
                            "description": "VARCHAR",
                            "populationDescription": "VARCHAR",
                            "paramType": "VARCHAR",
                            "dispersionType": "VARCHAR",
                            "unitOfMeasure": "VARCHAR",
                            "calculatePct": "JSON",
                            "denomUnitsSelected": "VARCHAR",
                            "denoms": [
                                {
                                    "units": "VARCHAR",
                                    "counts": [
                                        {
                                            "groupId": "VARCHAR",
                                            "value": "VARCHAR"
                                        }
                                    ]
                                }
                            ],
                            "classes": [
                                {
                                    "title": "VARCHAR",
                                    "denoms": [
                                        {
                                            "units": "VARCHAR",
                                            "counts": [
                                                {
                                                    "groupId": "VARCHAR",
                                                    "value": "VARCHAR"
                                                }
                                            ]
                                        }
                                    ],
                                    "categories": [
                                        {
                                            "title": "VARCHAR",
                                            "measurements": [
                                                {
                                                    "groupId": "VARCHAR",
                                                    "value": "VARCHAR",
                                                    "spread": "VARCHAR",
                                                    "lowerLimit": "VARCHAR",
                                                    "upperLimit": "VARCHAR",
                                                    "comment": "VARCHAR"
                                                }
                                            ]
                                        }
                                    ]
                                }
                            ]
                        }
                    ]
                },
                "moreInfoModule": {
                    "limitationsAndCaveats": {
                        "description": "VARCHAR"
                    },
                    "certainAgreement": {
                        "piSponsorEmployee": "VARCHAR",
                        "restrictionType": "VARCHAR",
                        "restrictiveAgreement": "VARCHAR",
                        "otherDetails": "VARCHAR"
                    },
                    "pointOfContact": {
                        "title": "VARCHAR",
                        "organization": "VARCHAR",
                        "email": "VARCHAR",
                        "phone": "VARCHAR",
                        "phoneExt": "VARCHAR"
                    }
                },
                "outcomeMeasuresModule": {
                    "outcomeMeasures": [
                        {
                            "type": "VARCHAR",
                            "title": "VARCHAR",
                            "description": "VARCHAR",
                            "populationDescription": "VARCHAR",
                            "anticipatedPostingDate": "VARCHAR",
                            "paramType": "VARCHAR",
                            "dispersionType": "VARCHAR",
                            "unitOfMeasure": "VARCHAR",
                            "timeFrame": "VARCHAR",
                            "typeUnitsAnalyzed": "VARCHAR",
                            "groups": [
                                {
                                    "id": "VARCHAR",
                                    "title": "VARCHAR",
                                    "description": "VARCHAR"
                                }
                            ],
                            "denoms": [
                                {
                                    "units": "VARCHAR",
                                    "counts": [
                                        {
                                            "groupId": "VARCHAR",
                                            "value": "VARCHAR"
                                        }
                                    ]
                                }
                            ],
                            "classes": [
                                {
                                    "title": "VARCHAR",
                                    "categories": [
                                        {
                                            "title": "VARCHAR",
                                            "measurements": [
                                                {
                                                    "groupId": "VARCHAR",
                                                    "value": "VARCHAR",
                                                    "spread": "VARCHAR",
                                                    "lowerLimit": "VARCHAR",
                                                    "upperLimit": "VARCHAR",
                                                    "comment": "VARCHAR"
                                                }
                                            ]
                                        }
                                    ]
                                }
                            ],
                            "analyses": [
                                {
                                    "paramType": "VARCHAR",
                                    "paramValue": "VARCHAR",
                                    "dispersionType": "VARCHAR",
                                    "dispersionValue": "VARCHAR",
                                    "statisticalMethod": "VARCHAR",
                                    "statisticalComment": "VARCHAR",
                                    "pValue": "VARCHAR",
                                    "pValueComment": "VARCHAR",
                                    "ciNumSides": "VARCHAR",
                                    "ciPctValue": "VARCHAR",
                                    "ciLowerLimit": "VARCHAR",
                                    "ciUpperLimit": "VARCHAR",
                                    "ciUpperLimitComment": "VARCHAR",
                                    "estimateComment": "VARCHAR",
                                    "nonInferiorityType": "VARCHAR",
                                    "nonInferiorityComment": "VARCHAR",
                                    "otherAnalysisDescription": "VARCHAR",
                                    "groupDescription": "VARCHAR",
                                    "groupIds": [
                                        "VARCHAR"
                                    ]
                                }
                            ]
                        }
                    ]
                },
                "adverseEventsModule": {
                    "seriousEvents": [
                        {
                            "stats": [
                                {
                                    "numAffected": "VARCHAR",
                                    "groupId": "VARCHAR",
                                    "numEvents": "VARCHAR",
                                    "numAtRisk": "VARCHAR"
                                }
                            ],
                            "term": "VARCHAR",
                            "organSystem": "VARCHAR",
                            "sourceVocabulary": "VARCHAR",
                            "assessmentType": "VARCHAR"
                        }
                    ],
                    "otherEvents": [
                        {
                            "stats": [
                                {
                                    "numAffected": "VARCHAR",
                                    "groupId": "VARCHAR",
                                    "numEvents": "VARCHAR",
                                    "numAtRisk": "VARCHAR"
                                }
                            ],
                            "term": "VARCHAR",
                            "organSystem": "VARCHAR",
                            "sourceVocabulary": "VARCHAR",
                            "assessmentType": "VARCHAR"
                        }
                    ],
                    "frequencyThreshold": "VARCHAR",
                    "timeFrame": "VARCHAR",
                    "description": "VARCHAR",
                    "eventGroups": [
                        {
                            "id": "VARCHAR",
                            "title": "VARCHAR",
                            "description": "VARCHAR",
                            "deathsNumAffected": "VARCHAR",
                            "deathsNumAtRisk": "VARCHAR",
                            "seriousNumAffected": "VARCHAR",
                            "seriousNumAtRisk": "VARCHAR",
                            "otherNumAffected": "VARCHAR",
                            "otherNumAtRisk": "VARCHAR"
                        }
                    ]
                },
                "participantFlowModule": {
                    "preAssignmentDetails": "VARCHAR",
                    "recruitmentDetails": "VARCHAR",
                    "typeUnitsAnalyzed": "VARCHAR",
                    "groups": [
                        {
                            "id": "VARCHAR",
                            "title": "VARCHAR",
                            "description": "VARCHAR"
                        }
                    ],
                    "periods": [
                        {
                            "title": "VARCHAR",
                            "milestones": [
                                {
                                    "type": "VARCHAR",
                                    "comment": "VARCHAR",
                                    "achievements": [
                                        {
                                            "groupId": "VARCHAR",
                                            "description": "VARCHAR",
                                            "numSubjects": "VARCHAR",
                                            "numUnits": "VARCHAR"
                                        }
                                    ]
                                }
                            ],
                            "dropWithdraws": [
                                {
                                    "type": "VARCHAR",
                                    "comment": "VARCHAR",
                                    "reasons": [
                                        {
                                            "groupId": "VARCHAR",
                                            "comment": "VARCHAR",
                                            "numSubjects": "VARCHAR",
                                            "numUnits": "VARCHAR"
                                        }
                                    ]
                                }
                            ]
                        }
                    ]
                }
            },
            "documentSection": {
                "largeDocumentModule": {
                    "largeDocs": [
                        {
                            "label": "VARCHAR",
                            "hasProtocol": "VARCHAR",
                            "hasIcf": "VARCHAR",
                            "hasSap": "VARCHAR",
                            "date": "VARCHAR",
                            "filename": "VARCHAR"
                        }
                    ]
                }
            },
            "annotationSection": {
                "annotationModule": {
                    "unpostedAnnotation": {
                        "unpostedEvents": [
                            {
                                "type": "VARCHAR",
                                "date": "VARCHAR"
                            }
                        ]
                    }
                }
            },
            "hasResults": "BOOLEAN"
        }') as j
    from records as r
),

final as (
    select
        nct_id,
        regexp_full_match(nct_id, 'NCT[0-9]{8}') as usable_id,
        content_hash,
        data_timestamp,
        is_object,
        j.protocolSection.identificationModule as identification,
        j.protocolSection.statusModule as status,
        j.protocolSection.oversightModule as oversight,
        j.protocolSection.descriptionModule as description,
        j.protocolSection.descriptionModule.briefSummary as brief_summary,
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
        ]) as other_affected,
        j.protocolSection.contactsLocationsModule.locations as locations,
        j.protocolSection.contactsLocationsModule.centralContacts as central_contacts,
        j.protocolSection.contactsLocationsModule.overallOfficials as overall_officials,
        j.protocolSection.sponsorCollaboratorsModule as sponsor_collaborators,
        j.protocolSection.sponsorCollaboratorsModule.leadSponsor as lead_sponsor,
        j.protocolSection.sponsorCollaboratorsModule.collaborators as collaborators,
        j.protocolSection.sponsorCollaboratorsModule.responsibleParty as responsible_party,
        j.protocolSection.referencesModule.references as reference_entries,
        j.protocolSection.referencesModule.seeAlsoLinks as see_also_links,
        j.protocolSection.referencesModule.availIpds as avail_ipds,
        j.protocolSection.ipdSharingStatementModule.infoTypes as info_types,
        j.documentSection.largeDocumentModule.largeDocs as large_docs,
        j.annotationSection.annotationModule.unpostedAnnotation.unpostedEvents as unposted_events,
        j.derivedSection.miscInfoModule.removedCountries as removed_countries,
        j.derivedSection.miscInfoModule.versionHolder as version_holder,
        j.hasResults as has_results,
        -- The results tables' module (aact_results_parsed keeps the records that have one).
        j.resultsSection as results
    from parsed
)

select * from final
