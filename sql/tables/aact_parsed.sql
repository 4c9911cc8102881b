-- Each current record's JSON parsed once for every AACT table: one json_transform per record
-- with every field AACT's tables read, one column per module or list they unnest. Reading and
-- parsing a record is most of what a parse costs, whatever the fields asked, so the study-level
-- tables (studies, conditions, keywords, design groups, interventions, designs, outcomes to
-- measure, eligibility, ids, browse terms, calculated values), the site, contact, sponsor,
-- reference and document tables, and the results tables share this one parse instead of three
-- (at 20,000 studies 4.5 s instead of 7.6 s). `results` is resultsSection, which
-- aact_results_parsed keeps for the few records that have one.
--
-- AACT converts a value by its column's type after reading it (ActiveRecord), so values bound
-- for integer, numeric and boolean columns are read as text here and cast by the aact_*, ar_*
-- and ruby_* macros, which follow ActiveRecord's and Ruby's rules ('NA' is 0, 'no' is true);
-- json_transform's own casts differ. Missing modules and keys give nulls (json_transform is
-- lenient); a module that is present gives a struct, all of its fields null if it is empty,
-- which is what decides AACT's one-row tables (responsible_parties, the lead sponsor), as AACT's
-- loader makes one row from `{}`.
--
-- Every study with a usable NCT id (NCT and 8 digits), quarantined ones included: the ids of
-- these tables are made from it (aact_id). The two parts follow sql/tables/study_parsed.sql (its
-- header says why); an incremental rebuild sets study_parsed_parts to 1.
-- build: intermediate
create or replace table aact_parsed as
with current_studies as (
    select nct_id, content_hash
    from current_records
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
                        "hasExpandedAccess": "VARCHAR",
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
                    "oversightHasDmc": "VARCHAR",
                    "isFdaRegulatedDrug": "VARCHAR",
                    "isFdaRegulatedDevice": "VARCHAR",
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
                        "count": "VARCHAR",
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
                            "description": "VARCHAR"
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
                    "genderBased": "VARCHAR",
                    "genderDescription": "VARCHAR",
                    "healthyVolunteers": "VARCHAR",
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
                            "term": "VARCHAR"
                        }
                    ],
                    "ancestors": [
                        {
                            "term": "VARCHAR"
                        }
                    ]
                },
                "interventionBrowseModule": {
                    "meshes": [
                        {
                            "term": "VARCHAR"
                        }
                    ],
                    "ancestors": [
                        {
                            "term": "VARCHAR"
                        }
                    ]
                },
                "miscInfoModule": {
                    "removedCountries": [
                        "VARCHAR"
                    ]
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
        ]) as other_affected,
        j.protocolSection.contactsLocationsModule.locations as locations,
        j.protocolSection.contactsLocationsModule.centralContacts as central_contacts,
        j.protocolSection.contactsLocationsModule.overallOfficials as overall_officials,
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
        -- The results tables' module (aact_results_parsed keeps the records that have one).
        j.resultsSection as results
    from parsed
)

select * from final
